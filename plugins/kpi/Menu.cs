using PostalCrm.Plugins.Kpi.Features.Complaints;
using PostalCrm.Plugins.Kpi.Features.Feedback;
using PostalCrm.Plugins.Kpi.Features.Focus;
using PostalCrm.Plugins.Kpi.Features.KpiReports;
using PostalCrm.Plugins.Kpi.Features.Solutions;
using PostalCrm.Sdk.Plugins;

namespace PostalCrm.Plugins.Kpi;

/// <summary>Labels exactly as the manual (chapter 6).</summary>
public static class KpiMenu
{
    public static readonly IReadOnlyList<MenuEntry> Entries =
    [
        new(MenuGroups.Kpi, null, "客户关注指标指定", MenuLink.To<FocusController>(nameof(FocusController.Index)), KpiPermissions.Focus, 10),
        new(MenuGroups.Kpi, null, "KPI指标分析报告", MenuLink.To<KpiReportsController>(nameof(KpiReportsController.Index)), KpiPermissions.Reports, 20),
        new(MenuGroups.Kpi, null, "客户反馈意见维护", MenuLink.To<FeedbackController>(nameof(FeedbackController.Index)), KpiPermissions.Feedback, 30),
        new(MenuGroups.Kpi, null, "客户意见解决方案", MenuLink.To<SolutionsController>(nameof(SolutionsController.Index)), KpiPermissions.Solutions, 40),
        new(MenuGroups.Kpi, "客户投诉建议管理", "客户投诉建议添加", MenuLink.To<ComplaintsController>(nameof(ComplaintsController.Add)), KpiPermissions.ComplaintsAdd, 50),
        new(MenuGroups.Kpi, "客户投诉建议管理", "客户投诉建议查询", MenuLink.To<ComplaintsController>(nameof(ComplaintsController.Index)), KpiPermissions.ComplaintsView, 51),
    ];
}
