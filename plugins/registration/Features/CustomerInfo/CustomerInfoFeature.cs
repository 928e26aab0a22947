using Microsoft.Extensions.DependencyInjection;

namespace PostalCrm.Plugins.Registration.CustomerInfo;

public static class CustomerInfoFeature
{
    /// <summary>F-3.7 客户信息维护管理 (and the customer profile pages other features reuse).</summary>
    public static IServiceCollection AddCustomerInfoFeature(this IServiceCollection services) => services
        .AddScoped<CustomerInfoService>()
        .AddScoped<CustomerProfileService>();
}
