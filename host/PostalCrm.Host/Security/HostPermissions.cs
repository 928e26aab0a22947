using PostalCrm.Host.Controllers;
using PostalCrm.Host.Features.NumberRanges;
using PostalCrm.Host.Features.OrgUnits;
using PostalCrm.Host.Features.PluginList;
using PostalCrm.Host.Features.ReferenceData;
using PostalCrm.Host.Features.Roles;
using PostalCrm.Host.Features.Users;
using PostalCrm.Host.Features.VisitFrequencies;
using PostalCrm.Sdk.Plugins;
using PostalCrm.Sdk.Security;

namespace PostalCrm.Host.Security;

/// <summary>The host's own permissions and menu (系统管理).</summary>
public static class HostPermissions
{
    public const string OrgUnits = "admin.org.manage";
    public const string Users = "admin.users.manage";
    public const string Roles = "admin.roles.manage";
    public const string NumberRanges = "admin.numbers.manage";
    public const string ReferenceData = "admin.reference.manage";
    public const string Plugins = "admin.plugins.view";
    public const string VisitFrequencies = "admin.visitfreq.manage";
    /// <summary>报表中心: the page; each report checks its own permission (its manifest's).</summary>
    public const string ReportCenter = "system.reports.view";
    /// <summary>Everyone signed in: change own password.</summary>
    public const string ChangePassword = "system.password.change";

    public static readonly IReadOnlyList<PermissionDefinition> All =
    [
        new(ChangePassword, "修改本人密码", RoleCodes.All),
        new(OrgUnits, "机构管理", [RoleCodes.Admin]),
        new(Users, "用户管理", [RoleCodes.Admin]),
        new(Roles, "角色权限管理", [RoleCodes.Admin]),
        new(NumberRanges, "号码段管理", [RoleCodes.Admin]),
        new(ReferenceData, "基础数据维护", [RoleCodes.Admin]),
        new(Plugins, "插件查看", [RoleCodes.Admin]),
        new(VisitFrequencies, "维护频次管理", [RoleCodes.DistrictDept, RoleCodes.CityCentre]),
        new(ReportCenter, "报表中心", RoleCodes.All),
    ];

    public static readonly IReadOnlyList<MenuEntry> Menu =
    [
        new(MenuGroups.System, null, "密码修改", MenuLink.To<AccountController>(nameof(AccountController.ChangePassword)), ChangePassword, 10),
        new(MenuGroups.System, "系统维护", "机构管理", MenuLink.To<OrgUnitsController>(nameof(OrgUnitsController.Index)), OrgUnits, 20),
        new(MenuGroups.System, "系统维护", "用户管理", MenuLink.To<UsersController>(nameof(UsersController.Index)), Users, 21),
        new(MenuGroups.System, "系统维护", "角色权限", MenuLink.To<RolesController>(nameof(RolesController.Index)), Roles, 22),
        new(MenuGroups.System, "系统维护", "号码段管理", MenuLink.To<NumberRangesController>(nameof(NumberRangesController.Index)), NumberRanges, 23),
        new(MenuGroups.System, "基础数据", "专业与业务类型", MenuLink.To<ReferenceDataController>(nameof(ReferenceDataController.ProductLines)), ReferenceData, 30),
        new(MenuGroups.System, "基础数据", "客户级别", MenuLink.To<ReferenceDataController>(nameof(ReferenceDataController.Levels)), ReferenceData, 31),
        new(MenuGroups.System, "基础数据", "行业", MenuLink.To<ReferenceDataController>(nameof(ReferenceDataController.Industries)), ReferenceData, 32),
        new(MenuGroups.System, "基础数据", "关注指标目录", MenuLink.To<ReferenceDataController>(nameof(ReferenceDataController.Indicators)), ReferenceData, 33),
        new(MenuGroups.System, null, "报表中心", MenuLink.To<Features.Reports.ReportsController>(nameof(Features.Reports.ReportsController.Index)), ReportCenter, 15),
        new(MenuGroups.System, "系统维护", "插件管理", MenuLink.To<PluginListController>(nameof(PluginListController.Index)), Plugins, 40),
        new(MenuGroups.Customers, null, "维护频次", MenuLink.To<VisitFrequenciesController>(nameof(VisitFrequenciesController.Index)), VisitFrequencies, 90),
    ];
}
