using PostalCrm.Sdk.Customers;

namespace PostalCrm.Plugins.Registration.CustomerInfo;

/// <summary>客户信息维护管理 query: 客户名称 (fuzzy), 大客户号, 所属行业, 客户级别, page.</summary>
public sealed class CustomerFilter
{
    public string? Name { get; set; }
    public string? Number { get; set; }
    public int? IndustryId { get; set; }
    public int? LevelId { get; set; }
    public int Page { get; set; } = 1;
}

public sealed class CustomerRow
{
    public int Id { get; init; }
    public string Code { get; init; } = "";
    public string Name { get; init; } = "";
    public string ShortName { get; init; } = "";
    public string? Industry { get; init; }
    public string? Level { get; init; }
    public string District { get; init; } = "";
    public string? Phone { get; init; }
    /// <summary>The key-account numbers, in the order they were given, joined by <see cref="CustomerKeyAccounts.Separator"/>.</summary>
    public string NumbersJoined { get; init; } = "";
}

public sealed record Choice(int Id, string Name);

public sealed class CustomerListPage
{
    public required CustomerFilter Filter { get; init; }
    public required IReadOnlyList<CustomerRow> Rows { get; init; }
    public int Total { get; init; }
    /// <summary>The count stopped at <see cref="Total"/>: there are more (shown as "10,000+").</summary>
    public bool TotalIsAtLeast { get; init; }
    public int PageSize { get; init; }
    public int Pages => Math.Max(1, (Total + PageSize - 1) / PageSize);
    public bool HasNext => Filter.Page < Pages || TotalIsAtLeast;
    public string TotalText => TotalIsAtLeast ? Total.ToString("N0", System.Globalization.CultureInfo.InvariantCulture) + "+" : Total.ToString(System.Globalization.CultureInfo.InvariantCulture);
    public string PagesText => TotalIsAtLeast ? Pages.ToString(System.Globalization.CultureInfo.InvariantCulture) + "+" : Pages.ToString(System.Globalization.CultureInfo.InvariantCulture);
    public IReadOnlyList<Choice> Industries { get; init; } = [];
    public IReadOnlyList<Choice> Levels { get; init; } = [];
}

/// <summary>客户基本信息 as shown (F-3.7 and the 基本信息 page of F-3.9).</summary>
public sealed class CustomerBasicInfo
{
    public int Id { get; init; }
    public string Code { get; init; } = "";
    public string Name { get; init; } = "";
    public string ShortName { get; init; } = "";
    public string? Industry { get; init; }
    public string? Level { get; init; }
    public bool IsHeadquarters { get; init; }
    public string City { get; init; } = "";
    public string District { get; init; } = "";
    public string? Address { get; init; }
    public string? Postcode { get; init; }
    public string? Phone { get; init; }
    public string? LegalPerson { get; init; }
    public string? Remarks { get; init; }
    public bool Developed { get; init; }
    public IReadOnlyList<Contact> Contacts { get; init; } = [];
}

public sealed class KeyAccountRow
{
    public int Id { get; init; }
    public string Name { get; init; } = "";
    public string? Number { get; init; }
    public string OrgUnit { get; init; } = "";
}

public sealed class RelationshipRow
{
    public int Id { get; init; }
    public string Department { get; init; } = "";
    public int DepartmentId { get; init; }
    public string ProductLine { get; init; } = "";
    public int ProductLineId { get; init; }
    public string? BusinessType { get; init; }
    public string Manager { get; init; } = "";
    public string? ManagerPhone { get; init; }
    public string? KeyAccount { get; init; }
    public string? KeyAccountNo { get; init; }
    public bool Approved { get; init; }
}

/// <summary>业务信息: the customer's business with the post (F-3.9 业务信息 page, and the maintenance details).</summary>
public sealed class CustomerBusinessInfo
{
    public int Id { get; init; }
    public string Name { get; init; } = "";
    public string ShortName { get; init; } = "";
    public IReadOnlyList<KeyAccountRow> KeyAccounts { get; init; } = [];
    public IReadOnlyList<RelationshipRow> Relationships { get; init; } = [];
}

public sealed class CustomerDetailsPage
{
    public required CustomerBasicInfo Basic { get; init; }
    public required CustomerBusinessInfo Business { get; init; }
}

/// <summary>修改 客户基本信息. The code (商务客户代码) and the city are not editable.</summary>
public sealed class CustomerEditForm
{
    public string? Name { get; set; }
    public string? ShortName { get; set; }
    public int? IndustryId { get; set; }
    public int? LevelId { get; set; }
    public bool IsHeadquarters { get; set; }
    public int DistrictOrgId { get; set; }
    public string? Address { get; set; }
    public string? Postcode { get; set; }
    public string? Phone { get; set; }
    public string? LegalPerson { get; set; }
    public string? Remarks { get; set; }
}

public sealed class CustomerEditPage
{
    public required int CustomerId { get; init; }
    public required string Code { get; init; }
    public required string City { get; init; }
    public required CustomerEditForm Form { get; init; }
    public IReadOnlyList<Choice> Industries { get; init; } = [];
    public IReadOnlyList<Choice> Levels { get; init; } = [];
    public IReadOnlyList<Choice> Districts { get; init; } = [];
    public int DiamondLevelId { get; init; }
}

/// <summary>修改 a business relationship: manager, business type, key account (department and product line stay).</summary>
public sealed class RelationshipEditForm
{
    public int ManagerUserId { get; set; }
    public int? BusinessTypeId { get; set; }
    public int? KeyAccountId { get; set; }
}

/// <summary>新增 a business relationship for another product line.</summary>
public sealed class RelationshipNewForm
{
    public int OrgUnitId { get; set; }
    public int ProductLineId { get; set; }
    public int? BusinessTypeId { get; set; }
    public int ManagerUserId { get; set; }
    public int? KeyAccountId { get; set; }
}

public sealed record BusinessTypeChoice(int Id, int ProductLineId, string ProductLine, string Name);

public sealed record ManagerChoice(int Id, int OrgUnitId, string Name, string Department);

public sealed class RelationshipsPage
{
    public required CustomerBusinessInfo Business { get; init; }
    public IReadOnlyList<ManagerChoice> Managers { get; init; } = [];
    public IReadOnlyList<Choice> Departments { get; init; } = [];
    public IReadOnlyList<Choice> ProductLines { get; init; } = [];
    public IReadOnlyList<BusinessTypeChoice> BusinessTypes { get; init; } = [];
    public RelationshipNewForm NewForm { get; init; } = new();
}

public sealed class RelationshipEditPage
{
    public required int CustomerId { get; init; }
    public required string CustomerName { get; init; }
    public required RelationshipRow Relationship { get; init; }
    public required RelationshipEditForm Form { get; init; }
    public IReadOnlyList<ManagerChoice> Managers { get; init; } = [];
    public IReadOnlyList<BusinessTypeChoice> BusinessTypes { get; init; } = [];
    public IReadOnlyList<KeyAccountRow> KeyAccounts { get; init; } = [];
}

public sealed class ContactForm
{
    public string? Name { get; set; }
    public string? Department { get; set; }
    public string? Title { get; set; }
    public string? Phone { get; set; }
    public string? Mobile { get; set; }
    public string? Email { get; set; }
}

public sealed class ContactsPage
{
    public required int CustomerId { get; init; }
    public required string CustomerName { get; init; }
    public required IReadOnlyList<Contact> Contacts { get; init; }
    public ContactForm Form { get; init; } = new();
}

/// <summary>Formatting for the customer-resource pages.</summary>
public static class CustomerDisplay
{
    /// <summary>A stored UTC time as Beijing time (UTC+8).</summary>
    public static string Time(DateTime utc) => PostalCrm.Sdk.Time.BeijingTime.Display(utc);

    public static string Text(string? value) => string.IsNullOrWhiteSpace(value) ? "—" : value;
}
