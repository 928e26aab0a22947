using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using PostalCrm.Plugins.Marketing.Common;
using PostalCrm.Plugins.Marketing.Features.Logs;
using PostalCrm.Plugins.Marketing.Features.Managers;
using PostalCrm.Plugins.Marketing.Features.Performance;
using PostalCrm.Plugins.Marketing.Features.Plans;
using PostalCrm.Plugins.Marketing.Features.Queries;
using PostalCrm.Sdk.Data;
using PostalCrm.Sdk.Plugins;

namespace PostalCrm.Plugins.Marketing;

/// <summary>营销管理: manager lookup and performance (F-4.1–F-4.4), annual and monthly plans, daily logs and their queries (F-4.5–F-4.9).</summary>
public sealed class MarketingPlugin : IPlugin
{
    public string Id => "marketing";

    public void ConfigureServices(IServiceCollection services, IConfiguration configuration) => services
        .AddMarketingCommon()
        .AddManagersFeature()
        .AddPerformanceFeature()
        .AddPlansFeature()
        .AddLogsFeature()
        .AddQueriesFeature()
        .AddScoped<IDemoData, Demo.MarketingDemoData>()
        .AddScoped<IProvinceData, Demo.MarketingProvinceData>();

    public IReadOnlyList<PermissionDefinition> Permissions => MarketingPermissions.All;

    public IReadOnlyList<MenuEntry> Menu => MarketingMenu.Entries;
}
