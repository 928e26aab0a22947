using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using PostalCrm.Sdk.Reporting;

namespace PostalCrm.Plugins.Kpi.Features.KpiReports;

public static class KpiReportsFeature
{
    /// <summary>F-6.2: the report page, the printed form's data (reports/kpi/kpi-form) and the persisted batch prints.</summary>
    public static IServiceCollection AddKpiReportsFeature(this IServiceCollection services, IConfiguration configuration) => services
        .AddSingleton(Options(configuration))
        .AddScoped<KpiFormSource>()
        .AddSingleton<BatchPrints>()
        .AddScoped<BatchJobs>()
        .AddHostedService<BatchRecovery>()
        .AddScoped<IReportSource>(sp => sp.GetRequiredService<KpiFormSource>());

    private static BatchPrintOptions Options(IConfiguration configuration)
    {
        var options = configuration.GetSection(BatchPrintOptions.Section).Get<BatchPrintOptions>() ?? new BatchPrintOptions();
        if (options.KeepDays <= 0) throw new InvalidOperationException($"配置 {BatchPrintOptions.Section}:KeepDays(批量打印 PDF 的保留天数)必须大于 0");
        return options;
    }
}
