using LinqToDB;
using LinqToDB.Mapping;

namespace PostalCrm.Sdk.Customers;

/// <summary>商务客户: the enterprise. Its identity (name, 简称, code, district) is findable by anyone; details follow scope.</summary>
[Table("business_customers")]
public sealed class BusinessCustomer
{
    [Column("id"), PrimaryKey, Identity] public int Id { get; set; }
    /// <summary>商务客户代码.</summary>
    [Column("code", Length = 30), NotNull] public string Code { get; set; } = "";
    [Column("name", Length = 200), NotNull] public string Name { get; set; } = "";

    /// <summary>
    /// <see cref="CustomerNames.Key"/> of <see cref="Name"/>, unique in the database. Computed from the name whenever the
    /// row is written as an object (insert, bulk copy, update), so no writer can forget it; the setter ignores what is
    /// read back. A statement that sets only the name must set this column too.
    /// </summary>
    [Column("name_key", Length = CustomerNames.KeyLength), Nullable]
    public string NameKey { get => CustomerNames.Key(Name); set { } }

    [Column("short_name", Length = 100), NotNull] public string ShortName { get; set; } = "";
    [Column("industry_id"), Nullable] public int? IndustryId { get; set; }
    [Column("level_id"), Nullable] public int? LevelId { get; set; }
    /// <summary>总部客户: forces level 钻石级 (F-3.1).</summary>
    [Column("is_headquarters"), NotNull] public bool IsHeadquarters { get; set; }
    [Column("city_org_id"), NotNull] public int CityOrgId { get; set; }
    [Column("district_org_id"), NotNull] public int DistrictOrgId { get; set; }
    [Column("address", Length = 300), Nullable] public string? Address { get; set; }
    [Column("postcode", Length = 10), Nullable] public string? Postcode { get; set; }
    [Column("phone", Length = 30), Nullable] public string? Phone { get; set; }
    [Column("legal_person", Length = 50), Nullable] public string? LegalPerson { get; set; }
    [Column("remarks", Length = 500), Nullable] public string? Remarks { get; set; }
    /// <summary>True once a registration for it was finally approved (开发成功).</summary>
    [Column("developed"), NotNull] public bool Developed { get; set; }
    [Column("created_at"), NotNull] public DateTime CreatedAt { get; set; }
    [Column("created_by"), NotNull] public int CreatedBy { get; set; }
}

/// <summary>A customer's key-account numbers as one text, for a list's rows (SDK 1.10).</summary>
public static class CustomerKeyAccounts
{
    /// <summary>Between the numbers (digits only, so never inside one).</summary>
    public const string Separator = "、";

    /// <summary>
    /// The customer's assigned 大客户号 in the order they were given, joined by <see cref="Separator"/> ("" for none): one
    /// correlated sub-query on the key-account index per row, in the list's own statement. A second statement naming the
    /// page's ids was rendered again on every request; linq2db's own <c>string.Join</c> of a sub-query became, on
    /// PostgreSQL, an aggregate with a FILTER over every key account per row (200 ms for a page).
    /// </summary>
    [Sql.Expression(ProviderName.PostgreSQL, "coalesce((SELECT string_agg(ka.number, '、' ORDER BY ka.id) FROM key_accounts ka WHERE ka.customer_id = {0} AND ka.number IS NOT NULL), '')", ServerSideOnly = true)]
    [Sql.Expression(ProviderName.SQLite, "coalesce((SELECT group_concat(n.number, '、') FROM (SELECT ka.number FROM key_accounts ka WHERE ka.customer_id = {0} AND ka.number IS NOT NULL ORDER BY ka.id) n), '')", ServerSideOnly = true)]
    public static string NumbersOf(int customerId) => throw new InvalidOperationException("server-side only");
}

/// <summary>大客户: a billing identity of a business customer; gets its number on final approval.</summary>
[Table("key_accounts")]
public sealed class KeyAccount
{
    [Column("id"), PrimaryKey, Identity] public int Id { get; set; }
    [Column("customer_id"), NotNull] public int CustomerId { get; set; }
    [Column("name", Length = 200), NotNull] public string Name { get; set; } = "";
    /// <summary>大客户号: null until assigned; unique (a database constraint is the last guard).</summary>
    [Column("number", Length = 20), Nullable] public string? Number { get; set; }
    [Column("org_unit_id"), NotNull] public int OrgUnitId { get; set; }
    [Column("created_at"), NotNull] public DateTime CreatedAt { get; set; }
}

/// <summary>业务关系: customer × postal department × product line (× business type) × customer manager.</summary>
[Table("business_relationships")]
public sealed class BusinessRelationship
{
    [Column("id"), PrimaryKey, Identity] public int Id { get; set; }
    [Column("customer_id"), NotNull] public int CustomerId { get; set; }
    [Column("key_account_id"), Nullable] public int? KeyAccountId { get; set; }
    /// <summary>The cooperating postal department (合作部门).</summary>
    [Column("org_unit_id"), NotNull] public int OrgUnitId { get; set; }
    [Column("manager_user_id"), NotNull] public int ManagerUserId { get; set; }
    [Column("product_line_id"), NotNull] public int ProductLineId { get; set; }
    [Column("business_type_id"), Nullable] public int? BusinessTypeId { get; set; }
    /// <summary>Only approved relationships count for scope and usage entry.</summary>
    [Column("approved"), NotNull] public bool Approved { get; set; }
    [Column("created_at"), NotNull] public DateTime CreatedAt { get; set; }
}

/// <summary>客户联系人.</summary>
[Table("contacts")]
public sealed class Contact
{
    [Column("id"), PrimaryKey, Identity] public int Id { get; set; }
    [Column("customer_id"), NotNull] public int CustomerId { get; set; }
    [Column("name", Length = 50), NotNull] public string Name { get; set; } = "";
    [Column("department", Length = 100), Nullable] public string? Department { get; set; }
    [Column("title", Length = 50), Nullable] public string? Title { get; set; }
    [Column("phone", Length = 30), Nullable] public string? Phone { get; set; }
    [Column("mobile", Length = 30), Nullable] public string? Mobile { get; set; }
    [Column("email", Length = 100), Nullable] public string? Email { get; set; }
    [Column("deleted"), NotNull] public bool Deleted { get; set; }
}
