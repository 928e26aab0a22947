using PostalCrm.Plugins.Marketing.Features.Logs;
using PostalCrm.Plugins.Marketing.Features.Managers;
using PostalCrm.Plugins.Marketing.Features.Performance;
using PostalCrm.Plugins.Marketing.Features.Plans;
using PostalCrm.Plugins.Marketing.Features.Queries;
using PostalCrm.Sdk.Plugins;

namespace PostalCrm.Plugins.Marketing;

/// <summary>Labels exactly as the manual (§4.1 客户经理, §4.2 营销日志).</summary>
public static class MarketingMenu
{
    private const string Managers = "客户经理";
    private const string Logs = "营销日志";

    public static readonly IReadOnlyList<MenuEntry> Entries =
    [
        new(MenuGroups.Marketing, Managers, "客户经理信息查询", MenuLink.To<ManagersController>(nameof(ManagersController.Index)), MarketingPermissions.Managers, 200),
        new(MenuGroups.Marketing, Managers, "业绩统计", MenuLink.To<PerformanceController>(nameof(PerformanceController.Statistics)), MarketingPermissions.Performance, 210),
        new(MenuGroups.Marketing, Managers, "各月明细", MenuLink.To<PerformanceController>(nameof(PerformanceController.Monthly)), MarketingPermissions.Performance, 215),
        new(MenuGroups.Marketing, Managers, "业务明细", MenuLink.To<PerformanceController>(nameof(PerformanceController.Business)), MarketingPermissions.Business, 220),
        new(MenuGroups.Marketing, Logs, "客户经理日志录入", MenuLink.To<LogsController>(nameof(LogsController.Index)), MarketingPermissions.LogEdit, 230),
        new(MenuGroups.Marketing, Logs, "客户经理日志查询", MenuLink.To<QueriesController>(nameof(QueriesController.Logs)), MarketingPermissions.LogView, 235),
        new(MenuGroups.Marketing, Logs, "客户经理计划录入", MenuLink.To<PlansController>(nameof(PlansController.Index)), MarketingPermissions.PlanEdit, 240),
        new(MenuGroups.Marketing, Logs, "客户经理计划查询", MenuLink.To<QueriesController>(nameof(QueriesController.Plans)), MarketingPermissions.PlanView, 245),
    ];
}
