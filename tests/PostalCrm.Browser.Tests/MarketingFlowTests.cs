using System.Globalization;
using Microsoft.Playwright;
using PostalCrm.Testing;

namespace PostalCrm.Browser.Tests;

/// <summary>Marketing (issue 12): a monthly plan item is written, completed in the daily log on a phone and found in the log query.</summary>
public class MarketingFlowTests
{
    private static string D(DateTime d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>Beijing date of the portal's clock (real time).</summary>
    private static DateTime Today => DateTime.UtcNow.AddHours(8).Date;

    [Test]
    public async Task F_4_6_to_F_4_9_a_planned_item_is_completed_in_the_daily_log_and_found_in_the_log_query()
    {
        var page = await BrowserFixture.LoginAsync(DemoUsers.JiangAnCm2);
        var work = "浏览器测试" + Guid.NewGuid().ToString("N")[..6];
        var outcome = "已完成" + work;

        await BrowserFixture.OpenMenuAsync(page, "营销管理", "客户经理计划录入");
        await page.GetByRole(AriaRole.Button, new() { Name = "录入月工作计划" }).ClickAsync();
        await Assertions.Expect(page.Locator("#completion")).ToContainTextAsync("完成全年收入计划的");
        // 添加其他工作 posts the form and the page comes back with one more row, last on the page: wait for the whole new page,
        // or a half-parsed one hands out an earlier row as "the last" and the fill is lost when the rest arrives.
        await page.WaitForLoadStateAsync(LoadState.Load);
        var contents = page.Locator("input[name$='.Content']");
        var rowsBefore = await contents.CountAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "添加其他工作" }).ClickAsync();
        await Assertions.Expect(contents).ToHaveCountAsync(rowsBefore + 1);
        await page.WaitForLoadStateAsync(LoadState.Load);
        await contents.Last.FillAsync(work);
        await page.Locator("input[name$='.PlannedDate']").Last.FillAsync(D(Today));
        await page.GetByRole(AriaRole.Button, new() { Name = "月计划录入完成" }).ClickAsync();
        await BrowserFixture.ExpectSavedAsync(page, "月计划已保存");

        await BrowserFixture.OpenMenuAsync(page, "营销管理", "客户经理日志录入");
        await page.SetViewportSizeAsync(360, 740);
        await page.GetByRole(AriaRole.Button, new() { Name = "录入工作日志" }).ClickAsync();
        var prompt = page.Locator("form.prompt", new() { HasText = work });
        await Assertions.Expect(prompt).ToHaveCountAsync(1);
        Assert.That(await page.EvaluateAsync<int>("document.documentElement.scrollWidth"), Is.LessThanOrEqualTo(360), "no sideways scrolling at 360 px");
        await prompt.GetByPlaceholder("工作结果").FillAsync(outcome);
        await prompt.GetByRole(AriaRole.Button, new() { Name = "完成" }).ClickAsync();
        await Assertions.Expect(page.Locator("form.prompt", new() { HasText = work })).ToHaveCountAsync(0);
        var done = page.Locator("form.done").Filter(new() { Has = page.Locator($"input[value='{outcome}']") });
        await Assertions.Expect(done).ToHaveCountAsync(1);
        await Assertions.Expect(done.GetByRole(AriaRole.Button, new() { Name = "修改" })).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "工作日志录入完成" }).ClickAsync();
        await BrowserFixture.ExpectSavedAsync(page, "工作日志已保存");

        await page.SetViewportSizeAsync(1280, 900);
        await BrowserFixture.OpenMenuAsync(page, "营销管理", "客户经理日志查询");
        await page.GetByLabel("日期").FillAsync(D(Today));
        await page.GetByRole(AriaRole.Button, new() { Name = "查询" }).ClickAsync();
        await page.GetByRole(AriaRole.Row).Filter(new() { HasText = "江岸客户经理杨磊" }).GetByRole(AriaRole.Link, new() { Name = "日志详情" }).ClickAsync();
        await Assertions.Expect(page.GetByText(outcome)).ToBeVisibleAsync();
    }

    [Test]
    public async Task F_4_6_choosing_a_customer_points_the_rows_hint_fields_at_its_departments_contacts_and_dates()
    {
        var page = await BrowserFixture.LoginAsync(DemoUsers.JiangAnCm1);
        await BrowserFixture.OpenMenuAsync(page, "营销管理", "客户经理计划录入");
        await page.GetByRole(AriaRole.Button, new() { Name = "录入月工作计划" }).ClickAsync();
        await page.WaitForLoadStateAsync(LoadState.Load);
        var maintenanceRows = page.Locator("table").First.Locator("tbody tr");
        var rowsBefore = await maintenanceRows.CountAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "添加维护工作" }).ClickAsync();
        await Assertions.Expect(maintenanceRows).ToHaveCountAsync(rowsBefore + 1); // the whole new page, not a half-parsed one
        await page.WaitForLoadStateAsync(LoadState.Load);
        var row = maintenanceRows.Last;
        var select = row.Locator("select[name$='.CustomerId']");
        await select.SelectOptionAsync(new SelectOptionValue { Index = 1 });
        var id = await select.InputValueAsync();
        // No reload: the script fetched the customer's hints and set the fields' datalists.
        await Assertions.Expect(row).ToHaveAttributeAsync("data-hints-loaded", id);
        await Assertions.Expect(row.Locator("input[name$='.CustomerDept']")).ToHaveAttributeAsync("list", "hint-departments-" + id);
        await Assertions.Expect(row.Locator("input[name$='.Contact']")).ToHaveAttributeAsync("list", "hint-contacts-" + id);
        await Assertions.Expect(row.Locator("input[name$='.PlannedDate']")).ToHaveAttributeAsync("list", "hint-dates-" + id);
        await Assertions.Expect(page.Locator($"datalist#hint-contacts-{id}")).ToHaveCountAsync(1);
        await row.Locator("input[name$='.CustomerDept']").FillAsync("自填部门");
        await Assertions.Expect(row.Locator("input[name$='.CustomerDept']")).ToHaveValueAsync("自填部门");
    }
}
