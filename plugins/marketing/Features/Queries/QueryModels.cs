using PostalCrm.Plugins.Marketing.Common;
using PostalCrm.Plugins.Marketing.Data;
using PostalCrm.Plugins.Marketing.Features.Logs;
using PostalCrm.Sdk.Lists;

namespace PostalCrm.Plugins.Marketing.Features.Queries;

public sealed record PlanRow(ManagerChoice Manager, int? PlanId, int Items, int Done, long TargetFen);

public sealed class PlansQueryPage
{
    /// <summary>"monthly" or "annual".</summary>
    public string Kind { get; init; } = "monthly";
    public int Year { get; init; }
    public string Month { get; init; } = "";
    /// <summary>A page of the managers in scope (PlansPageSize per page).</summary>
    public required Paged<PlanRow> Rows { get; init; }
}

public sealed record PlanItemRow(PlanItem Item, string? CustomerName, DateOnly? DoneOn, string? Outcome);

public sealed class MonthlyPlanDetail
{
    public required MonthlyPlan Plan { get; init; }
    public required ManagerChoice Manager { get; init; }
    public IReadOnlyList<PlanItemRow> Items { get; init; } = [];
    public decimal? CompletionPercent { get; init; }
}

public sealed class AnnualPlanDetail
{
    public required AnnualPlan Plan { get; init; }
    public required ManagerChoice Manager { get; init; }
    public IReadOnlyList<(string Line, long TargetFen)> Targets { get; init; } = [];
}

public sealed record LogRow(int LogId, ManagerChoice Manager, int Entries, bool Completed);

public sealed class LogsQueryPage
{
    public DateOnly Date { get; init; }
    public IReadOnlyList<LogRow> Rows { get; init; } = [];
}

public sealed class LogDetail
{
    public required DailyLog Log { get; init; }
    public required ManagerChoice Manager { get; init; }
    public IReadOnlyList<DoneEntry> Entries { get; init; } = [];
}
