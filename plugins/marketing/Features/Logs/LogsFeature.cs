using Microsoft.Extensions.DependencyInjection;

namespace PostalCrm.Plugins.Marketing.Features.Logs;

public static class LogsFeature
{
    public static IServiceCollection AddLogsFeature(this IServiceCollection services) => services
        .AddScoped<LogService>()
        .AddScoped<PostalCrm.Sdk.Web.IHomeCard, LogHomeCard>();
}
