using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using PostalCrm.Plugins.Kpi.Common;
using PostalCrm.Plugins.Kpi.Features.Complaints;
using PostalCrm.Plugins.Kpi.Features.KpiReports;
using PostalCrm.Sdk.Data;
using PostalCrm.Sdk.Plugins;

namespace PostalCrm.Plugins.Kpi;

/// <summary>KPI管理: focus indicators (F-6.1), KPI reports and their printed form (F-6.2), feedback (F-6.3), solutions (F-6.4).</summary>
public sealed class KpiPlugin : IPlugin
{
    public string Id => "kpi";

    public void ConfigureServices(IServiceCollection services, IConfiguration configuration) => services
        .AddKpiCommon()
        .AddKpiReportsFeature(configuration)
        .AddComplaintsFeature()
        .AddScoped<IDemoData, Demo.KpiDemoData>()
        .AddScoped<IProvinceData, Demo.KpiProvinceData>();

    public IReadOnlyList<PermissionDefinition> Permissions => KpiPermissions.All;

    public IReadOnlyList<MenuEntry> Menu => KpiMenu.Entries;
}
