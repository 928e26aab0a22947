using PostalCrm.Sdk.Plugins;
using PostalCrm.Sdk.Security;

namespace PostalCrm.Plugins.Registration;

public static class RegistrationPermissions
{
    /// <summary>F-3.1/3.2 客户注册申报.</summary>
    public const string Apply = "registration.apply.submit";
    /// <summary>F-3.5/3.6 客户注册维护 (own applications, re-apply).</summary>
    public const string OwnApplications = "registration.apply.view";
    /// <summary>F-3.3 预审 (district key-account dept; city specialist bureau for its product line).</summary>
    public const string PreReview = "registration.review.pre";
    /// <summary>F-3.3 the review list and an application's review page: implied by 预审, 初审 and 终审, never granted by default.</summary>
    public const string ReviewView = "registration.review.view";
    /// <summary>F-3.3 初审 (city key-account centre).</summary>
    public const string InitialReview = "registration.review.initial";
    /// <summary>F-3.3 终审 (city or provincial key-account centre).</summary>
    public const string FinalReview = "registration.review.final";
    /// <summary>F-3.4 manual number assignment by the key-account centre.</summary>
    public const string AssignNumber = "registration.number.assign";
    /// <summary>F-3.7 客户信息维护管理.</summary>
    public const string MaintainCustomers = "registration.customers.maintain";
    /// <summary>F-3.8 客户资料调取申请 and F-3.9 共享客户信息查看.</summary>
    public const string RequestAccess = "registration.access.request";
    /// <summary>F-3.8 approval by the key-account centre of the customer's city.</summary>
    public const string ApproveAccess = "registration.access.approve";
    /// <summary>F-3.10 商务客户信息导入.</summary>
    public const string Import = "registration.customers.import";

    private static readonly string[] Reviewers = [RoleCodes.DistrictDept, RoleCodes.CityBureau, RoleCodes.CityCentre, RoleCodes.ProvinceCentre];
    private static readonly string[] Centres = [RoleCodes.CityCentre, RoleCodes.ProvinceCentre];

    public static readonly IReadOnlyList<PermissionDefinition> All =
    [
        new(Apply, "客户注册申报", [RoleCodes.CustomerManager]),
        new(OwnApplications, "客户注册维护", [RoleCodes.CustomerManager]),
        new(PreReview, "客户注册预审", [RoleCodes.DistrictDept, RoleCodes.CityBureau]),
        new(InitialReview, "客户注册初审", [RoleCodes.CityCentre]),
        new(FinalReview, "客户注册终审", Centres),
        new(ReviewView, "客户注册审批查看", [], ImpliedBy: [PreReview, InitialReview, FinalReview]),
        new(AssignNumber, "手工赋大客户号", Centres),
        new(MaintainCustomers, "客户信息维护管理", [RoleCodes.CustomerManager, .. Reviewers]),
        new(RequestAccess, "客户资料调取申请", [RoleCodes.CustomerManager, .. Reviewers]),
        new(ApproveAccess, "客户资料调取审批", Centres),
        new(Import, "商务客户信息导入", [RoleCodes.Admin, .. Centres]),
    ];
}
