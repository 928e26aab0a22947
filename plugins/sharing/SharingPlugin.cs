using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using PostalCrm.Sdk.Plugins;

namespace PostalCrm.Plugins.Sharing;

/// <summary>信息共享: SME leads (F-7.1), marketing cases (F-7.2), file transfer (F-7.3) and operation manuals (F-8.2).</summary>
public sealed class SharingPlugin : IPlugin
{
    public string Id => "sharing";

    public void ConfigureServices(IServiceCollection services, IConfiguration configuration)
    {
    }

    public IReadOnlyList<PermissionDefinition> Permissions => SharingPermissions.All;

    public IReadOnlyList<MenuEntry> Menu => SharingMenu.Entries;
}
