using Microsoft.Extensions.DependencyInjection;

namespace PostalCrm.Plugins.Registration.KeyAccountNumbers;

public static class KeyAccountNumbersFeature
{
    /// <summary>F-3.4 大客户号 allocation.</summary>
    public static IServiceCollection AddKeyAccountNumbersFeature(this IServiceCollection services) => services
        .AddScoped<KeyAccountNumberService>();
}
