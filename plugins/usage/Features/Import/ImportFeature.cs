using Microsoft.Extensions.DependencyInjection;

namespace PostalCrm.Plugins.Usage.Features.Import;

public static class ImportFeature
{
    /// <summary>F-5.5 客户用邮手工批量导入.</summary>
    public static IServiceCollection AddImportFeature(this IServiceCollection services) => services.AddScoped<ImportService>();
}
