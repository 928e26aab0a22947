using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using PostalCrm.Sdk.Plugins;
using PostalCrm.Sdk.Security;

namespace PostalCrm.TestPlugins.Alpha;

public sealed class AlphaPlugin : IPlugin
{
    public const string One = "alpha.test.one";
    public const string Two = "alpha.test.two";
    public const string Implied = "alpha.test.implied";

    public string Id => "alpha";

    public void ConfigureServices(IServiceCollection services, IConfiguration configuration) { }

    public IReadOnlyList<PermissionDefinition> Permissions =>
    [
        new(One, "测试一", [RoleCodes.Admin]),
        new(Two, "测试二", [RoleCodes.Admin, RoleCodes.CityCentre]),
        new(Implied, "测试隐含", [], ImpliedBy: [Two]),
    ];

    public IReadOnlyList<MenuEntry> Menu =>
    [
        new(MenuGroups.Sharing, "测试alpha", "alpha一或二", MenuLink.To<ImportController>(nameof(ImportController.Index)), [One, Two], 900),
        new(MenuGroups.Sharing, "测试alpha", "alpha仅一", MenuLink.To<ImportController>(nameof(ImportController.Other)), One, 901),
        new(MenuGroups.Sharing, "测试alpha", "alpha隐含", MenuLink.To<ImportController>(nameof(ImportController.Other)), Implied, 902),
    ];
}

/// <summary>The same controller name and feature folder in alpha and beta.</summary>
[Route("alpha/import")]
public sealed class ImportController : Controller
{
    [HttpGet("")]
    public IActionResult Index() => View();

    [HttpGet("other")]
    public IActionResult Other() => View(nameof(Index));
}
