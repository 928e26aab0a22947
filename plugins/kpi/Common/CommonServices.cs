using Microsoft.Extensions.DependencyInjection;

namespace PostalCrm.Plugins.Kpi.Common;

public static class CommonServices
{
    /// <summary>The customer-and-year rules every KPI feature shares (F-6.1 to F-6.4).</summary>
    public static IServiceCollection AddKpiCommon(this IServiceCollection services) => services.AddScoped<KpiService>();
}
