using PostalCrm.Testing;

namespace PostalCrm.Plugins.Sharing.Tests;

/// <summary>Menu labels exactly as the manual (chapter 7, 8.2), each shown only with its permission.</summary>
public class SharingMenuTests
{
    private PostalCrmFactory _app = null!;

    [OneTimeSetUp] public void Start() => _app = new PostalCrmFactory();
    [OneTimeTearDown] public void Stop() => _app.Dispose();

    [Test]
    public async Task F_7_a_customer_manager_sees_the_sharing_menu_without_case_upload()
    {
        using var s = await _app.LoginAsync(DemoUsers.JiangAnCm1);
        var html = await s.GetHtmlAsync("/");
        Assert.That(html, Does.Contain(">信息共享</a>"));
        foreach (var (label, url) in new[]
                 {
                     ("中小企业", null), ("信息上传", "/sharing/leads/upload"), ("信息下载", "/sharing/leads"),
                     ("营销案例", null), ("案例下载", "/sharing/cases"),
                     ("文件传送", null), ("文件上传", "/sharing/transfers/upload"), ("文件下载", "/sharing/transfers"),
                     ("操作手册", "/sharing/manuals"),
                 })
            Assert.That(html, Does.Contain(url is null ? $">{label}</h6>" : $"href=\"{url}\">{label}</a>"), label);
        Assert.That(html, Does.Not.Contain("案例上传"));
    }

    [TestCase(DemoUsers.WuhanCentre)]
    [TestCase(DemoUsers.Province)]
    [TestCase(DemoUsers.Admin)]
    public async Task F_7_2_key_account_centres_and_the_administrator_see_case_upload(string login)
    {
        using var s = await _app.LoginAsync(login);
        Assert.That(await s.GetHtmlAsync("/"), Does.Contain("href=\"/sharing/cases/upload\">案例上传</a>"));
    }
}
