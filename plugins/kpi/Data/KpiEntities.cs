using LinqToDB.Mapping;

namespace PostalCrm.Plugins.Kpi.Data;

/// <summary>F-6.1 客户关注指标: one of at most five indicators of a customer for a year, with the customer's target and a weight.</summary>
[Table("kpi_focus_indicators")]
public sealed class FocusIndicator
{
    [Column("id"), PrimaryKey, Identity] public int Id { get; set; }
    [Column("customer_id"), NotNull] public int CustomerId { get; set; }
    [Column("year"), NotNull] public int Year { get; set; }
    [Column("indicator_id"), NotNull] public int IndicatorId { get; set; }
    [Column("target", Precision = 18, Scale = 4), NotNull] public decimal Target { get; set; }
    [Column("weight", Precision = 9, Scale = 2), NotNull] public decimal Weight { get; set; }
    [Column("sort"), NotNull] public int Sort { get; set; }
    [Column("updated_by"), NotNull] public int UpdatedBy { get; set; }
    [Column("updated_at"), NotNull] public DateTime UpdatedAt { get; set; }
}

/// <summary>F-6.2 KPI指标分析报告 of a customer for a month, by its customer manager.</summary>
[Table("kpi_reports")]
public sealed class KpiReport
{
    [Column("id"), PrimaryKey, Identity] public int Id { get; set; }
    [Column("customer_id"), NotNull] public int CustomerId { get; set; }
    [Column("year"), NotNull] public int Year { get; set; }
    [Column("month"), NotNull] public int Month { get; set; }
    [Column("manager_user_id"), NotNull] public int ManagerUserId { get; set; }
    [Column("org_unit_id"), NotNull] public int OrgUnitId { get; set; }
    [Column("total", Precision = 9, Scale = 2), NotNull] public decimal Total { get; set; }
    [Column("saved_at"), NotNull] public DateTime SavedAt { get; set; }
}

[Table("kpi_report_values")]
public sealed class KpiReportValue
{
    [Column("report_id"), PrimaryKey(0)] public int ReportId { get; set; }
    [Column("indicator_id"), PrimaryKey(1)] public int IndicatorId { get; set; }
    [Column("actual", Precision = 18, Scale = 4), NotNull] public decimal Actual { get; set; }
    [Column("score", Precision = 9, Scale = 2), NotNull] public decimal Score { get; set; }
}

/// <summary>F-6.3 客户反馈意见 for a month's report: the customer's own scores, opinions, signature and phone.</summary>
[Table("kpi_feedback")]
public sealed class KpiFeedback
{
    [Column("id"), PrimaryKey, Identity] public int Id { get; set; }
    [Column("report_id"), NotNull] public int ReportId { get; set; }
    [Column("customer_id"), NotNull] public int CustomerId { get; set; }
    [Column("year"), NotNull] public int Year { get; set; }
    [Column("month"), NotNull] public int Month { get; set; }
    [Column("total", Precision = 9, Scale = 2), NotNull] public decimal Total { get; set; }
    [Column("opinions", Length = 1000), Nullable] public string? Opinions { get; set; }
    [Column("signature", Length = 30), NotNull] public string Signature { get; set; } = "";
    [Column("phone", Length = 20), NotNull] public string Phone { get; set; } = "";
    [Column("updated_by"), NotNull] public int UpdatedBy { get; set; }
    [Column("updated_at"), NotNull] public DateTime UpdatedAt { get; set; }
}

[Table("kpi_feedback_scores")]
public sealed class KpiFeedbackScore
{
    [Column("feedback_id"), PrimaryKey(0)] public int FeedbackId { get; set; }
    [Column("indicator_id"), PrimaryKey(1)] public int IndicatorId { get; set; }
    [Column("score", Precision = 9, Scale = 2), NotNull] public decimal Score { get; set; }
}

/// <summary>F-6.4 客户意见解决方案 for a month's feedback.</summary>
[Table("kpi_solutions")]
public sealed class KpiSolution
{
    [Column("id"), PrimaryKey, Identity] public int Id { get; set; }
    [Column("feedback_id"), NotNull] public int FeedbackId { get; set; }
    [Column("customer_id"), NotNull] public int CustomerId { get; set; }
    [Column("year"), NotNull] public int Year { get; set; }
    [Column("month"), NotNull] public int Month { get; set; }
    [Column("solution", Length = 2000), NotNull] public string Solution { get; set; } = "";
    [Column("supervisor_signature", Length = 30), NotNull] public string SupervisorSignature { get; set; } = "";
    [Column("supervisor_phone", Length = 20), NotNull] public string SupervisorPhone { get; set; } = "";
    [Column("updated_by"), NotNull] public int UpdatedBy { get; set; }
    [Column("updated_at"), NotNull] public DateTime UpdatedAt { get; set; }
}

/// <summary>F-6.5 客户投诉建议: a complaint (1) or suggestion (2) about a customer manager's service; soft-deleted.</summary>
[Table("kpi_complaints")]
public sealed class KpiComplaint
{
    public const int Complaint = 1;
    public const int Suggestion = 2;

    [Column("id"), PrimaryKey, Identity] public int Id { get; set; }
    [Column("customer_id"), NotNull] public int CustomerId { get; set; }
    [Column("kind"), NotNull] public int Kind { get; set; }
    [Column("manager_user_id"), NotNull] public int ManagerUserId { get; set; }
    /// <summary>The manager's unit (部门) when added: the query's department and the scope's unit.</summary>
    [Column("org_unit_id"), NotNull] public int OrgUnitId { get; set; }
    [Column("content", Length = 1000), NotNull] public string Content { get; set; } = "";
    [Column("handling", Length = 500), Nullable] public string? Handling { get; set; }
    [Column("result", Length = 500), Nullable] public string? Result { get; set; }
    [Column("created_by"), NotNull] public int CreatedBy { get; set; }
    [Column("created_at"), NotNull] public DateTime CreatedAt { get; set; }
    [Column("deleted"), NotNull] public bool Deleted { get; set; }
    [Column("deleted_by"), Nullable] public int? DeletedBy { get; set; }
    [Column("deleted_at"), Nullable] public DateTime? DeletedAt { get; set; }

    public static string KindName(int kind) => kind == Complaint ? "投诉" : "建议";
}

/// <summary>
/// F-6.2 批量打印: one batch of a manager's month forms. The row outlives the process (a restart marks a running one
/// failed); the finished PDF sits in the SDK file store (<see cref="FileId"/>). Only its owner sees it.
/// </summary>
[Table("kpi_batch_jobs")]
public sealed class KpiBatchJob
{
    public const int Running = 0;
    public const int Finished = 1;
    public const int Failed = 2;
    /// <summary>Finished, and its PDF removed after the retention age (BatchPrintOptions.KeepDays).</summary>
    public const int Expired = 3;

    [Column("id"), PrimaryKey, Identity] public int Id { get; set; }
    [Column("owner_user_id"), NotNull] public int OwnerUserId { get; set; }
    [Column("year"), NotNull] public int Year { get; set; }
    [Column("month"), NotNull] public int Month { get; set; }
    [Column("total"), NotNull] public int Total { get; set; }
    /// <summary>Forms laid out so far (the PDF is printed after the last).</summary>
    [Column("done"), NotNull] public int Done { get; set; }
    [Column("state"), NotNull] public int State { get; set; }
    [Column("error", Length = 500), Nullable] public string? Error { get; set; }
    [Column("file_id"), Nullable] public int? FileId { get; set; }
    [Column("file_name", Length = 200), NotNull] public string FileName { get; set; } = "";
    /// <summary>The host process running it ("machine:instance"): a restart of that machine fails what it left running.</summary>
    [Column("node", Length = 100), NotNull] public string Node { get; set; } = "";
    [Column("created_at"), NotNull] public DateTime CreatedAt { get; set; }
    /// <summary>Heartbeat while running: a job whose node stopped beating is failed by any node.</summary>
    [Column("updated_at"), NotNull] public DateTime UpdatedAt { get; set; }
    [Column("finished_at"), Nullable] public DateTime? FinishedAt { get; set; }
}
