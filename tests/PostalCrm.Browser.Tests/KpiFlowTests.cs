using Microsoft.Playwright;
using PostalCrm.Testing;
using UglyToad.PdfPig;

namespace PostalCrm.Browser.Tests;

/// <summary>F-6.1 → F-6.4 for one customer and month, in the browser, with the printed KPI form downloaded and read back.</summary>
public class KpiFlowTests
{
    private static async Task PickAsync(IPage page, int year, int? month, string button)
    {
        var pick = page.Locator("#customer-pick");
        await pick.Locator("#year").FillAsync(year.ToString(System.Globalization.CultureInfo.InvariantCulture));
        if (month is { } m) await pick.Locator("#month").SelectOptionAsync(m.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await pick.GetByRole(AriaRole.Button, new() { Name = button, Exact = true }).ClickAsync();
        await page.WaitForLoadStateAsync(LoadState.DOMContentLoaded);
    }

    [Test]
    public async Task F_6_1_to_F_6_4_focus_report_print_feedback_and_solution_for_one_customer_and_month()
    {
        // A year the demo data does not touch, so any of the manager's customers is still open for F-6.1.
        var year = DateTime.UtcNow.AddHours(8).Year + 2;
        var page = await BrowserFixture.LoginAsync(DemoUsers.JiangAnCm1);

        // F-6.1 客户关注指标指定: search, pick, two indicators with targets and weights.
        await BrowserFixture.OpenMenuAsync(page, "KPI管理", "客户关注指标指定");
        var customer = page.Locator("#customer-pick #customerId");
        await customer.SelectOptionAsync(new SelectOptionValue { Index = 5 });
        var name = (await customer.Locator("option:checked").InnerTextAsync()).Trim();
        await page.Locator("#customer-pick #q").FillAsync(name);
        await page.Locator("#customer-pick").GetByRole(AriaRole.Button, new() { Name = "查询" }).ClickAsync();
        await Assertions.Expect(customer).ToContainTextAsync(name);
        await customer.SelectOptionAsync(new SelectOptionValue { Label = name });
        await PickAsync(page, year, null, "提交");
        var focus = page.Locator("#focus-form");
        await focus.Locator("select[name='Rows[0].IndicatorId']").SelectOptionAsync(new SelectOptionValue { Index = 1 });
        await focus.Locator("input[name='Rows[0].Target']").FillAsync("200");
        await focus.Locator("input[name='Rows[0].Weight']").FillAsync("60");
        await focus.Locator("select[name='Rows[1].IndicatorId']").SelectOptionAsync(new SelectOptionValue { Index = 2 });
        await focus.Locator("input[name='Rows[1].Target']").FillAsync("50");
        await focus.Locator("input[name='Rows[1].Weight']").FillAsync("40");
        await focus.GetByRole(AriaRole.Button, new() { Name = "提交" }).ClickAsync();
        await Assertions.Expect(page.GetByText("客户关注指标已保存")).ToBeVisibleAsync();

        // F-6.2 KPI指标分析报告: live scores and total, 保存, 打印.
        await page.GotoAsync("/kpi/reports");
        await page.Locator("#customer-pick #customerId").SelectOptionAsync(new SelectOptionValue { Label = name });
        await PickAsync(page, year, 3, "提交");
        var inputs = page.Locator("#kpi-rows input[data-ratio-score]");
        await inputs.Nth(0).FillAsync("100");   // 100/200 × 60 = 30
        await inputs.Nth(1).FillAsync("80");    // above target: 40
        await Assertions.Expect(page.Locator("#kpi-total")).ToHaveTextAsync("70.00");
        await page.GetByRole(AriaRole.Button, new() { Name = "保存" }).ClickAsync();
        await Assertions.Expect(page.GetByText("KPI指标分析报告已保存")).ToBeVisibleAsync();
        var download = await page.RunAndWaitForDownloadAsync(() => page.Locator("#kpi-print").ClickAsync());
        Assert.That(download.SuggestedFilename, Does.EndWith(".pdf").And.Contain(name));
        var path = Path.Combine(TestContext.CurrentContext.WorkDirectory, "kpi-" + Guid.NewGuid().ToString("N") + ".pdf");
        await download.SaveAsAsync(path);
        using (var pdf = PdfDocument.Open(path))
        {
            var text = string.Join("\n", pdf.GetPages().Select(p => p.Text));
            Assert.That(text, Does.Contain(name).And.Contain("70.00").And.Contain("客户签名"));
        }
        File.Delete(path);

        // F-6.3 客户反馈意见维护 按月份维护: the customer's scores total live; signature and phone.
        await page.GotoAsync("/kpi/feedback");
        await page.Locator("#customer-pick #customerId").SelectOptionAsync(new SelectOptionValue { Label = name });
        await PickAsync(page, year, 3, "按月份维护");
        var scores = page.Locator("#feedback-form input[data-sum-into]");
        await scores.Nth(0).FillAsync("55");
        await scores.Nth(1).FillAsync("35");
        await Assertions.Expect(page.Locator("#feedback-total")).ToHaveTextAsync("90");
        await page.GetByLabel("客户意见和建议").FillAsync("希望增加揽收频次");
        await page.GetByLabel("客户签名").FillAsync("张伟");
        await page.GetByLabel("联系电话").FillAsync("13800001111");
        await page.Locator("#feedback-form").GetByRole(AriaRole.Button, new() { Name = "提交" }).ClickAsync();
        await Assertions.Expect(page.GetByText("客户反馈意见已保存")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#feedback-year")).ToContainTextAsync($"{year}年03月");

        // F-6.4 客户意见解决方案 按月份维护.
        await page.GotoAsync("/kpi/solutions");
        await page.Locator("#customer-pick #customerId").SelectOptionAsync(new SelectOptionValue { Label = name });
        await PickAsync(page, year, 3, "按月份维护");
        await Assertions.Expect(page.Locator("#customer-opinions")).ToHaveTextAsync("希望增加揽收频次");
        await page.GetByLabel("解决方案").FillAsync("每周增加一次上门揽收");
        await page.GetByLabel("主管签章").FillAsync("赵强");
        await page.GetByLabel("主管联系电话").FillAsync("02788886666");
        await page.Locator("#solution-form").GetByRole(AriaRole.Button, new() { Name = "提交" }).ClickAsync();
        await Assertions.Expect(page.GetByText("客户意见解决方案已保存")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#solutions-year")).ToContainTextAsync("每周增加一次上门揽收");
        await page.Context.CloseAsync();
    }
}
