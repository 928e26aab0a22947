using Microsoft.Playwright;
using PostalCrm.Testing;

namespace PostalCrm.Browser.Tests;

public class AdminFlowTests
{
    [Test]
    public async Task The_administrator_sees_every_published_plugin_with_its_version()
    {
        var page = await BrowserFixture.LoginAsync(DemoUsers.Admin);
        await BrowserFixture.OpenMenuAsync(page, "系统管理", "插件管理");
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("插件管理");
        foreach (var folder in Directory.GetDirectories(RepoPaths.Plugins))
        {
            var descriptor = PostalCrm.Sdk.Plugins.PluginDescriptor.Parse(await File.ReadAllTextAsync(Path.Combine(folder, "plugin.json")));
            var row = page.Locator($"#plugins tr[data-id='{descriptor.Id}']");
            await Assertions.Expect(row.Locator(".version")).ToHaveTextAsync(descriptor.Version);
            await Assertions.Expect(row.Locator(".state")).ToHaveTextAsync("已启用");
            await Assertions.Expect(row).ToContainTextAsync(descriptor.Name);
        }
        await page.ScreenshotAsync(new() { Path = Path.Combine(TestContext.CurrentContext.WorkDirectory, "admin-plugins.png"), FullPage = true });
        await page.Context.CloseAsync();
    }

    [Test]
    public async Task A_customer_manager_has_no_administration_menu_and_admin_urls_are_forbidden()
    {
        var page = await BrowserFixture.LoginAsync(DemoUsers.YichangCm1);
        await page.Locator("#main-menu").GetByRole(AriaRole.Button, new() { Name = "系统管理" }).ClickAsync();
        await Assertions.Expect(page.Locator("#main-menu .dropdown-menu.show")).Not.ToContainTextAsync("插件管理");
        var response = await page.GotoAsync("/admin/plugins");
        Assert.That(response!.Status, Is.EqualTo(403));
        await Assertions.Expect(page.GetByText("无权访问")).ToBeVisibleAsync();
        await page.Context.CloseAsync();
    }
}
