using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using PostalCrm.Plugins.Registration.CustomerAccess;
using PostalCrm.Sdk.Customers;

namespace PostalCrm.Plugins.Registration;

internal static partial class FeatureSetup
{
    /// <summary>Approved data-access requests open customer details everywhere the SDK's CustomerDirectory checks scope.</summary>
    static partial void ConfigureCustomerAccess(IServiceCollection services, IConfiguration configuration) =>
        services.AddScoped<ICustomerAccessGrants, CustomerAccessGrantsService>();
}
