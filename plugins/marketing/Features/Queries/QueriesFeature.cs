using Microsoft.Extensions.DependencyInjection;

namespace PostalCrm.Plugins.Marketing.Features.Queries;

public static class QueriesFeature
{
    public static IServiceCollection AddQueriesFeature(this IServiceCollection services) => services.AddScoped<QueryService>();
}
