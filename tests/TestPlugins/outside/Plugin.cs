using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using PostalCrm.Sdk.Plugins;

namespace PostalCrm.TestPlugins.Outside;

public sealed class OutsidePlugin : IPlugin
{
    public string Id => "outside";
    public void ConfigureServices(IServiceCollection services, IConfiguration configuration) { }
    public IReadOnlyList<PermissionDefinition> Permissions => [];
    public IReadOnlyList<MenuEntry> Menu => [];
}

/// <summary>One action inside the id, one outside it: the whole plugin must be refused.</summary>
[Route("outside/pages")]
public sealed class PagesController : Controller
{
    [HttpGet("")]
    public IActionResult Index() => Content("inside");

    [HttpGet("/elsewhere")]
    public IActionResult Elsewhere() => Content("outside its id");
}
