using System.Text;
using Microsoft.Playwright;
using PostalCrm.Testing;

namespace PostalCrm.Browser.Tests;

public class SharingFlowTests
{
    [Test]
    public async Task F_7_3_a_customer_manager_sends_a_file_from_the_menu_and_downloads_it_back_unchanged()
    {
        var content = Encoding.UTF8.GetBytes("江岸区重点客户拜访安排\n1. 华信科技 周三上午\n2. 长江物流 周五下午\n" + new string('邮', 5000));
        var page = await BrowserFixture.LoginAsync(DemoUsers.JiangAnCm1);

        await BrowserFixture.OpenMenuAsync(page, "信息共享", "文件上传");
        await page.GetByLabel("标题").FillAsync("本周拜访安排");
        await page.GetByLabel("内容").FillAsync("请各位同事查收本周重点客户拜访安排。");
        await page.GetByLabel("文件").SetInputFilesAsync(new FilePayload { Name = "拜访安排.txt", MimeType = "text/plain", Buffer = content });
        await page.GetByRole(AriaRole.Button, new() { Name = "上传" }).ClickAsync();
        await Assertions.Expect(page.GetByText("文件发送成功")).ToBeVisibleAsync();

        await BrowserFixture.OpenMenuAsync(page, "信息共享", "文件下载");
        var row = page.Locator("#transfers tr", new() { HasText = "本周拜访安排" });
        var download = await page.RunAndWaitForDownloadAsync(() => row.GetByRole(AriaRole.Link, new() { Name = "下载" }).ClickAsync());
        Assert.That(download.SuggestedFilename, Is.EqualTo("拜访安排.txt"));
        var path = Path.Combine(TestContext.CurrentContext.WorkDirectory, "downloaded-" + Guid.NewGuid().ToString("N"));
        await download.SaveAsAsync(path);
        Assert.That(await File.ReadAllBytesAsync(path), Is.EqualTo(content));
        File.Delete(path);
        await page.Context.CloseAsync();
    }

    [Test]
    public async Task F_7_3_an_executable_is_refused_with_a_message_on_the_page()
    {
        var page = await BrowserFixture.LoginAsync(DemoUsers.JiangAnCm2);
        await BrowserFixture.OpenMenuAsync(page, "信息共享", "文件上传");
        await page.GetByLabel("标题").FillAsync("工具");
        await page.GetByLabel("内容").FillAsync("安装程序");
        await page.GetByLabel("文件").SetInputFilesAsync(new FilePayload { Name = "setup.exe", MimeType = "application/octet-stream", Buffer = [(byte)'M', (byte)'Z', 0, 0] });
        await page.GetByRole(AriaRole.Button, new() { Name = "上传" }).ClickAsync();
        await Assertions.Expect(page.Locator("#errors")).ToContainTextAsync(".exe");
        await page.Context.CloseAsync();
    }
}
