using Microsoft.Extensions.DependencyInjection;

namespace PostalCrm.Plugins.Usage.Features.Import;

public static class ImportFeature
{
    /// <summary>F-5.5 客户用邮手工批量导入 (checks and imports run as background jobs of one per-host queue).</summary>
    public static IServiceCollection AddImportFeature(this IServiceCollection services) => services
        .AddScoped<ImportService>()
        .AddSingleton<ImportJobs>()
        .AddHostedService<ImportJobRecovery>();
}
