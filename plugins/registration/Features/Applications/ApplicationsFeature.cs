using Microsoft.Extensions.DependencyInjection;

namespace PostalCrm.Plugins.Registration.Applications;

public static class ApplicationsFeature
{
    /// <summary>F-3.1–3.6: applications, their validation and queries (used by 申报, 维护, 审批 and the e-branch API).</summary>
    public static IServiceCollection AddApplicationsFeature(this IServiceCollection services) => services
        .AddScoped<ApplicationService>()
        .AddScoped<ApplicationQueryService>();
}
