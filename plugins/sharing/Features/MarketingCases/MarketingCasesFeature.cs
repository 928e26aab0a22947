using Microsoft.Extensions.DependencyInjection;

namespace PostalCrm.Plugins.Sharing.Features.MarketingCases;

public static class MarketingCasesFeature
{
    /// <summary>F-7.2 营销案例.</summary>
    public static IServiceCollection AddMarketingCasesFeature(this IServiceCollection services) => services
        .AddScoped<MarketingCaseService>();
}
