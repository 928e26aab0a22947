using Microsoft.AspNetCore.Mvc;
using PostalCrm.Host.Plugins;
using PostalCrm.Host.Security;
using PostalCrm.Sdk.Plugins;
using PostalCrm.Sdk.Security;

namespace PostalCrm.Host.Features.PluginList;

public sealed class PluginListPage
{
    public required Version SdkVersion { get; init; }
    public IReadOnlyList<PluginInfo> Plugins { get; init; } = [];
}

/// <summary>插件管理: every plugin folder the host saw at start-up, with version, SDK range, state and why a refused one was refused.</summary>
[Route("admin/plugins"), RequirePermission(HostPermissions.Plugins)]
public sealed class PluginListController(PluginCatalog catalog) : Controller
{
    [HttpGet("")]
    public IActionResult Index() => View("Index", new PluginListPage
    {
        SdkVersion = SdkInfo.Version,
        Plugins = [.. catalog.All.OrderBy(p => p.Id, StringComparer.Ordinal)],
    });
}
