using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using PostalCrm.Testing;

namespace PostalCrm.Browser.Tests;

public partial class ContractsFlowTests
{
    private static string D(DateTime d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>Beijing date of the portal's clock (real time).</summary>
    private static DateTime Today => DateTime.UtcNow.AddHours(8).Date;

    private static async Task<int> CardCountAsync(IPage page)
    {
        await page.GotoAsync("/");
        var text = await page.Locator(".home-card[data-card='contracts']").InnerTextAsync();
        var m = CardRegex().Match(text);
        return m.Success ? int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) : 0;
    }

    [Test]
    public async Task F_5_1_to_F_5_4_an_instalment_contract_is_added_on_a_phone_partly_paid_and_the_arrears_row_and_home_card_change()
    {
        var page = await BrowserFixture.LoginAsync(DemoUsers.JiangAnCm1);
        var before = await CardCountAsync(page);

        await BrowserFixture.OpenMenuAsync(page, "用邮管理", "客户用邮合同添加");
        // The form on a phone (the menu collapses there, so it was opened at desktop width).
        await page.SetViewportSizeAsync(360, 740);
        // Enter searches (htmx) without leaving the page; the customer is picked from the list.
        await page.GetByLabel("查询合同用户").FillAsync("公司");
        await page.GetByLabel("查询合同用户").PressAsync("Enter");
        await Assertions.Expect(page.Locator("#customerId")).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "选择" }).ClickAsync();

        var number = "HTB" + Guid.NewGuid().ToString("N")[..8].ToUpperInvariant();
        await page.Locator("#Number").FillAsync(number);
        await page.Locator("#EffectiveDate").FillAsync(D(Today.AddMonths(-1)));
        await page.Locator("#ExpiryDate").FillAsync(D(Today.AddYears(1)));
        // Only the chosen settlement type's fields show.
        await Assertions.Expect(page.Locator("#settle-3")).ToBeHiddenAsync();
        await page.Locator("#SettlementType").SelectOptionAsync(new SelectOptionValue { Label = "指定日期分期付款型" });
        await Assertions.Expect(page.Locator("#settle-3")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#settle-1")).ToBeHiddenAsync();
        await Assertions.Expect(page.Locator("#settle-4")).ToBeHiddenAsync();

        // Instalments one by one (确定), listed.
        await page.Locator("#NewInstalmentDate").FillAsync(D(Today.AddDays(-3)));
        await page.Locator("#NewInstalmentAmount").FillAsync("1000.50");
        await page.Locator("#add-instalment").ClickAsync();
        await Assertions.Expect(page.Locator("#instalments tbody tr")).ToHaveCountAsync(1);
        await page.Locator("#NewInstalmentDate").FillAsync(D(Today.AddDays(20)));
        await page.Locator("#NewInstalmentAmount").FillAsync("500");
        await page.Locator("#add-instalment").ClickAsync();
        await Assertions.Expect(page.Locator("#instalments tbody tr")).ToHaveCountAsync(2);
        Assert.That(await page.EvaluateAsync<int>("document.documentElement.scrollWidth"), Is.LessThanOrEqualTo(360), "no sideways scrolling at 360 px");
        await page.Locator("#submit").ClickAsync();
        await Assertions.Expect(page.GetByText("合同添加成功")).ToBeVisibleAsync();

        // The arrears row: 1000.50 due three days ago.
        await page.SetViewportSizeAsync(1280, 800);
        await BrowserFixture.OpenMenuAsync(page, "用邮管理", "合同欠费信息维护");
        await page.Locator("#Field").SelectOptionAsync("number");
        await page.Locator("#Keyword").FillAsync(number);
        await page.GetByRole(AriaRole.Button, new() { Name = "查找" }).ClickAsync();
        var row = page.Locator($"tr[data-contract='{number}']");
        await Assertions.Expect(row.Locator(".arrears-amount")).ToHaveTextAsync("1,000.50");
        Assert.That(await CardCountAsync(page), Is.EqualTo(before + 1));

        // A partial payment lowers it.
        await page.GoBackAsync();
        await row.GetByRole(AriaRole.Link, new() { Name = "缴费", Exact = true }).ClickAsync();
        await page.GetByLabel("缴费金额(元)").FillAsync("600.25");
        await page.GetByLabel("缴费方式").SelectOptionAsync("转账");
        await page.GetByRole(AriaRole.Button, new() { Name = "缴费" }).ClickAsync();
        await Assertions.Expect(page.GetByText("缴费登记成功")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#payments")).ToContainTextAsync("600.25");
        await page.GotoAsync($"/contracts/arrears?Field=number&Keyword={number}");
        await Assertions.Expect(page.Locator($"tr[data-contract='{number}'] .arrears-amount")).ToHaveTextAsync("400.25");

        // Paying the rest of what is due clears the row and the card.
        await page.Locator($"tr[data-contract='{number}']").GetByRole(AriaRole.Link, new() { Name = "缴费", Exact = true }).ClickAsync();
        await page.GetByLabel("缴费金额(元)").FillAsync("400.25");
        await page.GetByLabel("缴费方式").SelectOptionAsync("现金");
        await page.GetByRole(AriaRole.Button, new() { Name = "缴费" }).ClickAsync();
        await Assertions.Expect(page.GetByText("缴费登记成功")).ToBeVisibleAsync();
        await page.GotoAsync($"/contracts/arrears?Field=number&Keyword={number}");
        await Assertions.Expect(page.Locator($"tr[data-contract='{number}']")).ToHaveCountAsync(0);
        Assert.That(await CardCountAsync(page), Is.EqualTo(before));
        await page.Context.CloseAsync();
    }

    [GeneratedRegex("欠费合同/协议 (\\d+) 份")]
    private static partial Regex CardRegex();
}
