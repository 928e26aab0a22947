using Microsoft.Extensions.DependencyInjection;
using PostalCrm.Sdk.Web;

namespace PostalCrm.Plugins.Contracts.Features.Arrears;

public static class ArrearsFeature
{
    /// <summary>F-5.4 合同欠费信息维护 and the customer manager's home-page alert.</summary>
    public static IServiceCollection AddArrearsFeature(this IServiceCollection services) => services
        .AddScoped<ArrearsService>()
        .AddScoped<IHomeCard, ArrearsHomeCard>();
}
