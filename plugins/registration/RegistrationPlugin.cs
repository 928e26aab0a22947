using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using PostalCrm.Sdk.Data;
using PostalCrm.Sdk.Plugins;

namespace PostalCrm.Plugins.Registration;

/// <summary>客户管理: registration with its approval workflow and key-account numbers (F-3.1–3.6, 3.11), customer resources (F-3.7–3.10).</summary>
public sealed class RegistrationPlugin : IPlugin
{
    public string Id => "registration";

    public void ConfigureServices(IServiceCollection services, IConfiguration configuration)
    {
        // Every concrete *Service class of this plugin is a scoped service (one per request, like PostalDb):
        // features add services without touching this file.
        foreach (var type in typeof(RegistrationPlugin).Assembly.GetTypes()
                     .Where(t => t is { IsClass: true, IsAbstract: false, IsPublic: true } && t.Name.EndsWith("Service", StringComparison.Ordinal)))
            services.AddScoped(type);
        FeatureSetup.Configure(services, configuration);
        services.AddScoped<IDemoData, Demo.RegistrationDemoData>();
    }

    public IReadOnlyList<PermissionDefinition> Permissions => RegistrationPermissions.All;

    public IReadOnlyList<MenuEntry> Menu => RegistrationMenu.Entries;
}

/// <summary>Extra registrations (authentication schemes, options) a feature needs, each in its own partial file.</summary>
internal static partial class FeatureSetup
{
    static partial void ConfigureEBranch(IServiceCollection services, IConfiguration configuration);
    static partial void ConfigureCustomerAccess(IServiceCollection services, IConfiguration configuration);

    public static void Configure(IServiceCollection services, IConfiguration configuration)
    {
        ConfigureEBranch(services, configuration);
        ConfigureCustomerAccess(services, configuration);
    }
}
