using PostalCrm.Plugins.Registration.Data;
using PostalCrm.Sdk.Customers;

namespace PostalCrm.Plugins.Registration.Review;

/// <summary>One row of the 客户注册审批 summary: a cooperating department (合作部门) and its applications by status.</summary>
public sealed class ReviewSummaryRow
{
    public int DepartmentId { get; init; }
    public string Department { get; init; } = "";
    /// <summary>申请客户数目: submitted, awaiting pre-review.</summary>
    public int Submitted { get; init; }
    /// <summary>预审通过客户数目: awaiting initial review.</summary>
    public int PreApproved { get; init; }
    /// <summary>初审通过客户数目: awaiting final review.</summary>
    public int InitialApproved { get; init; }
}

public sealed class ReviewSummary
{
    public IReadOnlyList<ReviewSummaryRow> Rows { get; init; } = [];
    public bool CanPre { get; init; }
    public bool CanInitial { get; init; }
    public bool CanFinal { get; init; }
}

/// <summary>One application in a stage list.</summary>
public sealed class ReviewListRow
{
    public int Id { get; init; }
    public string CustomerName { get; init; } = "";
    public bool IsNewCustomer { get; init; }
    public string District { get; init; } = "";
    public string Department { get; init; } = "";
    public string Applicant { get; init; } = "";
    public string ProductLines { get; init; } = "";
    public string Status { get; init; } = "";
    /// <summary>When it was submitted (申报 or the last 重新申请).</summary>
    public DateTime SubmittedAt { get; init; }
}

public sealed class ReviewStageList
{
    public ReviewStage Stage { get; init; }
    public int? DepartmentId { get; init; }
    public string? Department { get; init; }
    public IReadOnlyList<ReviewListRow> Rows { get; init; } = [];
    public int Page { get; init; } = 1;
    public int Pages { get; init; } = 1;
    public int Total { get; init; }
}

public sealed record ReviewLineView(string ProductLine, string BusinessType);

public sealed record ReviewHistoryView(int Round, string Stage, bool Approved, string Decision, string Opinion, string Reviewer, string ReviewerUnit, DateTime ReviewedAt);

/// <summary>The application detail a reviewer sees before deciding.</summary>
public sealed class ReviewDetail
{
    public RegistrationApplication Application { get; init; } = null!;
    public string Status { get; init; } = "";
    public string City { get; init; } = "";
    public string District { get; init; } = "";
    /// <summary>The customer's details as far as the viewer may see them.</summary>
    public required PostalCrm.Plugins.Registration.Applications.ApplicationCustomerView Customer { get; init; }
    /// <summary>For an existing customer (F-3.2): its code.</summary>
    public string? ExistingCustomerCode { get; init; }
    public string PostalDepartment { get; init; } = "";
    public string Manager { get; init; } = "";
    public IReadOnlyList<ReviewLineView> Lines { get; init; } = [];
    public string KeyAccountName { get; init; } = "";
    /// <summary>The number of the existing key account this application keeps, if any.</summary>
    public string? ExistingKeyAccountNumber { get; init; }
    public bool NeedsNumber { get; init; }
    public ContactView? Contact { get; init; }
    public bool ContactPicked { get; init; }
    public string Applicant { get; init; } = "";
    public string ApplicantUnit { get; init; } = "";
    public IReadOnlyList<ReviewHistoryView> History { get; init; } = [];
    /// <summary>The stages the current user may decide on now.</summary>
    public IReadOnlyList<ReviewStage> Actions { get; init; } = [];
    public bool CanAssignNumber { get; init; }
}

public sealed record ContactView(string Name, string? Department, string? Title, string? Phone, string? Mobile, string? Email);

/// <summary>The decision form (通过/驳回, or at final 开发成功/开发失败).</summary>
public sealed class ReviewDecisionForm
{
    public bool Approve { get; set; }
    public string? Opinion { get; set; }
}

/// <summary>F-3.4 手工赋码: final approval with a number given by hand.</summary>
public sealed class AssignNumberForm
{
    public string? Number { get; set; }
    public string? Opinion { get; set; }
}

public sealed class AssignNumberPage
{
    public ReviewDetail Detail { get; init; } = null!;
    public AssignNumberForm Form { get; init; } = new();
    /// <summary>The number the allocator would give next, as a hint.</summary>
    public string? NextFromRange { get; init; }
}

/// <summary>检查客户信息: the fuzzy search of existing customers.</summary>
public sealed class DuplicateCheck
{
    public string Keyword { get; init; } = "";
    public IReadOnlyList<CustomerIdentity> Matches { get; init; } = [];
    /// <summary>New-customer applications still in review whose names contain the keyword (any spelling).</summary>
    public IReadOnlyList<PendingNameMatch> Pending { get; init; } = [];
}

/// <summary>A pending application's identity only: number, name, district, where it stands.</summary>
public sealed record PendingNameMatch(int ApplicationId, string CustomerName, string District, string Status, DateTime SubmittedAt);
