using System.Globalization;
using System.Net;
using PostalCrm.Sdk.Data;
using PostalCrm.Testing;

namespace PostalCrm.Plugins.Sharing.Tests;

/// <summary>F-7.2 营销案例: 案例上传 by provincial and city key-account centres, 案例下载 below them, by product line.</summary>
[TestFixtureSource(typeof(TestDatabase), nameof(TestDatabase.Providers))]
public class MarketingCaseTests(DatabaseProvider provider) : SharingFixture(provider)
{
    private const string UploadUrl = "/sharing/cases/upload";
    private const string Table = "sharing_marketing_cases";

    private Task<HttpResponseMessage> UploadAsync(WebSession s, string title, string productLine, string fileName, byte[] content, string? tokenFrom = UploadUrl) =>
        s.PostMultipartAsync(UploadUrl,
        [
            new("Title", title), new("ProductLineId", ProductLineId(productLine).ToString(CultureInfo.InvariantCulture)),
            new("Summary", "为某电商客户设计的次日达方案"),
        ], "File", fileName, content, tokenFrom);

    private string DownloadUrl(string title) => $"/sharing/cases/{IdOf(Table, "title", title)}/download";

    [Test]
    public async Task F_7_2_a_city_centre_case_round_trips_and_is_audited()
    {
        using var centre = await App.LoginAsync(DemoUsers.WuhanCentre);
        var title = Unique("电商次日达案例");
        var file = TestFiles.Pdf(title);
        AssertRedirectedTo(await UploadAsync(centre, title, "速递", "电商次日达.pdf", file), "/sharing/cases", "upload accepted");

        using var cm = await App.LoginAsync(DemoUsers.JiangAnCm1);
        var list = await cm.GetHtmlAsync("/sharing/cases");
        Assert.That(list, Does.Contain(title));
        Assert.That(list, Does.Contain("武汉市大客户中心"));
        await AssertDownloadAsync(cm, DownloadUrl(title), file, "电商次日达.pdf");

        var audit = AuditOf("sharing_marketing_case", IdOf(Table, "title", title));
        Assert.That(audit.Select(a => (a.Action, a.UserLogin)), Is.EqualTo(new[] { ("create", (string?)DemoUsers.WuhanCentre) }));
        Assert.That(audit[0].AfterJson, Does.Contain(title));
    }

    [Test]
    public async Task F_7_2_the_list_filters_by_product_line()
    {
        using var province = await App.LoginAsync(DemoUsers.Province);
        var express = Unique("速递案例");
        var letters = Unique("函件案例");
        AssertRedirectedTo(await UploadAsync(province, express, "速递", "a.pdf", TestFiles.Pdf(express)), "/sharing/cases", "express case");
        AssertRedirectedTo(await UploadAsync(province, letters, "函件", "b.pdf", TestFiles.Pdf(letters)), "/sharing/cases", "letters case");

        var all = await province.GetHtmlAsync("/sharing/cases");
        Assert.That(all, Does.Contain(express).And.Contain(letters));
        var onlyExpress = await province.GetHtmlAsync($"/sharing/cases?productLineId={ProductLineId("速递")}");
        Assert.That(onlyExpress, Does.Contain(express).And.Not.Contain(letters));
        Assert.That(onlyExpress, Does.Contain($"<option value=\"{ProductLineId("速递")}\" selected=\"selected\">速递</option>"));
        var onlyLetters = await province.GetHtmlAsync($"/sharing/cases?productLineId={ProductLineId("函件")}");
        Assert.That(onlyLetters, Does.Contain(letters).And.Not.Contain(express));
    }

    [Test]
    public async Task F_7_2_a_wuhan_case_reaches_wuhan_and_below_but_not_yichang()
    {
        using var centre = await App.LoginAsync(DemoUsers.WuhanCentre);
        var title = Unique("武汉案例");
        var file = TestFiles.Pdf(title);
        AssertRedirectedTo(await UploadAsync(centre, title, "物流", "武汉案例.pdf", file), "/sharing/cases", "upload accepted");
        var url = DownloadUrl(title);

        foreach (var login in new[] { DemoUsers.WuchangCm1, DemoUsers.JiangAnDept, DemoUsers.WuhanEms })
        {
            using var s = await App.LoginAsync(login);
            Assert.That(await s.GetHtmlAsync("/sharing/cases"), Does.Contain(title), login);
            await AssertDownloadAsync(s, url, file, "武汉案例.pdf");
        }

        using var yichang = await App.LoginAsync(DemoUsers.YichangCm1);
        Assert.That(await yichang.GetHtmlAsync("/sharing/cases"), Does.Not.Contain(title));
        await AssertNotFoundAsync(yichang, url);
    }

    [Test]
    public async Task F_7_2_a_province_case_reaches_every_city()
    {
        using var province = await App.LoginAsync(DemoUsers.Province);
        var title = Unique("全省案例");
        var file = TestFiles.Docx(title);
        AssertRedirectedTo(await UploadAsync(province, title, "金融", "全省案例.docx", file), "/sharing/cases", "upload accepted");

        foreach (var login in new[] { DemoUsers.YichangCm1, DemoUsers.JiangAnCm1 })
        {
            using var s = await App.LoginAsync(login);
            Assert.That(await s.GetHtmlAsync("/sharing/cases"), Does.Contain(title), login);
            await AssertDownloadAsync(s, DownloadUrl(title), file, "全省案例.docx");
        }
    }

    [TestCase(DemoUsers.JiangAnCm1)]
    [TestCase(DemoUsers.WuhanEms)]
    [TestCase(DemoUsers.JiangAnDept)]
    public async Task F_7_2_only_key_account_centres_upload_cases(string login)
    {
        using var s = await App.LoginAsync(login);
        Assert.That((await s.GetAsync(UploadUrl)).StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        Assert.That(await s.GetHtmlAsync("/"), Does.Contain("案例下载").And.Not.Contain("案例上传"), "menu follows the permission");

        var before = Counts(Table);
        var res = await UploadAsync(s, Unique("越权案例"), "速递", "x.pdf", TestFiles.Pdf("x"), tokenFrom: "/");
        Assert.That(res.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        Assert.That(Counts(Table), Is.EqualTo(before));
    }

    [Test]
    public async Task F_7_2_bad_input_is_refused_with_a_message_and_nothing_is_stored()
    {
        using var centre = await App.LoginAsync(DemoUsers.WuhanCentre);
        var before = Counts(Table);

        var noLine = await centre.PostMultipartAsync(UploadUrl, [new("Title", "无专业")], "File", "a.pdf", TestFiles.Pdf("a"), tokenFrom: UploadUrl);
        Assert.That(await HtmlOf(noLine), Does.Contain("请选择专业"));

        var unknownLine = await centre.PostMultipartAsync(UploadUrl, [new("Title", "未知专业"), new("ProductLineId", "999999")],
            "File", "a.pdf", TestFiles.Pdf("a"), tokenFrom: UploadUrl);
        Assert.That(await HtmlOf(unknownLine), Does.Contain("请选择专业"));

        var exe = await UploadAsync(centre, "程序", "速递", "setup.exe", TestFiles.Exe());
        Assert.That(await HtmlOf(exe), Does.Contain("不允许上传 .exe 类型的文件"));

        Assert.That(Counts(Table), Is.EqualTo(before), "no case and no stored file");
    }
}
