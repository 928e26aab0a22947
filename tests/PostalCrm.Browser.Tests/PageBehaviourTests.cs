using Microsoft.Playwright;
using PostalCrm.Testing;

namespace PostalCrm.Browser.Tests;

/// <summary>
/// The page behaviours that were inline scripts before the Content-Security-Policy forbade them, now in the host's
/// site.js and driven by data- attributes: they must still work (and log no CSP violation, see <see cref="CspWatch"/>).
/// </summary>
public class PageBehaviourTests
{
    [Test]
    public async Task Headquarters_pins_the_level_to_diamond_and_enter_searches_without_submitting()
    {
        var page = await BrowserFixture.LoginAsync(DemoUsers.JiangAnCm2);
        await page.GotoAsync("/registration/apply/new?name=" + Uri.EscapeDataString("行为测试公司"));
        var level = page.Locator("#LevelId");
        var diamond = await page.Locator("#IsHeadquarters").GetAttributeAsync("data-pin-value");
        Assert.That(diamond, Is.Not.Null.And.Not.Empty);
        await page.Locator("#IsHeadquarters").CheckAsync();
        await Assertions.Expect(level).ToBeDisabledAsync();
        await Assertions.Expect(level).ToHaveValueAsync(diamond!);
        await page.Locator("#IsHeadquarters").UncheckAsync();
        await Assertions.Expect(level).ToBeEnabledAsync();

        // 客户资料调取申请: Enter searches (htmx) and does not submit the form.
        await page.GotoAsync("/registration/access/new");
        await page.Locator("#Keyword").FillAsync("武汉");
        await page.Locator("#Keyword").PressAsync("Enter");
        await Assertions.Expect(page.Locator("#customer-choices")).ToContainTextAsync("武汉");
        Assert.That(page.Url, Does.EndWith("/registration/access/new"));
        await page.Context.CloseAsync();
    }

    [Test]
    public async Task A_confirm_dialog_still_guards_a_destructive_form()
    {
        var page = await BrowserFixture.LoginAsync(DemoUsers.Admin);
        await page.GotoAsync("/admin/users");
        string? asked = null;
        page.Dialog += async (_, d) => { asked = d.Message; await d.DismissAsync(); };
        await page.Locator("form[data-confirm] button[type=submit]").First.ClickAsync();
        await page.WaitForTimeoutAsync(300);
        Assert.That(asked, Does.StartWith("确定"));
        Assert.That(page.Url, Does.EndWith("/admin/users"), "dismissed: nothing posted");
        await page.Context.CloseAsync();
    }

    [Test]
    public async Task An_upload_over_the_size_limit_shows_the_chinese_413_page_in_the_browser()
    {
        var page = await BrowserFixture.LoginAsync(DemoUsers.JiangAnCm2);
        await page.GotoAsync("/sharing/leads/upload");
        await page.Locator("[name=CompanyName]").FillAsync("过大附件测试公司");
        await page.Locator("[name=IndustryId]").SelectOptionAsync(new SelectOptionValue { Index = 1 });
        await page.Locator("[name=ContactName]").FillAsync("张三");
        await page.Locator("[name=ContactPhone]").FillAsync("027-88880000");
        await page.Locator("[name=Needs]").FillAsync("测试");
        await page.Locator("[name=File]").SetInputFilesAsync(new FilePayload
        {
            Name = "big.docx", MimeType = "application/vnd.openxmlformats-officedocument.wordprocessingml.document", Buffer = new byte[31 * 1024 * 1024],
        });
        await page.GetByRole(AriaRole.Button, new() { Name = "上传" }).ClickAsync();
        await Assertions.Expect(page.Locator("#message")).ToContainTextAsync("文件过大");
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("文件过大");
        await page.Context.CloseAsync();
    }
}
