using Microsoft.Extensions.DependencyInjection;

namespace PostalCrm.Plugins.Marketing.Common;

public static class CommonServices
{
    /// <summary>Manager choice and scope, and the usage figures (SDK contract, optional).</summary>
    public static IServiceCollection AddMarketingCommon(this IServiceCollection services) => services
        .AddScoped<ManagerScope>()
        .AddScoped<Figures>();
}
