using Microsoft.Extensions.DependencyInjection;

namespace PostalCrm.Plugins.Sharing.Common;

public static class CommonServices
{
    /// <summary>Area sharing and area-shared uploads, used by the SME-lead and marketing-case features.</summary>
    public static IServiceCollection AddSharingCommon(this IServiceCollection services) => services
        .AddScoped<SharedUploads>();
}
