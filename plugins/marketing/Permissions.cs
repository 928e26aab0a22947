using PostalCrm.Sdk.Plugins;
using PostalCrm.Sdk.Security;

namespace PostalCrm.Plugins.Marketing;

/// <summary>marketing.&lt;area&gt;.&lt;action&gt; with the roles that hold each by default (an administrator may change grants).</summary>
public static class MarketingPermissions
{
    /// <summary>F-4.1 客户经理信息查询.</summary>
    public const string Managers = "marketing.managers.view";
    /// <summary>F-4.2 业绩统计 and F-4.3 各月明细 (managers in scope).</summary>
    public const string Performance = "marketing.performance.view";
    /// <summary>F-4.4 业务明细 (the signed-in manager's own revenue).</summary>
    public const string Business = "marketing.business.view";
    /// <summary>F-4.5 / F-4.6 客户经理计划录入.</summary>
    public const string PlanEdit = "marketing.plans.edit";
    /// <summary>F-4.7 客户经理日志录入.</summary>
    public const string LogEdit = "marketing.logs.edit";
    /// <summary>F-4.8 客户经理计划查询.</summary>
    public const string PlanView = "marketing.plans.view";
    /// <summary>F-4.9 客户经理日志查询.</summary>
    public const string LogView = "marketing.logs.view";

    /// <summary>Those who write plans and logs: the manager themself and the key-account departments and centres above.</summary>
    private static readonly string[] Writers = [RoleCodes.CustomerManager, RoleCodes.DistrictDept, RoleCodes.CityCentre, RoleCodes.ProvinceCentre];

    public static readonly IReadOnlyList<PermissionDefinition> All =
    [
        new(Managers, "客户经理信息查询", RoleCodes.All),
        new(Performance, "客户经理业绩分析", RoleCodes.All),
        new(Business, "客户经理业务明细", [RoleCodes.CustomerManager]),
        new(PlanEdit, "客户经理计划录入", Writers),
        new(LogEdit, "客户经理日志录入", Writers),
        new(PlanView, "客户经理计划查询", RoleCodes.All, ImpliedBy: [PlanEdit]),
        new(LogView, "客户经理日志查询", RoleCodes.All, ImpliedBy: [LogEdit]),
    ];
}
