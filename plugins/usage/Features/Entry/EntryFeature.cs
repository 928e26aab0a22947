using Microsoft.Extensions.DependencyInjection;

namespace PostalCrm.Plugins.Usage.Features.Entry;

public static class EntryFeature
{
    /// <summary>F-5.6 客户用邮手工逐笔录入.</summary>
    public static IServiceCollection AddEntryFeature(this IServiceCollection services) => services.AddScoped<EntryService>();
}
