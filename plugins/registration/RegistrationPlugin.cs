using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using PostalCrm.Plugins.Registration.Applications;
using PostalCrm.Plugins.Registration.CustomerAccess;
using PostalCrm.Plugins.Registration.CustomerImport;
using PostalCrm.Plugins.Registration.CustomerInfo;
using PostalCrm.Plugins.Registration.EBranch;
using PostalCrm.Plugins.Registration.KeyAccountNumbers;
using PostalCrm.Plugins.Registration.Review;
using PostalCrm.Sdk.Data;
using PostalCrm.Sdk.Plugins;

namespace PostalCrm.Plugins.Registration;

/// <summary>客户管理: registration with its approval workflow and key-account numbers (F-3.1–3.6, 3.11), customer resources (F-3.7–3.10).</summary>
public sealed class RegistrationPlugin : IPlugin
{
    public string Id => "registration";

    /// <summary>
    /// Each feature registers its own services (one Add…Feature per Features/&lt;X&gt;/ folder; 申报 has none of its
    /// own, it uses Applications'). Explicit on purpose: no scan by type name.
    /// </summary>
    public void ConfigureServices(IServiceCollection services, IConfiguration configuration) => services
        .AddApplicationsFeature()
        .AddReviewFeature()
        .AddKeyAccountNumbersFeature()
        .AddCustomerInfoFeature()
        .AddCustomerAccessFeature()
        .AddCustomerImportFeature()
        .AddEBranchFeature()
        .AddScoped<IDemoData, Demo.RegistrationDemoData>()
        .AddScoped<IProvinceData, Demo.RegistrationProvinceData>();

    public IReadOnlyList<PermissionDefinition> Permissions => RegistrationPermissions.All;

    public IReadOnlyList<MenuEntry> Menu => RegistrationMenu.Entries;
}
