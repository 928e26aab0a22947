using PostalCrm.Plugins.Registration.Data;
using PostalCrm.Sdk.Customers;

namespace PostalCrm.Plugins.Registration.CustomerAccess;

/// <summary>客户资料调取申请: 申请客户 (picked from the fuzzy search), 申请内容, 申请原因 (the 申请人 is the user).</summary>
public sealed class AccessRequestForm
{
    /// <summary>The pick-list search text, kept so a refused form shows the same choices.</summary>
    public string? Keyword { get; set; }
    public int CustomerId { get; set; }
    public CustomerDetail Content { get; set; } = CustomerDetail.All;
    public string? Reason { get; set; }
}

/// <summary>One line of the pick-list: identity only, and whether the user already sees the customer by role.</summary>
public sealed record CustomerChoice(CustomerIdentity Identity, bool InScope);

public sealed class CustomerChoices
{
    public string Keyword { get; init; } = "";
    public IReadOnlyList<CustomerChoice> Items { get; init; } = [];
    public int SelectedId { get; init; }
}

public sealed class AccessNewPage
{
    public required AccessRequestForm Form { get; init; }
    public required CustomerChoices Choices { get; init; }
    public required string Requester { get; init; }
}

/// <summary>A request as listed under 共享客户信息查看 and 客户资料调取审批.</summary>
public sealed class AccessRequestRow
{
    public int Id { get; init; }
    public DateTime RequestedAt { get; init; }
    public int CustomerId { get; init; }
    public string CustomerName { get; init; } = "";
    public string CustomerCode { get; init; } = "";
    public string District { get; init; } = "";
    public CustomerDetail Requested { get; init; }
    public CustomerDetail Granted { get; init; }
    public string Requester { get; init; } = "";
    public string RequesterUnit { get; init; } = "";
    public string Reason { get; init; } = "";
    public AccessRequestStatus Status { get; init; }
    public string? Approver { get; init; }
    public string? Opinion { get; init; }
    public DateTime? DecidedAt { get; init; }
}

public sealed class AccessReviewList
{
    /// <summary>The <c>view</c> of the 已审批 tab's address.</summary>
    public const string DecidedView = "decided";

    /// <summary>The 已审批 tab (true) or 待审批.</summary>
    public bool Decided { get; init; }
    public required IReadOnlyList<AccessRequestRow> Rows { get; init; }
    /// <summary>The page (from 1), the pages and how many requests the tab holds in all.</summary>
    public int Page { get; init; } = 1;
    public int Pages { get; init; } = 1;
    public int Total { get; init; }
}

/// <summary>审批: approve all or part (基本信息 / 业务信息 of what was asked) or reject, with an opinion.</summary>
public sealed class AccessDecisionForm
{
    /// <summary>"approve" or "reject" (the button pressed).</summary>
    public string? Decision { get; set; }
    public bool GrantBasic { get; set; }
    public bool GrantBusiness { get; set; }
    public string? Opinion { get; set; }
}

public sealed class AccessReviewPage
{
    public required AccessRequestRow Request { get; init; }
    public required AccessDecisionForm Form { get; init; }
}
