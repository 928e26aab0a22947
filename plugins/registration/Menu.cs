using PostalCrm.Sdk.Plugins;

namespace PostalCrm.Plugins.Registration;

/// <summary>客户管理 menu, labels as in the manual (ch. 3).</summary>
public static class RegistrationMenu
{
    public static readonly IReadOnlyList<MenuEntry> Entries =
    [
        new(MenuGroups.Customers, "客户注册", "客户注册申报", "/registration/apply", RegistrationPermissions.Apply, 10),
        new(MenuGroups.Customers, "客户注册", "客户注册维护", "/registration/applications", RegistrationPermissions.OwnApplications, 11),
        new(MenuGroups.Customers, "客户注册", "客户注册审批", "/registration/review", RegistrationPermissions.PreReview, 12),
        new(MenuGroups.Customers, "客户注册", "客户注册审批", "/registration/review", RegistrationPermissions.InitialReview, 12),
        new(MenuGroups.Customers, "客户资源", "客户信息维护管理", "/registration/customers", RegistrationPermissions.MaintainCustomers, 20),
        new(MenuGroups.Customers, "客户资源", "客户资料调取申请", "/registration/access/new", RegistrationPermissions.RequestAccess, 21),
        new(MenuGroups.Customers, "客户资源", "客户资料调取审批", "/registration/access/review", RegistrationPermissions.ApproveAccess, 22),
        new(MenuGroups.Customers, "客户资源", "共享客户信息查看", "/registration/access", RegistrationPermissions.RequestAccess, 23),
        new(MenuGroups.Customers, "客户资源", "商务客户信息导入", "/registration/import", RegistrationPermissions.Import, 24),
    ];
}
