using LinqToDB.Mapping;

namespace PostalCrm.Plugins.Contracts.Data;

/// <summary>合同 has a typed number and may carry the signed file; 协议 has a system serial and no file (manual §5.1.2).</summary>
public enum ContractKind
{
    Contract = 1,
    Agreement = 2,
}

/// <summary>The four 结算方式 of manual §5.1.1.</summary>
public enum SettlementType
{
    /// <summary>指定日期结算型: payment date + discount.</summary>
    FixedDate = 1,
    /// <summary>定期结算型: first payment date and period + discount.</summary>
    Periodic = 2,
    /// <summary>指定日期分期付款型: a list of (date, amount).</summary>
    Instalments = 3,
    /// <summary>一次付款型: payment date + amount (stored as one instalment too).</summary>
    OneOff = 4,
}

/// <summary>
/// A contract or agreement (F-5.1, F-5.2). Money is integer fen (分), exact on every database. <see cref="TotalFen"/> is the
/// schedule's sum and <see cref="PaidFen"/> the sum of its payments (kept in the payment's transaction), so the arrears rule
/// is a comparison the database evaluates with an index.
/// </summary>
[Table("contracts_contracts")]
public sealed class Contract
{
    [Column("id"), PrimaryKey, Identity] public int Id { get; set; }
    [Column("kind"), NotNull] public ContractKind Kind { get; set; }
    [Column("number", Length = 40), NotNull] public string Number { get; set; } = "";
    [Column("customer_id"), NotNull] public int CustomerId { get; set; }
    /// <summary>The unit of the user who added it: scope is this unit and the units above it.</summary>
    [Column("org_unit_id"), NotNull] public int OrgUnitId { get; set; }
    [Column("effective_date"), NotNull] public DateOnly EffectiveDate { get; set; }
    [Column("expiry_date"), NotNull] public DateOnly ExpiryDate { get; set; }
    [Column("settlement_type"), NotNull] public SettlementType SettlementType { get; set; }
    /// <summary>付款时间 (fixed-date, one-off) or the first payment date (periodic).</summary>
    [Column("payment_date"), Nullable] public DateOnly? PaymentDate { get; set; }
    /// <summary>定期结算型: months between payments (1, 3, 6, 12).</summary>
    [Column("period_months"), Nullable] public int? PeriodMonths { get; set; }
    /// <summary>优惠折扣 0–100 (75 = 七五折), for the two settlement types.</summary>
    [Column("discount"), Nullable] public int? Discount { get; set; }
    [Column("total_fen"), NotNull] public long TotalFen { get; set; }
    [Column("paid_fen"), NotNull] public long PaidFen { get; set; }
    /// <summary>
    /// The due date of the first schedule line not covered by <see cref="PaidFen"/> (null: no schedule, or all paid). It moves
    /// only with a payment or a new schedule, never with the calendar, so "in arrears today" is <c>UnpaidSince &lt;= today</c>,
    /// which an index on (unit, unpaid_since) answers without reading any schedule. Kept by <see cref="Common.UnpaidSince"/>.
    /// </summary>
    [Column("unpaid_since"), Nullable] public DateOnly? UnpaidSince { get; set; }
    [Column("file_id"), Nullable] public int? FileId { get; set; }
    [Column("remarks", Length = 500), Nullable] public string? Remarks { get; set; }
    [Column("created_by"), NotNull] public int CreatedBy { get; set; }
    [Column("created_at"), NotNull] public DateTime CreatedAt { get; set; }
    [Column("updated_at"), Nullable] public DateTime? UpdatedAt { get; set; }

    public bool HasSchedule => SettlementType is SettlementType.Instalments or SettlementType.OneOff;
}

/// <summary>
/// One amount due (分期付款 line, or the single one-off payment). <see cref="CumulativeFen"/> is the schedule's running total up to
/// and including this line, in due-date order: the line is unpaid while the contract's paid amount is below it.
/// </summary>
[Table("contracts_instalments")]
public sealed class Instalment
{
    [Column("id"), PrimaryKey, Identity] public int Id { get; set; }
    [Column("contract_id"), NotNull] public int ContractId { get; set; }
    [Column("seq"), NotNull] public int Seq { get; set; }
    [Column("due_date"), NotNull] public DateOnly DueDate { get; set; }
    [Column("amount_fen"), NotNull] public long AmountFen { get; set; }
    [Column("cumulative_fen"), NotNull] public long CumulativeFen { get; set; }
}

/// <summary>缴费: one payment received.</summary>
[Table("contracts_payments")]
public sealed class Payment
{
    [Column("id"), PrimaryKey, Identity] public int Id { get; set; }
    [Column("contract_id"), NotNull] public int ContractId { get; set; }
    [Column("paid_on"), NotNull] public DateOnly PaidOn { get; set; }
    [Column("amount_fen"), NotNull] public long AmountFen { get; set; }
    [Column("method", Length = 20), NotNull] public string Method { get; set; } = "";
    [Column("receipt_no", Length = 50), Nullable] public string? ReceiptNo { get; set; }
    [Column("recorded_by"), NotNull] public int RecordedBy { get; set; }
    [Column("recorded_at"), NotNull] public DateTime RecordedAt { get; set; }
}

/// <summary>催缴: one dunning notice.</summary>
[Table("contracts_dunnings")]
public sealed class Dunning
{
    [Column("id"), PrimaryKey, Identity] public int Id { get; set; }
    [Column("contract_id"), NotNull] public int ContractId { get; set; }
    [Column("dunned_on"), NotNull] public DateOnly DunnedOn { get; set; }
    [Column("method", Length = 20), NotNull] public string Method { get; set; } = "";
    [Column("content", Length = 500), NotNull] public string Content { get; set; } = "";
    /// <summary>催缴人 as typed (defaults to the recording user).</summary>
    [Column("dunned_by", Length = 50), NotNull] public string DunnedBy { get; set; } = "";
    [Column("recorded_by"), NotNull] public int RecordedBy { get; set; }
    [Column("recorded_at"), NotNull] public DateTime RecordedAt { get; set; }
}

/// <summary>Named counters (the agreement serial): taken with a conditional UPDATE as the first statement of the transaction.</summary>
[Table("contracts_counters")]
public sealed class Counter
{
    [Column("name", Length = 30), PrimaryKey] public string Name { get; set; } = "";
    [Column("next_value"), NotNull] public long NextValue { get; set; }
}
