using Microsoft.Extensions.DependencyInjection;

namespace PostalCrm.Plugins.Sharing.Features.SmeLeads;

public static class SmeLeadsFeature
{
    /// <summary>F-7.1 中小企业 leads.</summary>
    public static IServiceCollection AddSmeLeadsFeature(this IServiceCollection services) => services
        .AddScoped<SmeLeadService>();
}
