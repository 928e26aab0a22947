using Microsoft.Extensions.DependencyInjection;

namespace PostalCrm.Plugins.Marketing.Features.Plans;

public static class PlansFeature
{
    public static IServiceCollection AddPlansFeature(this IServiceCollection services) => services.AddScoped<PlanService>();
}
