using Microsoft.Extensions.DependencyInjection;

namespace PostalCrm.Plugins.Contracts.Features.Maintenance;

public static class MaintenanceFeature
{
    /// <summary>F-5.3 客户合同协议维护.</summary>
    public static IServiceCollection AddMaintenanceFeature(this IServiceCollection services) => services
        .AddScoped<MaintenanceService>()
        .AddSingleton<RegionChoicesCache>();
}
