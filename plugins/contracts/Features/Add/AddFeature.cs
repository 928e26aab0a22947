using Microsoft.Extensions.DependencyInjection;
using PostalCrm.Plugins.Contracts.Common;
using PostalCrm.Plugins.Contracts.Data;

namespace PostalCrm.Plugins.Contracts.Features.Add;

public static class AddFeature
{
    /// <summary>F-5.1 客户用邮合同添加 and F-5.2 客户用邮协议添加 (the contract service itself is common: maintenance edits with it).</summary>
    public static IServiceCollection AddAddFeature(this IServiceCollection services) => services
        .AddScoped<ContractService>();
}

/// <summary>查询合同用户: fuzzy search over every registered customer's identity (SPEC §2 names F-5.1 among the pick-lists).</summary>
public sealed class CustomerSearchPage
{
    public required ContractKind Kind { get; init; }
    public string? Q { get; init; }
    public IReadOnlyList<PostalCrm.Sdk.Customers.CustomerIdentity> Matches { get; init; } = [];
    public bool Searched => !string.IsNullOrWhiteSpace(Q);
}
