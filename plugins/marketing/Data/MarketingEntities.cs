using LinqToDB.Mapping;

namespace PostalCrm.Plugins.Marketing.Data;

/// <summary>Kinds of work in a monthly plan and a daily log (F-4.6, F-4.7).</summary>
public enum WorkKind
{
    /// <summary>维护工作 (own customers only).</summary>
    Maintenance = 1,
    /// <summary>开发工作 (any customer registered in the department).</summary>
    Development = 2,
    /// <summary>其他工作.</summary>
    Other = 3,
}

/// <summary>客户经理年工作计划 (F-4.5): one per manager and year; targets per product line in <see cref="AnnualTarget"/>.</summary>
[Table("marketing_annual_plans")]
public sealed class AnnualPlan
{
    [Column("id"), PrimaryKey, Identity] public int Id { get; set; }
    [Column("manager_user_id"), NotNull] public int ManagerUserId { get; set; }
    /// <summary>The manager's unit when the plan was written: the scope's unit.</summary>
    [Column("org_unit_id"), NotNull] public int OrgUnitId { get; set; }
    [Column("plan_year"), NotNull] public int Year { get; set; }
    /// <summary>其他工作计划 (free text).</summary>
    [Column("other_plans", Length = 2000), Nullable] public string? OtherPlans { get; set; }
    [Column("updated_at"), NotNull] public DateTime UpdatedAt { get; set; }
    [Column("updated_by"), NotNull] public int UpdatedBy { get; set; }
}

/// <summary>One product line's revenue target of an annual plan, in whole 分 (blank = 0).</summary>
[Table("marketing_annual_targets")]
public sealed class AnnualTarget
{
    [Column("plan_id"), PrimaryKey(0)] public int PlanId { get; set; }
    [Column("product_line_id"), PrimaryKey(1)] public int ProductLineId { get; set; }
    [Column("target_fen"), NotNull] public long TargetFen { get; set; }
}

/// <summary>客户经理月工作计划 (F-4.6): one per manager and month.</summary>
[Table("marketing_monthly_plans")]
public sealed class MonthlyPlan
{
    [Column("id"), PrimaryKey, Identity] public int Id { get; set; }
    [Column("manager_user_id"), NotNull] public int ManagerUserId { get; set; }
    [Column("org_unit_id"), NotNull] public int OrgUnitId { get; set; }
    [Column("plan_year"), NotNull] public int Year { get; set; }
    [Column("plan_month"), NotNull] public int Month { get; set; }
    [Column("updated_at"), NotNull] public DateTime UpdatedAt { get; set; }
    [Column("updated_by"), NotNull] public int UpdatedBy { get; set; }
}

/// <summary>One work item of a monthly plan. Completed by a log entry that names it (<see cref="LogEntry.PlanItemId"/>).</summary>
[Table("marketing_plan_items")]
public sealed class PlanItem
{
    [Column("id"), PrimaryKey, Identity] public int Id { get; set; }
    [Column("plan_id"), NotNull] public int PlanId { get; set; }
    [Column("manager_user_id"), NotNull] public int ManagerUserId { get; set; }
    [Column("org_unit_id"), NotNull] public int OrgUnitId { get; set; }
    [Column("kind"), NotNull] public WorkKind Kind { get; set; }
    /// <summary>True when adopted from a system suggestion (visit frequency).</summary>
    [Column("suggested"), NotNull] public bool Suggested { get; set; }
    [Column("customer_id"), Nullable] public int? CustomerId { get; set; }
    /// <summary>客户部门.</summary>
    [Column("customer_dept", Length = 100), Nullable] public string? CustomerDept { get; set; }
    /// <summary>拜访人/对方联系人.</summary>
    [Column("contact", Length = 50), Nullable] public string? Contact { get; set; }
    /// <summary>日期安排.</summary>
    [Column("planned_date"), NotNull] public DateOnly PlannedDate { get; set; }
    /// <summary>工作内容.</summary>
    [Column("content", Length = 500), Nullable] public string? Content { get; set; }
}

/// <summary>客户经理工作日志 of one day (F-4.7); <see cref="CompletedAt"/> is set by 工作日志录入完成.</summary>
[Table("marketing_daily_logs")]
public sealed class DailyLog
{
    [Column("id"), PrimaryKey, Identity] public int Id { get; set; }
    [Column("manager_user_id"), NotNull] public int ManagerUserId { get; set; }
    [Column("org_unit_id"), NotNull] public int OrgUnitId { get; set; }
    [Column("log_date"), NotNull] public DateOnly LogDate { get; set; }
    [Column("completed_at"), Nullable] public DateTime? CompletedAt { get; set; }
    [Column("updated_at"), NotNull] public DateTime UpdatedAt { get; set; }
}

/// <summary>One piece of work done on the log's day: a completed plan item (完成) or a manual entry.</summary>
[Table("marketing_log_entries")]
public sealed class LogEntry
{
    [Column("id"), PrimaryKey, Identity] public int Id { get; set; }
    [Column("log_id"), NotNull] public int LogId { get; set; }
    [Column("manager_user_id"), NotNull] public int ManagerUserId { get; set; }
    [Column("org_unit_id"), NotNull] public int OrgUnitId { get; set; }
    [Column("log_date"), NotNull] public DateOnly LogDate { get; set; }
    /// <summary>The plan item this entry completes, if any: it never prompts again on a later day.</summary>
    [Column("plan_item_id"), Nullable] public int? PlanItemId { get; set; }
    [Column("kind"), NotNull] public WorkKind Kind { get; set; }
    [Column("customer_id"), Nullable] public int? CustomerId { get; set; }
    [Column("customer_dept", Length = 100), Nullable] public string? CustomerDept { get; set; }
    [Column("contact", Length = 50), Nullable] public string? Contact { get; set; }
    /// <summary>工作结果.</summary>
    [Column("outcome", Length = 500), Nullable] public string? Outcome { get; set; }
    [Column("created_at"), NotNull] public DateTime CreatedAt { get; set; }
}
