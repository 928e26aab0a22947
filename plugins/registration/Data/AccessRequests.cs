using LinqToDB.Mapping;
using PostalCrm.Sdk.Customers;

namespace PostalCrm.Plugins.Registration.Data;

/// <summary>Where a data-access request stands (F-3.8).</summary>
public enum AccessRequestStatus
{
    /// <summary>待审批.</summary>
    Pending = 0,
    /// <summary>已批准 (all or part of what was asked).</summary>
    Approved = 1,
    /// <summary>已驳回.</summary>
    Rejected = 2,
}

/// <summary>
/// 客户资料调取申请 (F-3.8): a user asks to see a customer outside their scope; the key-account centre of the customer's
/// city (or the provincial centre) approves all, part, or rejects. Only approved requests open details, and only
/// <see cref="Granted"/> (F-3.9, through <c>ICustomerAccessGrants</c>).
/// </summary>
[Table("registration_access_requests")]
public sealed class AccessRequest
{
    [Column("id"), PrimaryKey, Identity] public int Id { get; set; }
    [Column("requester_user_id"), NotNull] public int RequesterUserId { get; set; }
    [Column("requester_org_unit_id"), NotNull] public int RequesterOrgUnitId { get; set; }
    [Column("customer_id"), NotNull] public int CustomerId { get; set; }
    /// <summary>
    /// The customer's city, copied at creation (a customer's city never changes: 修改 keeps the district in its city):
    /// 审批's scope rule applies to it, so the review lists and their count read one index instead of a city's customers.
    /// </summary>
    [Column("customer_city_org_id"), NotNull] public int CustomerCityOrgId { get; set; }
    /// <summary>申请内容: 基本信息 / 业务信息 / 全部信息.</summary>
    [Column("requested"), NotNull] public CustomerDetail Requested { get; set; }
    /// <summary>What the approver opened (a part of <see cref="Requested"/>); None unless approved.</summary>
    [Column("granted"), NotNull] public CustomerDetail Granted { get; set; }
    [Column("reason", Length = 500), NotNull] public string Reason { get; set; } = "";
    [Column("status"), NotNull] public AccessRequestStatus Status { get; set; }
    [Column("approver_user_id"), Nullable] public int? ApproverUserId { get; set; }
    [Column("opinion", Length = 500), Nullable] public string? Opinion { get; set; }
    [Column("requested_at"), NotNull] public DateTime RequestedAt { get; set; }
    [Column("decided_at"), Nullable] public DateTime? DecidedAt { get; set; }
}

/// <summary>Chinese names of access-request contents and states.</summary>
public static class AccessNames
{
    public static string Of(CustomerDetail detail) => detail switch
    {
        CustomerDetail.All => "全部信息",
        CustomerDetail.Basic => "基本信息",
        CustomerDetail.Business => "业务信息",
        _ => "无",
    };

    public static string Of(AccessRequestStatus status) => status switch
    {
        AccessRequestStatus.Pending => "待审批",
        AccessRequestStatus.Approved => "已批准",
        AccessRequestStatus.Rejected => "已驳回",
        _ => status.ToString(),
    };
}
