using Microsoft.Playwright;
using PostalCrm.Testing;

namespace PostalCrm.Browser.Tests;

public class LoginFlowTests
{
    [Test]
    public async Task F_1_1_a_customer_manager_logs_in_sees_no_administration_and_logs_out()
    {
        var page = await BrowserFixture.LoginAsync(DemoUsers.JiangAnCm1);
        Assert.That(await page.Locator("#current-user").InnerTextAsync(), Does.Contain("江岸客户经理陈静"));
        Assert.That(await page.Locator("#main-menu").InnerTextAsync(), Does.Not.Contain("用户管理"));
        await page.ScreenshotAsync(new() { Path = Path.Combine(TestContext.CurrentContext.WorkDirectory, "home-ja_cm1.png") });

        await page.GetByRole(AriaRole.Button, new() { Name = "退出" }).ClickAsync();
        await page.WaitForURLAsync(u => u.Contains("/Account/Login", StringComparison.Ordinal));
        await page.GotoAsync("/");
        Assert.That(page.Url, Does.Contain("/Account/Login"));
        await page.Context.CloseAsync();
    }

    [Test]
    public async Task F_1_2_password_change_from_the_menu()
    {
        var page = await BrowserFixture.LoginAsync(DemoUsers.WuchangCm1);
        await BrowserFixture.OpenMenuAsync(page, "系统管理", "密码修改");
        await page.GetByLabel("原密码").FillAsync(DemoUsers.Password);
        await page.GetByLabel("新密码", new() { Exact = true }).FillAsync("Wuchang#2027");
        await page.GetByLabel("确认新密码").FillAsync("Wuchang#2027");
        await page.GetByRole(AriaRole.Button, new() { Name = "确定" }).ClickAsync();
        await Assertions.Expect(page.GetByText("密码修改成功")).ToBeVisibleAsync();
        await page.Context.CloseAsync();

        var again = await BrowserFixture.LoginAsync(DemoUsers.WuchangCm1, "Wuchang#2027");
        Assert.That(await again.Locator("#current-user").InnerTextAsync(), Does.Contain("武昌客户经理赵敏"));

        // Back to the demo password: the suite shares one portal, and later tests sign in as wc_cm1 with it.
        await BrowserFixture.OpenMenuAsync(again, "系统管理", "密码修改");
        await again.GetByLabel("原密码").FillAsync("Wuchang#2027");
        await again.GetByLabel("新密码", new() { Exact = true }).FillAsync(DemoUsers.Password);
        await again.GetByLabel("确认新密码").FillAsync(DemoUsers.Password);
        await again.GetByRole(AriaRole.Button, new() { Name = "确定" }).ClickAsync();
        await Assertions.Expect(again.GetByText("密码修改成功")).ToBeVisibleAsync();
        await again.Context.CloseAsync();
    }
}
