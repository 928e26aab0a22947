using PostalCrm.Plugins.Registration.Applications;
using PostalCrm.Plugins.Registration.Apply;
using PostalCrm.Plugins.Registration.CustomerAccess;
using PostalCrm.Plugins.Registration.CustomerImport;
using PostalCrm.Plugins.Registration.CustomerInfo;
using PostalCrm.Plugins.Registration.Review;
using PostalCrm.Sdk.Plugins;

namespace PostalCrm.Plugins.Registration;

/// <summary>客户管理 menu, labels as in the manual (ch. 3).</summary>
public static class RegistrationMenu
{
    private const string Index = "Index";

    public static readonly IReadOnlyList<MenuEntry> Entries =
    [
        new(MenuGroups.Customers, "客户注册", "客户注册申报", MenuLink.To<ApplyController>(nameof(ApplyController.Index)), RegistrationPermissions.Apply, 10),
        new(MenuGroups.Customers, "客户注册", "客户注册维护", MenuLink.To<ApplicationsController>(nameof(ApplicationsController.Index)), RegistrationPermissions.OwnApplications, 11),
        // ReviewView is implied by 预审, 初审 and 终审 (see RegistrationPermissions).
        new(MenuGroups.Customers, "客户注册", "客户注册审批", MenuLink.To<ReviewController>(nameof(ReviewController.Index)), RegistrationPermissions.ReviewView, 12),
        new(MenuGroups.Customers, "客户资源", "客户信息维护管理", MenuLink.To<CustomerInfoController>(Index), RegistrationPermissions.MaintainCustomers, 20),
        new(MenuGroups.Customers, "客户资源", "客户资料调取申请", MenuLink.To<CustomerAccessController>(nameof(CustomerAccessController.New)), RegistrationPermissions.RequestAccess, 21),
        new(MenuGroups.Customers, "客户资源", "客户资料调取审批", MenuLink.To<CustomerAccessController>(nameof(CustomerAccessController.Review)), RegistrationPermissions.ApproveAccess, 22),
        new(MenuGroups.Customers, "客户资源", "共享客户信息查看", MenuLink.To<CustomerAccessController>(Index), RegistrationPermissions.RequestAccess, 23),
        new(MenuGroups.Customers, "客户资源", "商务客户信息导入", MenuLink.To<CustomerImportController>(nameof(CustomerImportController.Index)), RegistrationPermissions.Import, 24),
    ];
}
