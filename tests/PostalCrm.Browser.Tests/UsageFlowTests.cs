using ClosedXML.Excel;
using Microsoft.Playwright;
using PostalCrm.Testing;

namespace PostalCrm.Browser.Tests;

/// <summary>Usage (issue 9): the batch import through the browser, and the single-entry form on a phone.</summary>
public class UsageFlowTests
{
    [Test]
    public async Task F_5_5_download_the_template_fill_two_rows_import_confirm_yes_and_find_the_batch_and_its_rows()
    {
        var page = await BrowserFixture.LoginAsync(DemoUsers.JiangAnCm1);

        // What to book: the first key account of the first own customer, with a registered product line and business type.
        await BrowserFixture.OpenMenuAsync(page, "用邮管理", "客户用邮手工逐笔录入");
        await page.Locator("#customers tbody tr a").First.ClickAsync();
        var number = (await page.Locator("#accounts tbody tr a").First.InnerTextAsync()).Trim();
        await page.Locator("#accounts tbody tr a").First.ClickAsync();
        var line = (await page.Locator("#ProductLineId option:not([value=''])").First.InnerTextAsync()).Trim();
        var type = (await page.Locator("#BusinessTypeId option:not([value=''])").First.InnerTextAsync()).Trim();

        await BrowserFixture.OpenMenuAsync(page, "用邮管理", "客户用邮手工批量导入");
        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Link, new() { Name = "用邮导入明细格式说明" }).ClickAsync());
        var path = Path.Combine(TestContext.CurrentContext.WorkDirectory, "usage-template-" + Guid.NewGuid().ToString("N") + ".xlsx");
        await download.SaveAsAsync(path);
        byte[] filled;
        using (var workbook = new XLWorkbook(path))
        {
            var sheet = workbook.Worksheet("用邮明细");
            var today = DateTime.UtcNow.AddHours(8).Date;
            object?[][] rows =
            [
                [today, number, line, type, 10, 120.5, 100.25, null, "浏览器导入一"],
                [today.AddDays(-1), number, line, type, null, null, 0.75, null, "浏览器导入二"],
            ];
            for (var r = 0; r < rows.Length; r++)
            for (var c = 0; c < rows[r].Length; c++)
            {
                var cell = sheet.Cell(r + 2, c + 1);
                switch (rows[r][c])
                {
                    case DateTime d: cell.SetValue(d); break;
                    case int i: cell.SetValue(i); break;
                    case double x: cell.SetValue(x); break;
                    case string s: cell.SetValue(s); break;
                }
            }
            using var ms = new MemoryStream();
            workbook.SaveAs(ms);
            filled = ms.ToArray();
        }
        File.Delete(path);

        await page.GetByLabel("导入文件").SetInputFilesAsync(new FilePayload
        {
            Name = "浏览器用邮.xlsx", MimeType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", Buffer = filled,
        });
        await page.GetByRole(AriaRole.Button, new() { Name = "确定" }).ClickAsync();
        await Assertions.Expect(page.Locator("#confirm")).ToContainTextAsync("共 2 行");
        await Assertions.Expect(page.Locator("#total")).ToHaveTextAsync("101.00");
        await page.GetByRole(AriaRole.Button, new() { Name = "是(Y)" }).ClickAsync();
        await Assertions.Expect(page.GetByText("数据导入成功")).ToBeVisibleAsync();
        var sequence = (await page.Locator("h1").InnerTextAsync()).Replace("用邮序列", "", StringComparison.Ordinal).Trim();

        await BrowserFixture.OpenMenuAsync(page, "用邮管理", "客户用邮手工批量导入");
        await page.GetByRole(AriaRole.Link, new() { Name = "查询", Exact = true }).ClickAsync();
        var batch = page.Locator("#batches tr", new() { HasText = sequence });
        await Assertions.Expect(batch).ToContainTextAsync("江岸客户经理陈静");
        await batch.GetByRole(AriaRole.Link, new() { Name = sequence }).ClickAsync();
        await Assertions.Expect(page.Locator("#batch-rows")).ToContainTextAsync("浏览器导入一");
        await Assertions.Expect(page.Locator("#batch-rows")).ToContainTextAsync("浏览器导入二");
        await Assertions.Expect(page.Locator("#batch-rows tbody tr")).ToHaveCountAsync(2);
        await page.Context.CloseAsync();
    }

    [Test]
    public async Task F_5_6_the_entry_pages_fit_a_360_pixel_phone_without_page_level_horizontal_scroll()
    {
        var page = await BrowserFixture.LoginAsync(DemoUsers.JiangAnCm1);
        await page.SetViewportSizeAsync(360, 740);
        await page.GotoAsync("/usage/entry");
        Assert.That(await page.EvaluateAsync<int>("document.documentElement.scrollWidth"), Is.LessThanOrEqualTo(360), "customer list");
        await page.Locator("#customers tbody tr a").First.ClickAsync();
        await page.Locator("#accounts tbody tr a").First.ClickAsync();
        await Assertions.Expect(page.Locator("#entry-form")).ToBeVisibleAsync();
        Assert.That(await page.EvaluateAsync<int>("document.documentElement.scrollWidth"), Is.LessThanOrEqualTo(360), "entry form");
        await page.GetByLabel("实际收入(元)").FillAsync("66.6");
        await page.Locator("#ProductLineId").SelectOptionAsync(new SelectOptionValue { Index = 1 });
        await page.Locator("#BusinessTypeId").SelectOptionAsync(new SelectOptionValue { Index = 1 });
        await page.GetByRole(AriaRole.Button, new() { Name = "提交" }).ClickAsync();
        await Assertions.Expect(page.GetByText("操作成功")).ToBeVisibleAsync();
        await page.GotoAsync("/usage/records");
        Assert.That(await page.EvaluateAsync<int>("document.documentElement.scrollWidth"), Is.LessThanOrEqualTo(360), "detail query");
        await page.Context.CloseAsync();
    }
}
