using System.Text.RegularExpressions;
using Microsoft.Playwright;
using PostalCrm.Testing;

namespace PostalCrm.Browser.Tests;

/// <summary>One application from 申报 through 终审 with the real demo users, ending with the new 大客户号 on the customer's page.</summary>
public class RegistrationFlowTests
{
    [Test]
    public async Task F_3_1_to_F_3_4_a_new_customer_is_applied_for_reviewed_approved_and_numbered()
    {
        const string name = "武汉汉江数据科技有限公司";
        const string shortName = "汉江数据";

        // 客户经理 ja_cm1: 客户注册申报 → 查询目标客户 (absent) → 新客户 → 业务关系 → 提交.
        var cm = await BrowserFixture.LoginAsync(DemoUsers.JiangAnCm1);
        await BrowserFixture.OpenMenuAsync(cm, "客户管理", "客户注册申报");
        await cm.GetByLabel("查询目标客户").FillAsync("汉江数据");
        await cm.GetByLabel("查询目标客户").PressAsync("Enter");
        await cm.WaitForLoadStateAsync(LoadState.DOMContentLoaded);
        await Assertions.Expect(cm.Locator("#matches")).ToContainTextAsync("系统中没有与");
        await cm.Locator("#new-customer").ClickAsync();
        await cm.GetByLabel("客户名称").FillAsync(name);
        await cm.GetByLabel("客户简称").FillAsync(shortName);
        await cm.GetByLabel("所属行业").SelectOptionAsync(new SelectOptionValue { Label = "电子商务" });
        await cm.GetByLabel("客户级别").SelectOptionAsync(new SelectOptionValue { Label = "金" });
        await cm.GetByLabel("所在地区").SelectOptionAsync(new SelectOptionValue { Label = "江岸区" });
        await cm.GetByRole(AriaRole.Button, new() { Name = "提交" }).ClickAsync();

        await cm.GetByLabel("邮政部门").SelectOptionAsync(new SelectOptionValue { Label = "江岸区" });
        // The applicant is a customer manager of 江岸区: preselected, shown by name.
        await Assertions.Expect(cm.GetByLabel("邮政客户经理")).ToHaveValueAsync(new Regex("^[0-9]+$"));
        await Assertions.Expect(cm.Locator("#ManagerUserId option:checked")).ToHaveTextAsync("江岸客户经理陈静");
        await cm.Locator("label", new() { HasTextRegex = new Regex("^速递$") }).ClickAsync();
        await cm.GetByLabel("新大客户名称").FillAsync(name);
        await cm.GetByLabel("联系人姓名").FillAsync("周经理");
        await cm.Locator("#ContactPhone").FillAsync("027-82880000");
        await cm.GetByRole(AriaRole.Button, new() { Name = "提交" }).ClickAsync();
        await Assertions.Expect(cm.Locator("#apply-success")).ToContainTextAsync(name);
        await cm.Context.CloseAsync();

        // 武汉市大客户中心 wh_center: 客户注册审批 → 初审 (skipping the district pre-review) → 终审 开发成功.
        var centre = await BrowserFixture.LoginAsync(DemoUsers.WuhanCentre);
        await BrowserFixture.OpenMenuAsync(centre, "客户管理", "客户注册审批");
        await centre.GetByRole(AriaRole.Link, new() { Name = "初审", Exact = true }).First.ClickAsync();
        await centre.Locator("#applications tr", new() { HasText = name }).GetByRole(AriaRole.Link, new() { Name = "审批" }).ClickAsync();
        await centre.GetByRole(AriaRole.Button, new() { Name = "检查客户信息" }).ClickAsync();
        await centre.GetByLabel("审批意见").FillAsync("资料齐全,同意。");
        await centre.GetByRole(AriaRole.Button, new() { Name = "通过" }).ClickAsync();
        await centre.WaitForLoadStateAsync(LoadState.DOMContentLoaded);

        await BrowserFixture.OpenMenuAsync(centre, "客户管理", "客户注册审批");
        await centre.GetByRole(AriaRole.Link, new() { Name = "终审", Exact = true }).First.ClickAsync();
        await centre.Locator("#applications tr", new() { HasText = name }).GetByRole(AriaRole.Link, new() { Name = "审批" }).ClickAsync();
        await centre.GetByLabel("审批意见").FillAsync("已与客户签订正式合作协议。");
        await centre.GetByRole(AriaRole.Button, new() { Name = "开发成功" }).ClickAsync();
        var number = await centre.Locator("#key-account-no").InnerTextAsync();
        Assert.That(number, Does.Match("^420102[0-9]{8}$"), "a 江岸区 number from its range");
        await centre.Context.CloseAsync();

        // ja_cm1 finds the customer under 客户信息维护管理 with its new 大客户号.
        var again = await BrowserFixture.LoginAsync(DemoUsers.JiangAnCm1);
        await BrowserFixture.OpenMenuAsync(again, "客户管理", "客户信息维护管理");
        // The demo gives ja_cm1 pages of customers: find the new one by name.
        await again.GetByLabel("客户名称").FillAsync(shortName);
        await again.GetByRole(AriaRole.Button, new() { Name = "查询" }).ClickAsync();
        await again.GetByRole(AriaRole.Link, new() { Name = shortName, Exact = true }).ClickAsync();
        await Assertions.Expect(again.Locator("#key-accounts")).ToContainTextAsync(number);
        await again.ScreenshotAsync(new() { Path = Path.Combine(TestContext.CurrentContext.WorkDirectory, "customer-after-approval.png"), FullPage = true });
        await again.Context.CloseAsync();
    }

    [Test]
    public async Task F_3_2_an_application_for_another_districts_customer_shows_its_identity_only()
    {
        // 武汉市大客户中心 sees a 武昌区 customer in full: its name and address.
        var wc = await BrowserFixture.LoginAsync(DemoUsers.WuhanCentre);
        await BrowserFixture.OpenMenuAsync(wc, "客户管理", "客户信息维护管理");
        var row = wc.Locator("#customers tbody tr", new() { Has = wc.Locator("td:text-is('武昌区')") }).First;
        var name = (await row.Locator("td").First.InnerTextAsync()).Trim();
        await row.Locator("td").Nth(1).GetByRole(AriaRole.Link).ClickAsync();
        var address = (await wc.Locator("#basic-info th:text-is('地址') + td").InnerTextAsync()).Trim();
        Assert.That(address, Is.Not.Empty.And.Not.EqualTo("-"), "the demo customer has an address");

        // ja_cm1 (江岸区) applies for it: identity only, before and after submitting.
        var cm = await BrowserFixture.LoginAsync(DemoUsers.JiangAnCm1);
        cm.Dialog += async (_, d) => await d.AcceptAsync(); // 确定该目标客户吗?
        await BrowserFixture.OpenMenuAsync(cm, "客户管理", "客户注册申报");
        await cm.GetByLabel("查询目标客户").FillAsync(name);
        await cm.GetByLabel("查询目标客户").PressAsync("Enter");
        await cm.Locator("#match-list tr", new() { HasText = name }).GetByRole(AriaRole.Link, new() { Name = "选择" }).ClickAsync();
        await Assertions.Expect(cm.Locator("main")).ToContainTextAsync("该客户的详细资料不在您的查看范围内");
        Assert.That(await cm.ContentAsync(), Does.Not.Contain(address));
        await cm.GetByRole(AriaRole.Button, new() { Name = "提交" }).ClickAsync();
        await cm.GetByLabel("邮政部门").SelectOptionAsync(new SelectOptionValue { Label = "江岸区" });
        await cm.Locator("label", new() { HasTextRegex = new Regex("^速递$") }).ClickAsync();
        await cm.GetByLabel("新大客户名称").FillAsync(name + "江岸业务部");
        await cm.GetByLabel("联系人姓名").FillAsync("吴经理");
        await cm.Locator("#ContactPhone").FillAsync("027-82881111");
        await cm.GetByRole(AriaRole.Button, new() { Name = "提交" }).ClickAsync();
        await Assertions.Expect(cm.Locator("#apply-success")).ToContainTextAsync(name);

        await BrowserFixture.OpenMenuAsync(cm, "客户管理", "客户注册维护");
        await cm.Locator("#applications tr", new() { HasText = name }).First.GetByRole(AriaRole.Link, new() { Name = "查看" }).ClickAsync();
        await Assertions.Expect(cm.Locator("#customer-details-hidden")).ToBeVisibleAsync();
        Assert.That(await cm.ContentAsync(), Does.Not.Contain(address), "the application shows no detail the applicant may not see");
        await cm.Context.CloseAsync();
        await wc.Context.CloseAsync();
    }

    [Test]
    public async Task F_3_1_a_second_application_for_one_new_name_is_refused_at_apply()
    {
        const string name = "武汉江城（云端）物流有限公司";
        var first = await BrowserFixture.LoginAsync(DemoUsers.JiangAnCm1);
        await StartNewCustomerAsync(first, name, "江城云端");
        await first.GetByLabel("邮政部门").SelectOptionAsync(new SelectOptionValue { Label = "江岸区" });
        await first.Locator("label", new() { HasTextRegex = new Regex("^速递$") }).ClickAsync();
        await first.GetByLabel("新大客户名称").FillAsync(name);
        await first.GetByLabel("联系人姓名").FillAsync("郑经理");
        await first.Locator("#ContactPhone").FillAsync("027-82882222");
        await first.GetByRole(AriaRole.Button, new() { Name = "提交" }).ClickAsync();
        await Assertions.Expect(first.Locator("#apply-success")).ToContainTextAsync(name);
        await first.Context.CloseAsync();

        // Another manager types the same name with half-width brackets and a space: refused, naming the pending application.
        var second = await BrowserFixture.LoginAsync(DemoUsers.JiangAnCm2);
        await StartNewCustomerAsync(second, "武汉江城(云端) 物流有限公司", "江城云端");
        await Assertions.Expect(second.Locator("main")).ToContainTextAsync("请勿重复申报");
        await Assertions.Expect(second.Locator("main")).ToContainTextAsync("申请编号");
        await Assertions.Expect(second.GetByLabel("邮政部门")).ToHaveCountAsync(0);
        await second.Context.CloseAsync();
    }

    /// <summary>客户注册申报 → 新客户 → the customer details → 提交 (to the business relationship, or back with a message).</summary>
    private static async Task StartNewCustomerAsync(IPage page, string name, string shortName)
    {
        await BrowserFixture.OpenMenuAsync(page, "客户管理", "客户注册申报");
        await page.GetByLabel("查询目标客户").FillAsync(shortName);
        await page.GetByLabel("查询目标客户").PressAsync("Enter");
        await page.WaitForLoadStateAsync(LoadState.DOMContentLoaded);
        await page.Locator("#new-customer").ClickAsync();
        await page.GetByLabel("客户名称").FillAsync(name);
        await page.GetByLabel("客户简称").FillAsync(shortName);
        await page.GetByLabel("所属行业").SelectOptionAsync(new SelectOptionValue { Label = "电子商务" });
        await page.GetByLabel("客户级别").SelectOptionAsync(new SelectOptionValue { Label = "金" });
        await page.GetByLabel("所在地区").SelectOptionAsync(new SelectOptionValue { Label = "江岸区" });
        await page.GetByRole(AriaRole.Button, new() { Name = "提交" }).ClickAsync();
    }
}
