using System.ComponentModel.DataAnnotations;

namespace PostalCrm.Plugins.Registration.Applications;

/// <summary>
/// Everything an application says (F-3.1/3.2), by ids: posted by the 客户注册申报 wizard (carried through its steps in
/// hidden fields), by 重新申请, and built from codes by the e-branch API. Validated only by <see cref="ApplicationService"/>.
/// </summary>
public sealed class ApplicationInput
{
    // — customer —
    /// <summary>F-3.2: an existing business customer; its basic info below is then ignored (changed only through F-3.7).</summary>
    public int? ExistingCustomerId { get; set; }
    [Display(Name = "客户名称")] public string? CustomerName { get; set; }
    [Display(Name = "客户简称")] public string? CustomerShortName { get; set; }
    [Display(Name = "所属行业")] public int? IndustryId { get; set; }
    [Display(Name = "客户级别")] public int? LevelId { get; set; }
    [Display(Name = "总部客户")] public bool IsHeadquarters { get; set; }
    [Display(Name = "所在地区")] public int? DistrictOrgId { get; set; }
    [Display(Name = "地址")] public string? Address { get; set; }
    [Display(Name = "邮编")] public string? Postcode { get; set; }
    [Display(Name = "电话")] public string? Phone { get; set; }
    [Display(Name = "法人代表")] public string? LegalPerson { get; set; }
    [Display(Name = "备注")] public string? Remarks { get; set; }

    // — business relationship —
    [Display(Name = "邮政部门")] public int? PostalOrgUnitId { get; set; }
    [Display(Name = "邮政客户经理")] public int? ManagerUserId { get; set; }
    /// <summary>The ticked product lines (专业).</summary>
    public List<int> ProductLineIds { get; set; } = [];
    /// <summary>Per chosen product line, its business types (several may be chosen: F-3.1, the manual's 专业及业务类型).</summary>
    public Dictionary<int, List<int>> BusinessTypes { get; set; } = [];
    [Display(Name = "大客户")] public int? ExistingKeyAccountId { get; set; }
    [Display(Name = "新大客户名称")] public string? NewKeyAccountName { get; set; }
    [Display(Name = "客户联系人")] public int? ExistingContactId { get; set; }
    [Display(Name = "联系人姓名")] public string? ContactName { get; set; }
    [Display(Name = "联系人部门")] public string? ContactDepartment { get; set; }
    [Display(Name = "联系人职务")] public string? ContactTitle { get; set; }
    [Display(Name = "联系人电话")] public string? ContactPhone { get; set; }
    [Display(Name = "联系人手机")] public string? ContactMobile { get; set; }
    [Display(Name = "联系人邮箱")] public string? ContactEmail { get; set; }
}

/// <summary>One broken rule: the field it concerns (a key of the API body) and its Chinese message.</summary>
public sealed record FieldError(string Field, string Message);

/// <summary>Field keys of <see cref="FieldError"/> (the e-branch API's JSON names).</summary>
public static class Fields
{
    public const string Applicant = "applicantLogin";
    public const string Customer = "customerCode";
    public const string CustomerName = "customerName";
    public const string ShortName = "customerShortName";
    public const string Industry = "industry";
    public const string Level = "level";
    public const string District = "districtCode";
    public const string Address = "address";
    public const string Postcode = "postcode";
    public const string Phone = "phone";
    public const string LegalPerson = "legalPerson";
    public const string Remarks = "remarks";
    public const string Department = "departmentCode";
    public const string Manager = "managerLogin";
    public const string Lines = "lines";
    public const string KeyAccount = "keyAccountNumber";
    public const string NewKeyAccount = "newKeyAccountName";
    public const string Contact = "contact";
    public const string ContactName = "contactName";
    public const string ContactDetails = "contactDetails";
}

/// <summary>An application's rules were broken; the portal shows every message, the API answers 400 per field.</summary>
public sealed class ApplicationInvalidException(IReadOnlyList<FieldError> errors) : Exception(string.Join(";", errors.Select(e => e.Message)))
{
    public IReadOnlyList<FieldError> Errors { get; } = errors;
}
