using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using PostalCrm.Plugins.Contracts.Common;
using PostalCrm.Plugins.Contracts.Features.Add;
using PostalCrm.Plugins.Contracts.Features.Arrears;
using PostalCrm.Plugins.Contracts.Features.Maintenance;
using PostalCrm.Sdk.Data;
using PostalCrm.Sdk.Plugins;

namespace PostalCrm.Plugins.Contracts;

/// <summary>客户合同 / 客户欠费: add contract (F-5.1) and agreement (F-5.2), maintenance (F-5.3), arrears (F-5.4).</summary>
public sealed class ContractsPlugin : IPlugin
{
    public string Id => "contracts";

    public void ConfigureServices(IServiceCollection services, IConfiguration configuration) => services
        .AddContractsCommon()
        .AddAddFeature()
        .AddMaintenanceFeature()
        .AddArrearsFeature()
        .AddScoped<IDemoData, Demo.ContractsDemoData>()
        .AddScoped<IProvinceData, Demo.ContractsProvinceData>();

    public IReadOnlyList<PermissionDefinition> Permissions => ContractsPermissions.All;

    public IReadOnlyList<MenuEntry> Menu => ContractsMenu.Entries;
}
