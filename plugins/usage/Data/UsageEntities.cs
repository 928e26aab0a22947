using LinqToDB.Mapping;

namespace PostalCrm.Plugins.Usage.Data;

/// <summary>How a usage record came in (数据来源).</summary>
public enum UsageSource
{
    /// <summary>逐笔录入 (F-5.6).</summary>
    OneByOne = 1,
    /// <summary>批量录入 (F-5.5).</summary>
    Batch = 2,
    /// <summary>Generated province data (benchmarks only).</summary>
    Generated = 3,
}

/// <summary>
/// 用邮: one revenue record of a key account. Money is stored as whole 分 (integer), so sums are exact on every
/// database (SQLite has no exact decimal column); <see cref="Money"/> converts at the edges.
/// </summary>
[Table("usage_records")]
public sealed class UsageRecord
{
    [Column("id"), PrimaryKey, Identity] public long Id { get; set; }
    [Column("usage_date"), NotNull] public DateOnly UsageDate { get; set; }
    [Column("customer_id"), NotNull] public int CustomerId { get; set; }
    [Column("key_account_id"), NotNull] public int KeyAccountId { get; set; }
    [Column("product_line_id"), NotNull] public int ProductLineId { get; set; }
    [Column("business_type_id"), NotNull] public int BusinessTypeId { get; set; }
    /// <summary>The customer manager the revenue counts for.</summary>
    [Column("manager_user_id"), NotNull] public int ManagerUserId { get; set; }
    /// <summary>所属部门: the cooperating department of the business relationship (the scope's unit).</summary>
    [Column("org_unit_id"), NotNull] public int OrgUnitId { get; set; }
    /// <summary>业务量 (pieces).</summary>
    [Column("volume"), Nullable] public long? Volume { get; set; }
    /// <summary>应收收入 in 分.</summary>
    [Column("receivable_fen"), Nullable] public long? ReceivableFen { get; set; }
    /// <summary>实际收入 in 分.</summary>
    [Column("actual_fen"), NotNull] public long ActualFen { get; set; }
    [Column("remarks", Length = 200), Nullable] public string? Remarks { get; set; }
    [Column("source"), NotNull] public UsageSource Source { get; set; }
    [Column("batch_id"), Nullable] public int? BatchId { get; set; }
    [Column("entered_by"), NotNull] public int EnteredBy { get; set; }
    [Column("entered_at"), NotNull] public DateTime EnteredAt { get; set; }
}

/// <summary>One imported workbook (F-5.5): 登陆部门, 登陆人员, 用邮序列, time, rows and totals.</summary>
[Table("usage_batches")]
public sealed class UsageBatch
{
    [Column("id"), PrimaryKey, Identity] public int Id { get; set; }
    /// <summary>用邮序列, e.g. YY20261130-000012 (Beijing date + the batch id).</summary>
    [Column("sequence", Length = 30), NotNull] public string Sequence { get; set; } = "";
    /// <summary>登陆部门: the importer's unit.</summary>
    [Column("org_unit_id"), NotNull] public int OrgUnitId { get; set; }
    /// <summary>登陆人员.</summary>
    [Column("user_id"), NotNull] public int UserId { get; set; }
    [Column("created_at"), NotNull] public DateTime CreatedAt { get; set; }
    [Column("file_name", Length = 200), NotNull] public string FileName { get; set; } = "";
    /// <summary>SHA-256 of the file (hex): the same file imported twice is noticed.</summary>
    [Column("file_hash", Length = 64), NotNull] public string FileHash { get; set; } = "";
    [Column("row_count"), NotNull] public int RowCount { get; set; }
    [Column("total_volume"), NotNull] public long TotalVolume { get; set; }
    [Column("total_receivable_fen"), NotNull] public long TotalReceivableFen { get; set; }
    [Column("total_actual_fen"), NotNull] public long TotalActualFen { get; set; }
    /// <summary>The pending upload this batch was confirmed from (unique): a 是(Y) posted again finds it (null before usage 1.3).</summary>
    [Column("upload_token", Length = 60), Nullable] public string? UploadToken { get; set; }
}

/// <summary>
/// The daily summary every statistic reads: per day × customer manager × department × customer × product line ×
/// business type, the record count and the totals. Kept in step with <see cref="UsageRecord"/> in the same transaction
/// as every write, and rebuildable from the records (<c>UsageSummary.RebuildAsync</c>).
/// </summary>
[Table("usage_daily")]
public sealed class UsageDaily
{
    [Column("usage_date"), PrimaryKey(0)] public DateOnly UsageDate { get; set; }
    [Column("manager_user_id"), PrimaryKey(1)] public int ManagerUserId { get; set; }
    [Column("customer_id"), PrimaryKey(2)] public int CustomerId { get; set; }
    [Column("product_line_id"), PrimaryKey(3)] public int ProductLineId { get; set; }
    [Column("business_type_id"), PrimaryKey(4)] public int BusinessTypeId { get; set; }
    [Column("org_unit_id"), PrimaryKey(5)] public int OrgUnitId { get; set; }
    [Column("record_count"), NotNull] public long RecordCount { get; set; }
    [Column("volume"), NotNull] public long Volume { get; set; }
    [Column("receivable_fen"), NotNull] public long ReceivableFen { get; set; }
    [Column("actual_fen"), NotNull] public long ActualFen { get; set; }
}

/// <summary>Where an import job stands (F-5.5): the job page reads it, also after a restart of the portal.</summary>
public enum ImportJobState
{
    Running = 1,
    Succeeded = 2,
    Failed = 3,
    /// <summary>The portal stopped while the job ran: nothing was written (the write is one transaction).</summary>
    Interrupted = 4,
}

/// <summary>
/// One background check or import (F-5.5), written as it moves so its page survives a restart: the owner (only they
/// reach it), phase and progress, then the result or the error. Times UTC.
/// </summary>
[Table("usage_import_jobs")]
public sealed class UsageImportJob
{
    /// <summary>The job's Guid ("D" format): the page's URL names it.</summary>
    [Column("id", Length = 36), PrimaryKey] public string Id { get; set; } = "";
    [Column("kind"), NotNull] public Features.Import.ImportJobKind Kind { get; set; }
    [Column("state"), NotNull] public ImportJobState State { get; set; }
    [Column("phase"), NotNull] public Features.Import.ImportPhase Phase { get; set; }
    [Column("total_rows"), NotNull] public int TotalRows { get; set; }
    [Column("read_rows"), NotNull] public int ReadRows { get; set; }
    [Column("checked_rows"), NotNull] public int CheckedRows { get; set; }
    [Column("written_rows"), NotNull] public int WrittenRows { get; set; }
    /// <summary>The pending upload's token (the 是(Y)/否 question names it).</summary>
    [Column("token", Length = 60), NotNull] public string Token { get; set; } = "";
    [Column("file_name", Length = 200), NotNull] public string FileName { get; set; } = "";
    [Column("owner_user_id"), NotNull] public int OwnerUserId { get; set; }
    /// <summary>The client address of the request that started the job (written into the import's audit entry).</summary>
    [Column("client_ip", Length = 45), Nullable] public string? ClientIp { get; set; }
    /// <summary>The machine that runs the job: a start-up marks only its own running jobs interrupted.</summary>
    [Column("host", Length = 100), NotNull] public string Host { get; set; } = "";
    [Column("created_at"), NotNull] public DateTime CreatedAt { get; set; }
    [Column("finished_at"), Nullable] public DateTime? FinishedAt { get; set; }
    /// <summary>The <c>ImportResult</c> as JSON (totals, kept errors, report token, batch).</summary>
    [Column("result_json"), Nullable] public string? ResultJson { get; set; }
    [Column("error", Length = 500), Nullable] public string? Error { get; set; }
    [Column("batch_id"), Nullable] public int? BatchId { get; set; }
}
