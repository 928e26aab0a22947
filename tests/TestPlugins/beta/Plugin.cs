using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using PostalCrm.Sdk.Plugins;
using PostalCrm.Sdk.Security;

namespace PostalCrm.TestPlugins.Beta;

public sealed class BetaPlugin : IPlugin
{
    public const string One = "beta.test.one";
    public const string Two = "beta.test.two";
    public const string Implied = "beta.test.implied";

    public string Id => "beta";

    public void ConfigureServices(IServiceCollection services, IConfiguration configuration) { }

    public IReadOnlyList<PermissionDefinition> Permissions =>
    [
        new(One, "测试一", [RoleCodes.Admin]),
        new(Two, "测试二", [RoleCodes.Admin, RoleCodes.CityCentre]),
        new(Implied, "测试隐含", [], ImpliedBy: [Two]),
    ];

    public IReadOnlyList<MenuEntry> Menu =>
    [
        new(MenuGroups.Sharing, "测试beta", "beta一或二", MenuLink.To<ImportController>(nameof(ImportController.Index)), [One, Two], 900),
        new(MenuGroups.Sharing, "测试beta", "beta仅一", MenuLink.To<ImportController>(nameof(ImportController.Other)), One, 901),
        new(MenuGroups.Sharing, "测试beta", "beta隐含", MenuLink.To<ImportController>(nameof(ImportController.Other)), Implied, 902),
    ];
}

/// <summary>The same controller name and feature folder in alpha and beta.</summary>
[Route("beta/import")]
public sealed class ImportController : Controller
{
    [HttpGet("")]
    public IActionResult Index() => View();

    [HttpGet("other")]
    public IActionResult Other() => View(nameof(Index));
}
