using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Unicode;

namespace PostalCrm.Plugins.Registration.EBranch;

/// <summary>POST body of the e-branch channel (F-3.11): codes and names instead of ids.</summary>
public sealed class EBranchApplicationRequest
{
    /// <summary>The e-branch system's own reference: the same one twice returns the first application.</summary>
    public string? ExternalRef { get; set; }
    /// <summary>The customer manager on whose behalf the application is made.</summary>
    public string? ApplicantLogin { get; set; }

    /// <summary>商务客户代码 of an existing customer (F-3.2); when given, the customer fields below are ignored.</summary>
    public string? CustomerCode { get; set; }
    public string? CustomerName { get; set; }
    public string? CustomerShortName { get; set; }
    public string? Industry { get; set; }
    public string? Level { get; set; }
    public bool IsHeadquarters { get; set; }
    public string? DistrictCode { get; set; }
    public string? Address { get; set; }
    public string? Postcode { get; set; }
    public string? Phone { get; set; }
    public string? LegalPerson { get; set; }
    public string? Remarks { get; set; }

    public string? DepartmentCode { get; set; }
    public string? ManagerLogin { get; set; }
    public List<EBranchLine>? Lines { get; set; }
    /// <summary>大客户号 of an existing key account of the customer (its number is reused) …</summary>
    public string? KeyAccountNumber { get; set; }
    /// <summary>… or the name of a new key account.</summary>
    public string? NewKeyAccountName { get; set; }

    public string? ContactName { get; set; }
    public string? ContactDepartment { get; set; }
    public string? ContactTitle { get; set; }
    public string? ContactPhone { get; set; }
    public string? ContactMobile { get; set; }
    public string? ContactEmail { get; set; }
}

public sealed class EBranchLine
{
    /// <summary>专业, e.g. 速递.</summary>
    public string? ProductLine { get; set; }
    /// <summary>业务类型 of that product line, e.g. 全业务.</summary>
    public string? BusinessType { get; set; }
}

/// <summary>What the e-branch system may read back: status, and after final approval the customer and its 大客户号.</summary>
public sealed record EBranchApplicationStatus(
    string ExternalRef, int ApplicationId, string Status, string StatusName, int Round, DateTime SubmittedAt,
    string? LastOpinion, string? KeyAccountNo, EBranchCustomer? Customer);

public sealed record EBranchCustomer(string Code, string Name, string ShortName, string? Industry, string? Level, bool IsHeadquarters,
    string City, string District, string? Address, string? Postcode, string? Phone, string? LegalPerson);

/// <summary>JSON of the API: camelCase, Chinese written as is.</summary>
public static class EBranchJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        Encoder = JavaScriptEncoder.Create(UnicodeRanges.All),
    };
}
