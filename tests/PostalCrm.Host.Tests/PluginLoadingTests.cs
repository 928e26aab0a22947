using System.Net;
using System.Text.Json.Nodes;
using PostalCrm.Sdk.Data;
using PostalCrm.Testing;

namespace PostalCrm.Host.Tests;

public class PluginLoadingTests
{
    [Test]
    public async Task A_disabled_plugin_has_no_menu_and_its_urls_answer_404()
    {
        using var app = new PostalCrmFactory(DatabaseProvider.Sqlite, enabledPlugins: []);
        using var s = await app.LoginAsync(DemoUsers.Admin);
        Assert.That(await s.GetHtmlAsync("/"), Does.Not.Contain("操作手册"));
        var res = await s.GetAsync("/sharing/manuals");
        Assert.That(res.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(await res.Content.ReadAsStringAsync(), Does.Contain("页面不存在"));
    }

    [Test]
    public async Task A_plugin_whose_sdk_range_excludes_the_host_is_refused_and_the_host_still_starts()
    {
        var folder = CopyPlugins(json => json["sdk"] = "[2.0,3.0)");
        try
        {
            using var app = new PostalCrmFactory(DatabaseProvider.Sqlite, pluginFolder: folder);
            using var s = await app.LoginAsync(DemoUsers.Admin);
            var health = JsonNode.Parse(await s.Client.GetStringAsync("/healthz"))!;
            var sharing = health["plugins"]!.AsArray().First(p => (string?)p!["id"] == "sharing")!;
            Assert.That((string?)sharing["status"], Is.EqualTo("refused"));
            Assert.That((string?)sharing["reason"], Does.Contain("SDK"));
            Assert.That((await s.GetAsync("/sharing/manuals")).StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        }
        finally { Directory.Delete(folder, true); }
    }

    [Test]
    public async Task A_plugin_with_a_missing_dependency_is_refused()
    {
        var folder = CopyPlugins(json => json["dependsOn"] = new JsonObject { ["nonexistent"] = "[1.0,2.0)" });
        try
        {
            using var app = new PostalCrmFactory(DatabaseProvider.Sqlite, pluginFolder: folder);
            // Plugin failure reasons are for administrators only (anonymous /healthz shows the status).
            using var s = await app.LoginAsync(DemoUsers.Admin);
            var health = await s.Client.GetStringAsync("/healthz");
            Assert.That(health, Does.Contain("缺少依赖插件 nonexistent"));
        }
        finally { Directory.Delete(folder, true); }
    }

    /// <summary>A copy of the published plugins with the sharing plugin's descriptor changed.</summary>
    private static string CopyPlugins(Action<JsonObject> change)
    {
        RepoPaths.RequirePublishedPlugins();
        var target = Path.Combine(Path.GetTempPath(), "postalcrm-plugins-" + Guid.NewGuid().ToString("N"));
        foreach (var file in Directory.GetFiles(RepoPaths.Plugins, "*", SearchOption.AllDirectories))
        {
            var dest = Path.Combine(target, Path.GetRelativePath(RepoPaths.Plugins, file));
            Directory.CreateDirectory(Path.GetDirectoryName(dest)!);
            File.Copy(file, dest);
        }
        var descriptor = Path.Combine(target, "sharing", "plugin.json");
        var json = JsonNode.Parse(File.ReadAllText(descriptor))!.AsObject();
        change(json);
        File.WriteAllText(descriptor, json.ToJsonString());
        return target;
    }
}
