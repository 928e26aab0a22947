using System.Net;
using System.Text.Json.Nodes;
using PostalCrm.Host.Plugins;
using PostalCrm.Host.Security;
using PostalCrm.Sdk.Data;
using PostalCrm.Sdk.Plugins;
using PostalCrm.Sdk.Web;
using PostalCrm.Testing;

namespace PostalCrm.Host.Tests;

/// <summary>A plugin lives inside its id: routes, views, links; and the loader's version check.</summary>
public class PluginIsolationTests
{
    private static async Task<JsonNode> PluginHealthAsync(WebSession s, string id)
    {
        var health = JsonNode.Parse(await s.Client.GetStringAsync("/healthz"))!;
        return health["plugins"]!.AsArray().First(p => (string?)p!["id"] == id)!;
    }

    [Test]
    public async Task A_plugin_mapping_a_route_outside_its_id_is_refused_and_the_host_still_starts()
    {
        using var folder = new TestPluginFolder("outside", "alpha");
        using var app = new PostalCrmFactory(DatabaseProvider.Sqlite, enabledPlugins: ["outside", "alpha", "sharing"], pluginFolder: folder.Path);
        using var s = await app.LoginAsync(DemoUsers.Admin);

        var outside = await PluginHealthAsync(s, "outside");
        Assert.That((string?)outside["status"], Is.EqualTo("refused"));
        Assert.That((string?)outside["reason"], Does.Contain("路由").And.Contain("/elsewhere"));
        Assert.That((await s.GetAsync("/elsewhere")).StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That((await s.GetAsync("/outside/pages")).StatusCode, Is.EqualTo(HttpStatusCode.NotFound), "a refused plugin has no routes at all");

        var page = await s.GetHtmlAsync("/admin/plugins");
        Assert.That(page, Does.Contain("/elsewhere"), "the reason is on 插件管理");
        Assert.That((string?)(await PluginHealthAsync(s, "alpha"))["status"], Is.EqualTo("loaded"));
        Assert.That((await s.GetAsync("/alpha/import")).StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task Two_plugins_with_the_same_feature_folder_and_controller_name_each_render_their_own_views_and_links()
    {
        using var folder = new TestPluginFolder("alpha", "beta");
        using var app = new PostalCrmFactory(DatabaseProvider.Sqlite, enabledPlugins: ["alpha", "beta"], pluginFolder: folder.Path);
        using var s = await app.LoginAsync(DemoUsers.Admin);
        foreach (var (id, other) in new[] { ("alpha", "beta"), ("beta", "alpha") })
        {
            var html = await s.GetHtmlAsync($"/{id}/import");
            var ID = id.ToUpperInvariant();
            Assert.That(html, Does.Contain($"{ID}-VIEW").And.Contain($"{ID}-PARTIAL").And.Contain($"{ID}-SHARED"), id);
            Assert.That(html, Does.Not.Contain(other.ToUpperInvariant() + "-"), $"{id} rendered {other}'s view");
            Assert.That(html, Does.Contain("邮政客户营销管理系统"), "the plugin's _ViewStart found the host's layout");
            Assert.That(html, Does.Contain($"href=\"/{id}/import/other\""), "links resolve inside the plugin");
        }
    }

    [Test]
    public async Task Menu_entries_need_any_of_their_permissions_and_implied_permissions_count()
    {
        using var folder = new TestPluginFolder("alpha");
        using var app = new PostalCrmFactory(DatabaseProvider.Sqlite, enabledPlugins: ["alpha"], pluginFolder: folder.Path);
        // wh_center (city centre) holds alpha.test.two only, which implies alpha.test.implied.
        using var s = await app.LoginAsync(DemoUsers.WuhanCentre);
        var home = await s.GetHtmlAsync("/");
        Assert.That(home, Does.Contain("alpha一或二"), "any-of entry shown to a holder of the second permission");
        Assert.That(home, Does.Contain("alpha隐含"), "entry of an implied permission");
        Assert.That(home, Does.Not.Contain("alpha仅一"));
        Assert.That(home, Does.Contain("href=\"/alpha/import\""), "menu link resolved from controller and action");
    }

    [Test]
    public async Task A_plugin_whose_assembly_version_differs_from_plugin_json_is_refused()
    {
        using var folder = new TestPluginFolder().Change("sharing", json => json["version"] = "1.0.7");
        using var app = new PostalCrmFactory(DatabaseProvider.Sqlite, pluginFolder: folder.Path);
        using var s = await app.LoginAsync(DemoUsers.Admin);
        var sharing = await PluginHealthAsync(s, "sharing");
        Assert.That((string?)sharing["status"], Is.EqualTo("refused"));
        Assert.That((string?)sharing["reason"], Does.Contain("1.0.7").And.Contain("版本"));
        Assert.That(await s.GetHtmlAsync("/admin/plugins"), Does.Contain("与 plugin.json 的版本 1.0.7 不一致"));
        Assert.That((await s.GetAsync("/sharing/manuals")).StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
    }
}

/// <summary>The start-up route check on single controllers (no host needed).</summary>
public class PluginRouteRuleTests
{
    [Test]
    public void Routes_under_the_id_or_api_id_pass() =>
        Assert.That(PluginRoutes.FindViolation([typeof(GoodController)], "demo"), Is.Null);

    [Test]
    public void A_route_outside_the_id_is_a_violation() =>
        Assert.That(PluginRoutes.FindViolation([typeof(OutsideController)], "demo"), Does.Contain("/demox/page"));

    [Test]
    public void A_conventional_route_is_a_violation() =>
        Assert.That(PluginRoutes.FindViolation([typeof(ConventionalController)], "demo"), Does.Contain("约定路由"));

    [Test]
    public void An_api_key_endpoint_must_be_under_api_id() =>
        Assert.That(PluginRoutes.FindViolation([typeof(ApiKeyOutsideApiController)], "demo"), Does.Contain("API 密钥"));

    [Microsoft.AspNetCore.Mvc.Route("demo/things")]
    public sealed class GoodController : Microsoft.AspNetCore.Mvc.Controller
    {
        [Microsoft.AspNetCore.Mvc.HttpGet("")] public string Index() => "";
        [Microsoft.AspNetCore.Mvc.HttpGet("~/api/demo/things"), ApiKeyEndpoint("test")] public string Api() => "";
    }

    [Microsoft.AspNetCore.Mvc.Route("demo/things")]
    public sealed class OutsideController : Microsoft.AspNetCore.Mvc.Controller
    {
        [Microsoft.AspNetCore.Mvc.HttpGet("/demox/page")] public string Page() => "";
    }

    public sealed class ConventionalController : Microsoft.AspNetCore.Mvc.Controller
    {
        public string Index() => "";
    }

    [Microsoft.AspNetCore.Mvc.Route("demo/hooks")]
    public sealed class ApiKeyOutsideApiController : Microsoft.AspNetCore.Mvc.ControllerBase
    {
        [Microsoft.AspNetCore.Mvc.HttpPost(""), ApiKeyEndpoint("test")] public string Hook() => "";
    }
}

/// <summary>Effective permissions: declared grants plus what they imply; undeclared (retired) grants do nothing.</summary>
public class DeclaredPermissionsTests
{
    [Test]
    public void Grants_expand_to_implied_permissions_and_ignore_undeclared_ones()
    {
        var declared = new DeclaredPermissions(
        [
            new PermissionDefinition("p.view", "查看", [], ImpliedBy: ["p.pre", "p.final"]),
            new PermissionDefinition("p.pre", "预审", []),
            new PermissionDefinition("p.final", "终审", []),
            new PermissionDefinition("p.summary", "汇总", [], ImpliedBy: ["p.view"]),
        ]);
        Assert.That(declared.Effective(["p.final", "gone.permission"]), Is.EquivalentTo(new[] { "p.final", "p.view", "p.summary" }));
        Assert.That(declared.Effective(["gone.permission"]), Is.Empty);
    }
}
