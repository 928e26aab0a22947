using PostalCrm.Plugins.Usage.Common;
using PostalCrm.Sdk.Lists;

namespace PostalCrm.Plugins.Usage.Features.Entry;

/// <summary>The key-account centre's customer search (any filter; all empty lists every customer in scope).</summary>
public sealed class EntrySearch
{
    /// <summary>Customer name, 简称 or code contains.</summary>
    public string? Keyword { get; set; }
    public int? LevelId { get; set; }
    public int? DistrictId { get; set; }
    /// <summary>Set by the 查询 button: a key-account centre user sees the list only after searching.</summary>
    public bool Search { get; set; }
    public int Page { get; set; } = 1;
}

/// <summary>One customer of the entry list (manual 图 5-2).</summary>
public sealed class EntryCustomerRow
{
    public int Id { get; init; }
    public string Code { get; init; } = "";
    public string Name { get; init; } = "";
    public string ShortName { get; init; } = "";
    public int? LevelId { get; init; }
    /// <summary>The level's name, set from the remembered levels after the page is read.</summary>
    public string? Level { get; set; }
    public long ThisYearFen { get; init; }
    public string? Phone { get; init; }
    /// <summary>综合客户: approved relationships in two or more product lines.</summary>
    public bool Comprehensive { get; init; }
    /// <summary>开发情况: final approval given (开发成功).</summary>
    public bool Developed { get; init; }
}

public sealed class EntryCustomersPage
{
    public required EntrySearch Search { get; init; }
    /// <summary>True for a customer manager: own customers, no search form.</summary>
    public bool OwnCustomersOnly { get; init; }
    public Paged<EntryCustomerRow>? Customers { get; init; }
    public IReadOnlyList<(int Id, string Name)> Levels { get; init; } = [];
    public IReadOnlyList<(int Id, string Name)> Districts { get; init; } = [];
}

/// <summary>One key account of a customer (manual 图 5-3).</summary>
public sealed class EntryAccountRow
{
    public int Id { get; init; }
    public string Number { get; init; } = "";
    public string Name { get; init; } = "";
    public long ThisYearFen { get; init; }
}

public sealed class EntryAccountsPage
{
    public required int CustomerId { get; init; }
    public required string CustomerName { get; init; }
    public required string CustomerShortName { get; init; }
    public required IReadOnlyList<EntryAccountRow> Accounts { get; init; }
}

/// <summary>The entry form (manual 图 5-4). Amounts in yuan as typed; the server checks every rule.</summary>
public sealed class EntryForm
{
    public DateOnly? UsageDate { get; set; }
    public int? ProductLineId { get; set; }
    public int? BusinessTypeId { get; set; }
    public long? Volume { get; set; }
    public decimal? Receivable { get; set; }
    public decimal? Actual { get; set; }
    /// <summary>客户经理: fixed to the user for a customer manager; chosen among the key account's managers otherwise.</summary>
    public int? ManagerUserId { get; set; }
    public string? Remarks { get; set; }
}

public sealed class EntryFormPage
{
    public required int KeyAccountId { get; init; }
    public required int CustomerId { get; init; }
    public required string KeyAccountName { get; init; }
    public required string KeyAccountNumber { get; init; }
    public required EntryForm Form { get; init; }
    public required IReadOnlyList<UsageOption> Options { get; init; }
    public required UsageDateWindow Window { get; init; }
    /// <summary>A customer manager books for themselves: the field is shown, not chosen.</summary>
    public bool ManagerFixed { get; init; }
}
