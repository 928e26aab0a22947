using PostalCrm.Plugins.Marketing.Common;
using PostalCrm.Plugins.Marketing.Data;
using PostalCrm.Plugins.Marketing.Features.Plans;

namespace PostalCrm.Plugins.Marketing.Features.Logs;

public sealed class LogChooser
{
    public IReadOnlyList<ManagerChoice> Managers { get; init; } = [];
    public int? ManagerId { get; init; }
    public DateOnly Date { get; init; }
}

/// <summary>A plan item shown as a prompt (scheduled up to the day, not completed on the day or before).</summary>
public sealed record Prompt(int ItemId, WorkKind Kind, int? CustomerId, string? CustomerName, string? CustomerDept, string? Contact, DateOnly PlannedDate, string? Content);

public sealed record DoneEntry(int Id, int? PlanItemId, WorkKind Kind, int? CustomerId, string? CustomerName, string? CustomerDept, string? Contact, string? Outcome);

public sealed class DayPage
{
    public required ManagerChoice Manager { get; init; }
    public DateOnly Date { get; init; }
    public bool Completed { get; init; }
    public IReadOnlyList<Prompt> Prompts { get; init; } = [];
    public IReadOnlyList<DoneEntry> Done { get; init; } = [];
    public IReadOnlyList<CustomerOption> OwnCustomers { get; init; } = [];
    public IReadOnlyList<CustomerOption> FoundCustomers { get; init; } = [];
    public IReadOnlyList<CustomerHints> Hints { get; init; } = [];
    public string? Search { get; init; }
    public bool ReadOnly { get; init; }
}

/// <summary>完成 of a prompt: the outcome (and who was met).</summary>
public sealed class CompleteForm
{
    public int ManagerId { get; set; }
    public string Date { get; set; } = "";
    public int ItemId { get; set; }
    public string? CustomerDept { get; set; }
    public string? Contact { get; set; }
    public string? Outcome { get; set; }
}

/// <summary>修改 of a done entry; unticking 完成 and saving deletes it.</summary>
public sealed class EntryForm
{
    public bool Keep { get; set; }
    public string? CustomerDept { get; set; }
    public string? Contact { get; set; }
    public string? Outcome { get; set; }
}

/// <summary>添加维护工作 / 添加开发工作 / 添加其他工作 in the log.</summary>
public sealed class AddForm
{
    public int ManagerId { get; set; }
    public string Date { get; set; } = "";
    public WorkKind Kind { get; set; }
    public int? CustomerId { get; set; }
    public string? CustomerDept { get; set; }
    public string? Contact { get; set; }
    public string? Outcome { get; set; }
}
