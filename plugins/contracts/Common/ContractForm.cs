using Microsoft.AspNetCore.Http;
using PostalCrm.Plugins.Contracts.Data;
using PostalCrm.Sdk.Security;

namespace PostalCrm.Plugins.Contracts.Common;

/// <summary>
/// The contract/agreement form (F-5.1, F-5.2, F-5.3 edit). Each settlement type has fields of its own name, so the hidden
/// blocks of the other types never bind; amounts and the discount arrive as text so that 七五 or 75.5 get a clear message.
/// The instalment list travels in hidden fields and is added to / cleared by a post with <see cref="Op"/> (no script needed).
/// </summary>
public sealed class ContractForm
{
    public const string OpAddInstalment = "add-instalment";
    public const string OpClearInstalments = "clear-instalments";

    public int? CustomerId { get; set; }
    public string? Number { get; set; }
    public DateOnly? EffectiveDate { get; set; }
    public DateOnly? ExpiryDate { get; set; }
    public SettlementType? SettlementType { get; set; }

    public DateOnly? FixedPaymentDate { get; set; }
    public string? FixedDiscount { get; set; }

    public DateOnly? PeriodicStartDate { get; set; }
    public int? PeriodMonths { get; set; }
    public string? PeriodicDiscount { get; set; }

    public List<DateOnly> InstalmentDates { get; set; } = [];
    public List<string> InstalmentAmounts { get; set; } = [];
    public DateOnly? NewInstalmentDate { get; set; }
    public string? NewInstalmentAmount { get; set; }

    public DateOnly? OneOffDate { get; set; }
    public string? OneOffAmount { get; set; }

    public string? Remarks { get; set; }
    public IFormFile? File { get; set; }

    /// <summary>Null for 提交; <see cref="OpAddInstalment"/> (确定) or <see cref="OpClearInstalments"/> (清空).</summary>
    public string? Op { get; set; }

    /// <summary>True when the post carries fee terms (the edit page of a paid contract carries none).</summary>
    public bool HasTerms => SettlementType is not null;

    /// <summary>确定: checks the pair and appends it to the list; throws with the reason otherwise.</summary>
    public void AddInstalment()
    {
        if (NewInstalmentDate is not { } date) throw new BusinessRuleException("请填写付款时间后再点击确定");
        var fen = Money.ParseFen(NewInstalmentAmount, "付款金额");
        InstalmentDates.Add(date);
        InstalmentAmounts.Add(Money.Plain(fen));
        NewInstalmentDate = null;
        NewInstalmentAmount = null;
    }

    public void ClearInstalments()
    {
        InstalmentDates.Clear();
        InstalmentAmounts.Clear();
    }

    /// <summary>The form of a stored contract (edit page).</summary>
    public static ContractForm From(Contract c, IReadOnlyList<Instalment> schedule)
    {
        var f = new ContractForm
        {
            CustomerId = c.CustomerId, Number = c.Number, EffectiveDate = c.EffectiveDate, ExpiryDate = c.ExpiryDate,
            SettlementType = c.SettlementType, Remarks = c.Remarks,
        };
        var discount = c.Discount?.ToString(System.Globalization.CultureInfo.InvariantCulture);
        switch (c.SettlementType)
        {
            case Data.SettlementType.FixedDate:
                f.FixedPaymentDate = c.PaymentDate; f.FixedDiscount = discount; break;
            case Data.SettlementType.Periodic:
                f.PeriodicStartDate = c.PaymentDate; f.PeriodMonths = c.PeriodMonths; f.PeriodicDiscount = discount; break;
            case Data.SettlementType.Instalments:
                f.InstalmentDates = [.. schedule.Select(i => i.DueDate)];
                f.InstalmentAmounts = [.. schedule.Select(i => Money.Plain(i.AmountFen))];
                break;
            case Data.SettlementType.OneOff:
                f.OneOffDate = c.PaymentDate; f.OneOffAmount = schedule.Count > 0 ? Money.Plain(schedule[0].AmountFen) : null; break;
        }
        return f;
    }
}

/// <summary>The fee terms once checked: what is stored on the contract and its schedule (in due-date order).</summary>
public sealed record ContractTerms(SettlementType Type, DateOnly? PaymentDate, int? PeriodMonths, int? Discount, IReadOnlyList<(DateOnly Due, long Fen)> Schedule)
{
    public long TotalFen => Schedule.Sum(s => s.Fen);

    public bool SameAs(Contract c, IReadOnlyList<Instalment> schedule) =>
        Type == c.SettlementType && PaymentDate == c.PaymentDate && PeriodMonths == c.PeriodMonths && Discount == c.Discount
        && Schedule.Count == schedule.Count
        && Schedule.Zip(schedule.OrderBy(i => i.Seq)).All(p => p.First.Due == p.Second.DueDate && p.First.Fen == p.Second.AmountFen);

    /// <summary>The instalment rows of a contract, with running totals.</summary>
    public IEnumerable<Instalment> Rows(int contractId)
    {
        long cumulative = 0;
        var seq = 0;
        foreach (var (due, fen) in Schedule)
        {
            cumulative += fen;
            yield return new Instalment { ContractId = contractId, Seq = ++seq, DueDate = due, AmountFen = fen, CumulativeFen = cumulative };
        }
    }

    /// <summary>
    /// Checks the fields of the chosen settlement type. Missing required fields are added to <paramref name="missing"/> (the
    /// caller lists them all at once); a field filled in wrongly throws its own message.
    /// </summary>
    public static ContractTerms? Check(ContractForm f, List<string> missing)
    {
        switch (f.SettlementType)
        {
            case null:
                missing.Add("结算方式");
                return null;
            case SettlementType.FixedDate:
                if (f.FixedPaymentDate is null) missing.Add("付款时间");
                if (string.IsNullOrWhiteSpace(f.FixedDiscount)) missing.Add("优惠折扣");
                if (missing.Count > 0) return null;
                return new(SettlementType.FixedDate, f.FixedPaymentDate, null, DiscountRule.Parse(f.FixedDiscount), []);
            case SettlementType.Periodic:
                if (f.PeriodicStartDate is null) missing.Add("付款时间");
                if (f.PeriodMonths is null) missing.Add("付款周期");
                if (string.IsNullOrWhiteSpace(f.PeriodicDiscount)) missing.Add("优惠折扣");
                if (missing.Count > 0) return null;
                if (!Names.Periods.Any(p => p.Months == f.PeriodMonths)) throw new BusinessRuleException("付款周期只能是每月、每季度、每半年或每年");
                return new(SettlementType.Periodic, f.PeriodicStartDate, f.PeriodMonths, DiscountRule.Parse(f.PeriodicDiscount), []);
            case SettlementType.Instalments:
                if (f.InstalmentDates.Count == 0) missing.Add("付款明细(付款时间+付款金额,至少一组)");
                if (missing.Count > 0) return null;
                if (f.InstalmentDates.Count != f.InstalmentAmounts.Count) throw new BusinessRuleException("付款明细不完整,请清空后重新添加");
                var schedule = f.InstalmentDates.Zip(f.InstalmentAmounts, (d, a) => (d, Money.ParseFen(a, "付款金额")))
                    .OrderBy(x => x.d).ToList();
                return new(SettlementType.Instalments, null, null, null, schedule);
            case SettlementType.OneOff:
                if (f.OneOffDate is null) missing.Add("付款时间");
                if (string.IsNullOrWhiteSpace(f.OneOffAmount)) missing.Add("付款金额");
                if (missing.Count > 0) return null;
                return new(SettlementType.OneOff, f.OneOffDate, null, null, [(f.OneOffDate!.Value, Money.ParseFen(f.OneOffAmount, "付款金额"))]);
            default:
                throw new BusinessRuleException("请选择结算方式");
        }
    }
}
