using System.Globalization;
using System.Net;
using LinqToDB.Data;
using PostalCrm.Sdk.Data;
using PostalCrm.Testing;

namespace PostalCrm.Plugins.Sharing.Tests;

/// <summary>F-7.3 文件传送: 文件上传 to chosen units of one's own area, 文件下载 for recipients and the sender only.</summary>
[TestFixtureSource(typeof(TestDatabase), nameof(TestDatabase.Providers))]
public class FileTransferTests(DatabaseProvider provider) : SharingFixture(provider)
{
    private const string UploadUrl = "/sharing/transfers/upload";
    private const string Table = "sharing_file_transfers";

    private static readonly string[] WuhanUnits = ["武汉市", "武汉市大客户中心", "武汉市速递专业局", "江岸区", "江岸区大客户部", "武昌区", "武昌区大客户部"];

    private Task<HttpResponseMessage> SendAsync(WebSession s, string title, string content, IEnumerable<string> recipients, string fileName, byte[] file) =>
        s.PostMultipartAsync(UploadUrl,
        [
            new("Title", title), new("Content", content),
            .. recipients.Select(r => new KeyValuePair<string, string>("RecipientIds", UnitId(r).ToString(CultureInfo.InvariantCulture))),
        ], "File", fileName, file, tokenFrom: UploadUrl);

    [Test]
    public async Task F_7_3_the_form_offers_own_area_and_the_units_below_all_ticked_by_default()
    {
        using var s = await App.LoginAsync(DemoUsers.WuhanCentre);
        var html = await s.GetHtmlAsync(UploadUrl);
        foreach (var unit in WuhanUnits)
            Assert.That(html, Does.Contain($"value=\"{UnitId(unit)}\" id=\"recipient-{UnitId(unit)}\" checked=\"checked\""), unit);
        Assert.That(html, Does.Not.Contain($"value=\"{UnitId("宜昌市")}\""));
        Assert.That(html, Does.Not.Contain(">湖北省<"));
        Assert.That(html, Does.Contain("maxlength=\"1000\""));
    }

    [Test]
    public async Task F_7_3_a_transfer_reaches_its_recipients_and_the_sender_only()
    {
        using var sender = await App.LoginAsync(DemoUsers.WuhanCentre);
        var title = Unique("十一月营销通知");
        var file = TestFiles.Pdf(title);
        AssertRedirectedTo(await SendAsync(sender, title, "请各单位于月底前报送重点客户名单。", WuhanUnits, "营销通知.pdf", file), "/sharing/transfers", "sent");
        var id = IdOf(Table, "title", title);

        var sent = await sender.GetHtmlAsync("/sharing/transfers");
        Assert.That(sent, Does.Contain(title).And.Contain("发出"));
        await AssertDownloadAsync(sender, $"/sharing/transfers/{id}/download", file, "营销通知.pdf");

        foreach (var login in new[] { DemoUsers.JiangAnCm1, DemoUsers.JiangAnDept, DemoUsers.WuchangCm1, DemoUsers.WuhanEms })
        {
            using var s = await App.LoginAsync(login);
            var list = await s.GetHtmlAsync("/sharing/transfers");
            Assert.That(list, Does.Contain(title).And.Contain("收到"), login);
            var details = await s.GetHtmlAsync($"/sharing/transfers/{id}");
            Assert.That(details, Does.Contain("请各单位于月底前报送重点客户名单。"));
            Assert.That(details, Does.Contain("江岸区大客户部"), "recipients are listed");
            await AssertDownloadAsync(s, $"/sharing/transfers/{id}/download", file, "营销通知.pdf");
        }

        // Neither another city nor the province above (not a recipient) sees it.
        foreach (var login in new[] { DemoUsers.YichangCm1, DemoUsers.Province })
        {
            using var s = await App.LoginAsync(login);
            Assert.That(await s.GetHtmlAsync("/sharing/transfers"), Does.Not.Contain(title), login);
            await AssertNotFoundAsync(s, $"/sharing/transfers/{id}");
            await AssertNotFoundAsync(s, $"/sharing/transfers/{id}/download");
        }

        var audit = AuditOf("sharing_file_transfer", id);
        Assert.That(audit.Select(a => a.Action), Is.EqualTo(new[] { "create" }));
        Assert.That(audit[0].AfterJson, Does.Contain(title).And.Contain($"\"recipients\":[{UnitId("武汉市")},"));
    }

    [Test]
    public async Task F_7_3_only_the_chosen_units_receive_it()
    {
        using var sender = await App.LoginAsync(DemoUsers.WuhanCentre);
        var title = Unique("武昌专发");
        var file = TestFiles.Text("武昌区专用资料 " + title);
        AssertRedirectedTo(await SendAsync(sender, title, "仅武昌区", ["武昌区"], "武昌资料.txt", file), "/sharing/transfers", "sent");
        var id = IdOf(Table, "title", title);

        using var wuchang = await App.LoginAsync(DemoUsers.WuchangCm1);
        Assert.That(await wuchang.GetHtmlAsync("/sharing/transfers"), Does.Contain(title));
        await AssertDownloadAsync(wuchang, $"/sharing/transfers/{id}/download", file, "武昌资料.txt");

        using var jiangan = await App.LoginAsync(DemoUsers.JiangAnCm1);
        Assert.That(await jiangan.GetHtmlAsync("/sharing/transfers"), Does.Not.Contain(title));
        await AssertNotFoundAsync(jiangan, $"/sharing/transfers/{id}/download");
    }

    [Test]
    public async Task F_7_3_content_of_1000_characters_is_accepted_and_1001_refused()
    {
        using var s = await App.LoginAsync(DemoUsers.JiangAnCm1);
        var exact = Unique("一千字");
        AssertRedirectedTo(await SendAsync(s, exact, new string('邮', 1000), ["江岸区"], "a.txt", TestFiles.Text("a")), "/sharing/transfers", "1000 characters");

        // A browser sends a line break as CR LF; it counts as one character, as the textarea shows it.
        var withBreaks = Unique("含换行");
        AssertRedirectedTo(await SendAsync(s, withBreaks, new string('政', 500) + "\r\n" + new string('政', 499), ["江岸区"], "b.txt", TestFiles.Text("b")),
            "/sharing/transfers", "999 characters and one line break");

        var before = Counts(Table);
        var res = await SendAsync(s, Unique("超长"), new string('邮', 1001), ["江岸区"], "c.txt", TestFiles.Text("c"));
        Assert.That(res.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(await HtmlOf(res), Does.Contain("内容最多 1000 个字符,当前为 1001 个字符"));
        Assert.That(Counts(Table), Is.EqualTo(before));
        Assert.That(Count("sharing_file_transfer_recipients"), Is.EqualTo(CountRecipientsOfExisting()), "no recipient rows without a transfer");
    }

    [TestCase("说明", "文件必须有扩展名")]
    [TestCase("setup.exe", "不允许上传 .exe 类型的文件")]
    [TestCase("run.bat", "不允许上传 .bat 类型的文件")]
    [TestCase("page.htm", "不允许上传 .htm 类型的文件")]
    [TestCase("page.html", "不允许上传 .html 类型的文件")]
    [TestCase("index.jsp", "不允许上传 .jsp 类型的文件")]
    [TestCase("deploy.sh", "不允许上传 .sh 类型的文件")]
    [TestCase("readme.txt", "文件内容是可执行程序或网页脚本,不允许上传")]
    public async Task F_7_3_executable_or_scriptable_files_are_refused(string fileName, string message)
    {
        using var s = await App.LoginAsync(DemoUsers.JiangAnCm1);
        var before = Counts(Table);
        var content = fileName == "readme.txt" ? TestFiles.Text("<html><script>alert(1)</script></html>") : TestFiles.Text("echo hello");

        var res = await SendAsync(s, Unique("危险文件"), "请查收", ["江岸区"], fileName, content);

        Assert.That(res.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(await HtmlOf(res), Does.Contain(message));
        Assert.That(Counts(Table), Is.EqualTo(before), "no transfer and no stored file");
    }

    [Test]
    public async Task F_7_3_required_fields_and_recipients_are_checked()
    {
        using var s = await App.LoginAsync(DemoUsers.WuhanCentre);
        var before = Counts(Table);

        var empty = await SendAsync(s, "", "", ["武汉市"], "a.txt", TestFiles.Text("a"));
        Assert.That(await HtmlOf(empty), Does.Contain("请填写标题").And.Contain("请填写内容"));

        var none = await SendAsync(s, "无接收单位", "内容", [], "a.txt", TestFiles.Text("a"));
        Assert.That(await HtmlOf(none), Does.Contain("请选择接收单位"));

        var outside = await SendAsync(s, "发往宜昌", "内容", ["武汉市", "宜昌市"], "a.txt", TestFiles.Text("a"));
        var html = await HtmlOf(outside);
        Assert.That(html, Does.Contain("接收单位只能是本单位及下级单位"));
        Assert.That(html, Does.Contain($"value=\"{UnitId("武汉市")}\" id=\"recipient-{UnitId("武汉市")}\" checked=\"checked\""), "the choice is kept");
        Assert.That(html, Does.Contain($"value=\"{UnitId("江岸区")}\" id=\"recipient-{UnitId("江岸区")}\" />"), "and only the choice");

        Assert.That(Counts(Table), Is.EqualTo(before));
    }

    private long CountRecipientsOfExisting()
    {
        using var db = App.Database.Open();
        return db.Execute<long>("SELECT COUNT(*) FROM sharing_file_transfer_recipients r JOIN sharing_file_transfers t ON t.id = r.transfer_id");
    }
}
