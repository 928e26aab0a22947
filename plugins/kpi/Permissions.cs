using PostalCrm.Sdk.Plugins;
using PostalCrm.Sdk.Security;

namespace PostalCrm.Plugins.Kpi;

/// <summary>kpi.&lt;area&gt;.&lt;action&gt;; customer managers do the work, org roles see their area's customers too (scope decides which).</summary>
public static class KpiPermissions
{
    public const string Focus = "kpi.focus.manage";
    public const string Reports = "kpi.reports.manage";
    /// <summary>The printed KPI form (manifest reports/kpi/kpi-form.json).</summary>
    public const string Print = "kpi.reports.print";
    public const string Feedback = "kpi.feedback.manage";
    public const string Solutions = "kpi.solutions.manage";
    public const string ComplaintsAdd = "kpi.complaints.add";
    public const string ComplaintsView = "kpi.complaints.view";

    public static readonly IReadOnlyList<PermissionDefinition> All =
    [
        new(Focus, "客户关注指标指定", RoleCodes.All),
        new(Reports, "KPI指标分析报告", RoleCodes.All),
        new(Print, "KPI指标分析报告打印", [], ImpliedBy: [Reports]),
        new(Feedback, "客户反馈意见维护", RoleCodes.All),
        new(Solutions, "客户意见解决方案", RoleCodes.All),
        new(ComplaintsAdd, "客户投诉建议添加", RoleCodes.All),
        new(ComplaintsView, "客户投诉建议查询", RoleCodes.All),
    ];
}
