using PostalCrm.Plugins.Marketing.Common;
using PostalCrm.Plugins.Marketing.Data;

namespace PostalCrm.Plugins.Marketing.Features.Plans;

public sealed class PlanChooser
{
    public IReadOnlyList<ManagerChoice> Managers { get; init; } = [];
    public int? ManagerId { get; init; }
    public int Year { get; init; }
    public string Month { get; init; } = "";
}

/// <summary>录入年工作计划: targets per product line in yuan as typed (blank = 0).</summary>
public sealed class AnnualForm
{
    public int ManagerId { get; set; }
    public int Year { get; set; }
    public List<int> LineIds { get; set; } = [];
    public List<string?> Targets { get; set; } = [];
    public string? OtherPlans { get; set; }
}

public sealed record AnnualLine(int ProductLineId, string Name, long LastYearFen, string? Target);

public sealed class AnnualPage
{
    public required ManagerChoice Manager { get; init; }
    public int Year { get; init; }
    public bool Exists { get; init; }
    public IReadOnlyList<AnnualLine> Lines { get; init; } = [];
    public long LastYearTotalFen { get; init; }
    public string? OtherPlans { get; init; }
    public bool FiguresAvailable { get; init; }
}

/// <summary>One row of the monthly plan form: a saved item, an adopted suggestion or a manual row.</summary>
public sealed class ItemInput
{
    public int? Id { get; set; }
    public WorkKind Kind { get; set; }
    public bool Suggested { get; set; }
    /// <summary>The row's tick box (完成 / 选择): only ticked rows are saved.</summary>
    public bool Keep { get; set; }
    public int? CustomerId { get; set; }
    public string? CustomerDept { get; set; }
    public string? Contact { get; set; }
    public string? PlannedDate { get; set; }
    public string? Content { get; set; }
}

public sealed class MonthlyForm
{
    public int ManagerId { get; set; }
    /// <summary>yyyy-MM.</summary>
    public string Month { get; set; } = "";
    /// <summary>添加维护工作 / 添加开发工作 / 添加其他工作 / 搜索 (re-show the form without saving).</summary>
    public string? Op { get; set; }
    /// <summary>Fuzzy search among all registered customers (development and other work).</summary>
    public string? Search { get; set; }
    public List<ItemInput> Items { get; set; } = [];

    public const string OpMaintenance = "maintenance";
    public const string OpDevelopment = "development";
    public const string OpOther = "other";
    public const string OpSearch = "search";
}

public sealed record CustomerOption(int Id, string Name);

/// <summary>Suggestions for one customer's 客户部门, 拜访人/对方联系人 and 日期安排 (yyyy-MM-dd).</summary>
public sealed record CustomerHints(int CustomerId, IReadOnlyList<string> Departments, IReadOnlyList<string> Contacts, IReadOnlyList<string> Dates);

public sealed class MonthlyPage
{
    public required ManagerChoice Manager { get; init; }
    public int Year { get; init; }
    public int MonthNumber { get; init; }
    public string Month => $"{Year:D4}-{MonthNumber:D2}";
    public DateOnly First { get; init; }
    public DateOnly Last { get; init; }
    public bool Exists { get; init; }
    public long AnnualTargetFen { get; init; }
    public long YearToDateFen { get; init; }
    public decimal? CompletionPercent { get; init; }
    public bool FiguresAvailable { get; init; }
    public IReadOnlyList<ItemInput> Items { get; init; } = [];
    /// <summary>Ids of saved items already completed in a log (they cannot be removed).</summary>
    public IReadOnlySet<int> DoneItemIds { get; init; } = new HashSet<int>();
    public IReadOnlyList<CustomerOption> OwnCustomers { get; init; } = [];
    public IReadOnlyList<CustomerOption> OtherCustomers { get; init; } = [];
    public IReadOnlyList<CustomerHints> Hints { get; init; } = [];
    public string? Search { get; init; }

    public string CustomerName(int? id) =>
        id is { } v ? OwnCustomers.Concat(OtherCustomers).FirstOrDefault(c => c.Id == v)?.Name ?? "" : "";
}
