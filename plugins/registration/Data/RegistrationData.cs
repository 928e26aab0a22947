using LinqToDB;
using LinqToDB.Mapping;
using PostalCrm.Sdk.Customers;

namespace PostalCrm.Plugins.Registration.Data;

/// <summary>Where an application stands (F-3.3). Rejected at any stage ends the round; 重新申请 starts a new one.</summary>
public enum ApplicationStatus
{
    /// <summary>已提交, 待预审 (the city centre may also take it straight to initial review).</summary>
    Submitted = 0,
    /// <summary>预审通过, 待初审.</summary>
    PreApproved = 1,
    /// <summary>初审通过, 待终审.</summary>
    InitialApproved = 2,
    /// <summary>终审通过: 开发成功, number assigned.</summary>
    Approved = 3,
    /// <summary>驳回 (pre or initial review) or 开发失败 (final review); see <see cref="RegistrationApplication.RejectedStage"/>.</summary>
    Rejected = 4,
}

public enum ReviewStage
{
    Pre = 1,
    Initial = 2,
    Final = 3,
}

public enum ApplicationSource
{
    /// <summary>客户注册申报 in the portal.</summary>
    Portal = 0,
    /// <summary>电子化支局 through the ESB (F-3.11).</summary>
    EBranch = 1,
}

/// <summary>
/// A registration application (客户注册申报). For a new customer (F-3.1) the customer's details live here until final
/// approval creates the <c>BusinessCustomer</c>; for an existing one (F-3.2) <see cref="ExistingCustomerId"/> names
/// it and its basic info is not changed here. The business relationship, key account and contact are part of it.
/// </summary>
[Table("registration_applications")]
public sealed class RegistrationApplication
{
    [Column("id"), PrimaryKey, Identity] public int Id { get; set; }
    [Column("source"), NotNull] public ApplicationSource Source { get; set; }
    [Column("status"), NotNull] public ApplicationStatus Status { get; set; }
    [Column("rejected_stage"), Nullable] public ReviewStage? RejectedStage { get; set; }
    /// <summary>1 for the first submission, +1 for each 重新申请.</summary>
    [Column("round"), NotNull] public int Round { get; set; } = 1;

    [Column("applicant_user_id"), NotNull] public int ApplicantUserId { get; set; }
    /// <summary>The applicant's own unit (scope of 注册维护 and of city-level pre-review).</summary>
    [Column("applicant_org_unit_id"), NotNull] public int ApplicantOrgUnitId { get; set; }
    /// <summary>The applicant's city: a customer's district must lie in it (no cross-city application).</summary>
    [Column("city_org_id"), NotNull] public int CityOrgId { get; set; }
    /// <summary>The customer's district (区县): who pre-reviews, and whose number range serves a new key account.</summary>
    [Column("district_org_id"), NotNull] public int DistrictOrgId { get; set; }

    // — customer (F-3.1 new: typed here; F-3.2 existing: ExistingCustomerId) —
    [Column("existing_customer_id"), Nullable] public int? ExistingCustomerId { get; set; }
    [Column("customer_name", Length = 200), NotNull] public string CustomerName { get; set; } = "";

    /// <summary><see cref="CustomerNames.Key"/> of <see cref="CustomerName"/> (computed on every object write): pending applications for one new customer are found under any spelling.</summary>
    [Column("customer_name_key", Length = CustomerNames.KeyLength), Nullable]
    public string CustomerNameKey { get => CustomerNames.Key(CustomerName); set { } }

    [Column("customer_short_name", Length = 100), NotNull] public string CustomerShortName { get; set; } = "";
    [Column("industry_id"), Nullable] public int? IndustryId { get; set; }
    [Column("level_id"), Nullable] public int? LevelId { get; set; }
    [Column("is_headquarters"), NotNull] public bool IsHeadquarters { get; set; }
    [Column("address", Length = 300), Nullable] public string? Address { get; set; }
    [Column("postcode", Length = 10), Nullable] public string? Postcode { get; set; }
    [Column("phone", Length = 30), Nullable] public string? Phone { get; set; }
    [Column("legal_person", Length = 50), Nullable] public string? LegalPerson { get; set; }
    [Column("remarks", Length = 500), Nullable] public string? Remarks { get; set; }

    // — business relationship (step 2) —
    /// <summary>邮政部门: the cooperating postal department.</summary>
    [Column("postal_org_unit_id"), NotNull] public int PostalOrgUnitId { get; set; }
    /// <summary>邮政客户经理: a customer manager of that department.</summary>
    [Column("manager_user_id"), NotNull] public int ManagerUserId { get; set; }
    /// <summary>An existing key account of the customer (its number is reused) …</summary>
    [Column("existing_key_account_id"), Nullable] public int? ExistingKeyAccountId { get; set; }
    /// <summary>… or the name of a new one (only a new one gets a number).</summary>
    [Column("new_key_account_name", Length = 200), Nullable] public string? NewKeyAccountName { get; set; }
    /// <summary>A contact picked from the customer's contacts (read-only) …</summary>
    [Column("existing_contact_id"), Nullable] public int? ExistingContactId { get; set; }
    /// <summary>… or one typed here.</summary>
    [Column("contact_name", Length = 50), Nullable] public string? ContactName { get; set; }
    [Column("contact_department", Length = 100), Nullable] public string? ContactDepartment { get; set; }
    [Column("contact_title", Length = 50), Nullable] public string? ContactTitle { get; set; }
    [Column("contact_phone", Length = 30), Nullable] public string? ContactPhone { get; set; }
    [Column("contact_mobile", Length = 30), Nullable] public string? ContactMobile { get; set; }
    [Column("contact_email", Length = 100), Nullable] public string? ContactEmail { get; set; }

    // — result of final approval —
    [Column("result_customer_id"), Nullable] public int? ResultCustomerId { get; set; }
    [Column("result_key_account_id"), Nullable] public int? ResultKeyAccountId { get; set; }
    /// <summary>大客户号 kept or assigned.</summary>
    [Column("key_account_no", Length = 20), Nullable] public string? KeyAccountNo { get; set; }

    /// <summary>For F-3.11: the e-branch system's own reference, unique per source.</summary>
    [Column("external_ref", Length = 64), Nullable] public string? ExternalRef { get; set; }
    /// <summary>For F-3.11: the configured API client that submitted it (only that client reads it back).</summary>
    [Column("ebranch_client", Length = 100), Nullable] public string? EBranchClient { get; set; }
    [Column("created_at"), NotNull] public DateTime CreatedAt { get; set; }
    [Column("updated_at"), NotNull] public DateTime UpdatedAt { get; set; }
    /// <summary>提交时间: set by 申报 and by each 重新申请 (the review lists show it, not the last update).</summary>
    [Column("submitted_at"), NotNull] public DateTime SubmittedAt { get; set; }

    public bool IsNewCustomer => ExistingCustomerId is null;
}

/// <summary>An application's product lines for a list's rows: their ids, each once, joined by ",".</summary>
public static class ApplicationLineIds
{
    /// <summary>
    /// One correlated sub-query on the lines' application index per row, in the list's own statement (a second statement
    /// naming the page's ids was a statement more per page); null without lines. Ids, not names: the names and their order
    /// come from the remembered product lines. Joining product_lines in every row's sub-query was a third of PostgreSQL's
    /// time for a stage list's statement (终审 of a city, pgbench: 1.13–1.44 → 0.85–0.88 ms a statement).
    /// </summary>
    [Sql.Expression(ProviderName.PostgreSQL, "(SELECT string_agg(DISTINCT al.product_line_id::text, ',') FROM registration_application_lines al WHERE al.application_id = {0})", ServerSideOnly = true)]
    [Sql.Expression(ProviderName.SQLite, "(SELECT group_concat(DISTINCT al.product_line_id) FROM registration_application_lines al WHERE al.application_id = {0})", ServerSideOnly = true)]
    public static string? Of(int applicationId) => throw new InvalidOperationException("server-side only");

    /// <summary>The ids of <see cref="Of"/>'s text.</summary>
    public static int[] Parse(string? joined) =>
        string.IsNullOrEmpty(joined) ? [] : [.. joined.Split(',').Select(id => int.Parse(id, System.Globalization.CultureInfo.InvariantCulture))];
}

/// <summary>One product line (专业) with its business type (业务类型) of an application.</summary>
[Table("registration_application_lines")]
public sealed class ApplicationLine
{
    [Column("id"), PrimaryKey, Identity] public int Id { get; set; }
    [Column("application_id"), NotNull] public int ApplicationId { get; set; }
    [Column("product_line_id"), NotNull] public int ProductLineId { get; set; }
    [Column("business_type_id"), NotNull] public int BusinessTypeId { get; set; }
}

/// <summary>The history of every stage: who, when, decision, opinion (kept across re-applications).</summary>
[Table("registration_reviews")]
public sealed class ApplicationReview
{
    [Column("id"), PrimaryKey, Identity] public int Id { get; set; }
    [Column("application_id"), NotNull] public int ApplicationId { get; set; }
    [Column("round"), NotNull] public int Round { get; set; }
    [Column("stage"), NotNull] public ReviewStage Stage { get; set; }
    [Column("approved"), NotNull] public bool Approved { get; set; }
    [Column("opinion", Length = 500), NotNull] public string Opinion { get; set; } = "";
    [Column("reviewer_user_id"), NotNull] public int ReviewerUserId { get; set; }
    [Column("reviewer_org_unit_id"), NotNull] public int ReviewerOrgUnitId { get; set; }
    [Column("reviewed_at"), NotNull] public DateTime ReviewedAt { get; set; }
}
