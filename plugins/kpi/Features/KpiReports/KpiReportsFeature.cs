using Microsoft.Extensions.DependencyInjection;
using PostalCrm.Sdk.Reporting;

namespace PostalCrm.Plugins.Kpi.Features.KpiReports;

public static class KpiReportsFeature
{
    /// <summary>F-6.2: the report page, the printed form's data (reports/kpi/kpi-form) and the persisted batch prints.</summary>
    public static IServiceCollection AddKpiReportsFeature(this IServiceCollection services) => services
        .AddScoped<KpiFormSource>()
        .AddSingleton<BatchPrints>()
        .AddScoped<BatchJobs>()
        .AddHostedService<BatchRecovery>()
        .AddScoped<IReportSource>(sp => sp.GetRequiredService<KpiFormSource>());
}
