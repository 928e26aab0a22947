using PostalCrm.Plugins.Contracts.Data;

namespace PostalCrm.Plugins.Contracts.Features.Maintenance;

/// <summary>客户合同协议维护 filters (F-5.3): any combination; each date range applies only when its box is ticked.</summary>
public sealed class MaintenanceFilter
{
    /// <summary>按地区查看: the user's own area or a unit below it.</summary>
    public int? RegionId { get; set; }
    public bool UseEffective { get; set; }
    public DateOnly? EffectiveFrom { get; set; }
    public DateOnly? EffectiveTo { get; set; }
    public bool UseExpiry { get; set; }
    public DateOnly? ExpiryFrom { get; set; }
    public DateOnly? ExpiryTo { get; set; }
    /// <summary>Customer name, 简称 or code (contains).</summary>
    public string? Customer { get; set; }
    /// <summary>Contract/agreement number (contains).</summary>
    public string? Number { get; set; }
    public ContractKind? Kind { get; set; }
    public int Page { get; set; } = 1;

    /// <summary>Every filter value but the page: what the list's remembered count is kept under.</summary>
    public string CountKey() => string.Join('|', RegionId, UseEffective, EffectiveFrom, EffectiveTo, UseExpiry, ExpiryFrom, ExpiryTo, Customer, Number, Kind);

    public object RouteValues(int page) => new
    {
        RegionId, UseEffective, EffectiveFrom = Common.Names.Date(EffectiveFrom), EffectiveTo = Common.Names.Date(EffectiveTo),
        UseExpiry, ExpiryFrom = Common.Names.Date(ExpiryFrom), ExpiryTo = Common.Names.Date(ExpiryTo), Customer, Number, Kind, Page = page,
    };
}

public sealed record ContractRow(int Id, ContractKind Kind, string Number, int CustomerId, string CustomerName, string CustomerCode,
    SettlementType SettlementType, DateOnly EffectiveDate, DateOnly ExpiryDate, long TotalFen, long PaidFen, bool HasFile, string Unit,
    DateTime CreatedAt);

public sealed record RegionChoice(int Id, string Name, int Depth);

public sealed class MaintenancePage
{
    public required MaintenanceFilter Filter { get; init; }
    public required IReadOnlyList<RegionChoice> Regions { get; init; }
    public required IReadOnlyList<ContractRow> Rows { get; init; }
    public int Total { get; init; }
    public int PageSize { get; init; }
    public int Pages => Math.Max(1, (Total + PageSize - 1) / PageSize);
}

/// <summary>客户基本信息 of a contract's customer (reached through the contract, so through its scope).</summary>
public sealed record ContractCustomerPage(int ContractId, string ContractNumber, PostalCrm.Sdk.Customers.BusinessCustomer Customer,
    string City, string District, string? Industry, string? Level);
