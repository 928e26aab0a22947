using PostalCrm.Plugins.Contracts.Data;

namespace PostalCrm.Plugins.Contracts.Features.Arrears;

/// <summary>合同欠费信息维护 search (F-5.4): 查找条件 + 关键字, and 欠费日期 only when ticked.</summary>
public sealed class ArrearsFilter
{
    public const string ByName = "name";
    public const string ByCode = "code";
    public const string ByNumber = "number";

    /// <summary>查找条件: <see cref="ByName"/> (客户名称), <see cref="ByCode"/> (商务客户代码) or <see cref="ByNumber"/> (欠费合同号).</summary>
    public string Field { get; set; } = ByName;
    public string? Keyword { get; set; }
    public bool UseDate { get; set; }
    /// <summary>欠费日期 range: the due date of the earliest amount not fully paid.</summary>
    public DateOnly? From { get; set; }
    public DateOnly? To { get; set; }
    public int Page { get; set; } = 1;

    public object RouteValues(int page) => new
    {
        Field, Keyword, UseDate, From = Common.Names.Date(From), To = Common.Names.Date(To), Page = page,
    };
}

/// <param name="DueFen">Amounts due by today (running total of the schedule).</param>
/// <param name="ArrearsSince">欠费日期: due date of the earliest amount not fully paid.</param>
public sealed record ArrearsRow(int Id, ContractKind Kind, string Number, int CustomerId, string CustomerName, string CustomerCode,
    SettlementType SettlementType, long TotalFen, long DueFen, long PaidFen, DateOnly? ArrearsSince)
{
    public long ArrearsFen => DueFen - PaidFen;
}

public sealed class ArrearsPage
{
    public required ArrearsFilter Filter { get; init; }
    public required IReadOnlyList<ArrearsRow> Rows { get; init; }
    public required DateOnly Today { get; init; }
    public int Total { get; init; }
    public int PageSize { get; init; }
    public int Pages => Math.Max(1, (Total + PageSize - 1) / PageSize);
}

/// <summary>缴费 form.</summary>
public sealed class PaymentForm
{
    public DateOnly? PaidOn { get; set; }
    public string? Amount { get; set; }
    public string? Method { get; set; }
    public string? ReceiptNo { get; set; }
}

/// <summary>催缴 form.</summary>
public sealed class DunningForm
{
    public DateOnly? DunnedOn { get; set; }
    public string? Method { get; set; }
    public string? Content { get; set; }
    public string? DunnedBy { get; set; }
}

/// <summary>One contract's money as of today: the head of 缴费, 缴款明细, 催缴 and 催缴明细.</summary>
public sealed record ContractStatus(Contract Contract, string CustomerName, string CustomerCode, IReadOnlyList<Instalment> Schedule, long DueFen, DateOnly Today)
{
    public long PaidFen => Contract.PaidFen;
    public long OutstandingFen => Contract.TotalFen - Contract.PaidFen;
    public long ArrearsFen => Math.Max(0, DueFen - PaidFen);
    public bool InArrears => ArrearsFen > 0;
}

public sealed class PaymentPage
{
    public required ContractStatus Status { get; init; }
    public required PaymentForm Form { get; init; }
}

public sealed class DunningPage
{
    public required ContractStatus Status { get; init; }
    public required DunningForm Form { get; init; }
}

public sealed record PaymentLine(DateOnly PaidOn, long AmountFen, string Method, string? ReceiptNo, string RecordedBy, DateTime RecordedAt);

public sealed record DunningLine(DateOnly DunnedOn, string Method, string Content, string DunnedBy, string RecordedBy, DateTime RecordedAt);

public sealed class HistoryPage<T>
{
    public required ContractStatus Status { get; init; }
    public required IReadOnlyList<T> Lines { get; init; }
}

/// <summary>The customer manager's alert: contracts in arrears and unpaid amounts due within 30 days.</summary>
public sealed record ArrearsSummary(int ContractsInArrears, long ArrearsFen, int DueSoon, long DueSoonFen);
