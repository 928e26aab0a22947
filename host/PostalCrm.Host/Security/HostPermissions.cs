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
    ];

    public static readonly IReadOnlyList<MenuEntry> Menu =
    [
        new(MenuGroups.System, null, "密码修改", "/Account/ChangePassword", ChangePassword, 10),
        new(MenuGroups.System, "系统维护", "机构管理", "/admin/org-units", OrgUnits, 20),
        new(MenuGroups.System, "系统维护", "用户管理", "/admin/users", Users, 21),
        new(MenuGroups.System, "系统维护", "角色权限", "/admin/roles", Roles, 22),
        new(MenuGroups.System, "系统维护", "号码段管理", "/admin/number-ranges", NumberRanges, 23),
        new(MenuGroups.System, "基础数据", "专业与业务类型", "/admin/reference/product-lines", ReferenceData, 30),
        new(MenuGroups.System, "基础数据", "客户级别", "/admin/reference/levels", ReferenceData, 31),
        new(MenuGroups.System, "基础数据", "行业", "/admin/reference/industries", ReferenceData, 32),
        new(MenuGroups.System, "基础数据", "关注指标目录", "/admin/reference/indicators", ReferenceData, 33),
        new(MenuGroups.System, "系统维护", "插件管理", "/admin/plugins", Plugins, 40),
        new(MenuGroups.Customers, null, "维护频次", "/admin/visit-frequencies", VisitFrequencies, 90),
    ];
}
