using Microsoft.Extensions.DependencyInjection;

namespace PostalCrm.Plugins.Usage.Common;

public static class CommonServices
{
    /// <summary>Key accounts in scope with their registered options, the daily summary and the single-record writer.</summary>
    public static IServiceCollection AddUsageCommon(this IServiceCollection services) => services
        .AddScoped<UsageAccounts>()
        .AddScoped<UsageSummary>()
        .AddScoped<UsageWriter>()
        .AddScoped<PostalCrm.Sdk.Usage.IUsageFigures, UsageFigures>();
}
