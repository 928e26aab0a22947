using Microsoft.Extensions.DependencyInjection;

namespace PostalCrm.Plugins.Registration.CustomerImport;

public static class CustomerImportFeature
{
    /// <summary>F-3.10 商务客户信息导入.</summary>
    public static IServiceCollection AddCustomerImportFeature(this IServiceCollection services) => services
        .AddScoped<CustomerImportService>();
}
