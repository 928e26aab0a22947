using Microsoft.Extensions.DependencyInjection;
using PostalCrm.Sdk.Customers;

namespace PostalCrm.Plugins.Registration.CustomerAccess;

public static class CustomerAccessFeature
{
    /// <summary>F-3.8/3.9. Approved data-access requests open customer details everywhere the SDK's CustomerDirectory checks scope.</summary>
    public static IServiceCollection AddCustomerAccessFeature(this IServiceCollection services) => services
        .AddScoped<CustomerAccessService>()
        .AddScoped<CustomerAccessGrantsService>()
        .AddScoped<ICustomerAccessGrants, CustomerAccessGrantsService>();
}
