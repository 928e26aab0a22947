using Microsoft.Extensions.DependencyInjection;

namespace PostalCrm.Plugins.Sharing.Features.Manuals;

public static class ManualsFeature
{
    /// <summary>F-8.2 操作手册.</summary>
    public static IServiceCollection AddManualsFeature(this IServiceCollection services) => services
        .AddScoped<ManualService>();
}
