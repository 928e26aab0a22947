using System.Net;
using PostalCrm.Sdk.Data;
using PostalCrm.Testing;

namespace PostalCrm.Plugins.Sharing.Tests;

/// <summary>F-8.2 操作手册: a download list for everyone, maintained by administrators.</summary>
[TestFixtureSource(typeof(TestDatabase), nameof(TestDatabase.Providers))]
public class ManualTests(DatabaseProvider provider) : SharingFixture(provider)
{
    private const string UploadUrl = "/sharing/manuals/upload";
    private const string Table = "sharing_manuals";

    private static Task<HttpResponseMessage> UploadAsync(WebSession s, string title, string fileName, byte[] content, string tokenFrom = UploadUrl) =>
        s.PostMultipartAsync(UploadUrl, [new("Title", title)], "File", fileName, content, tokenFrom);

    [Test]
    public async Task F_8_2_an_administrator_uploads_a_manual_and_everyone_downloads_it()
    {
        using var admin = await App.LoginAsync(DemoUsers.Admin);
        var title = Unique("客户经理操作手册");
        var file = TestFiles.Pdf(title);
        AssertRedirectedTo(await UploadAsync(admin, title, "客户经理操作手册.pdf", file), "/sharing/manuals", "upload accepted");
        var id = IdOf(Table, "title", title);

        using var cm = await App.LoginAsync(DemoUsers.YichangCm1);
        var list = await cm.GetHtmlAsync("/sharing/manuals");
        Assert.That(list, Does.Contain(title));
        Assert.That(list, Does.Contain($"href=\"/sharing/manuals/{id}/download\">客户经理操作手册.pdf</a>"), "the file name is the download link");
        await AssertDownloadAsync(cm, $"/sharing/manuals/{id}/download", file, "客户经理操作手册.pdf");

        var audit = AuditOf("sharing_manual", id);
        Assert.That(audit.Select(a => (a.Action, a.UserLogin)), Is.EqualTo(new[] { ("create", (string?)DemoUsers.Admin) }));
    }

    [Test]
    public async Task F_8_2_only_administrators_upload_and_delete()
    {
        using var admin = await App.LoginAsync(DemoUsers.Admin);
        var title = Unique("系统手册");
        AssertRedirectedTo(await UploadAsync(admin, title, "系统手册.docx", TestFiles.Docx(title)), "/sharing/manuals", "upload accepted");
        var id = IdOf(Table, "title", title);

        using var centre = await App.LoginAsync(DemoUsers.WuhanCentre);
        var list = await centre.GetHtmlAsync("/sharing/manuals");
        Assert.That(list, Does.Contain(title).And.Not.Contain("上传操作手册").And.Not.Contain("删除"));
        Assert.That((await centre.GetAsync(UploadUrl)).StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));

        var before = Counts(Table);
        var upload = await UploadAsync(centre, Unique("越权手册"), "x.pdf", TestFiles.Pdf("x"), tokenFrom: "/sharing/manuals");
        Assert.That(upload.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        Assert.That(Counts(Table), Is.EqualTo(before));

        var delete = await centre.PostFormAsync($"/sharing/manuals/{id}/delete", Array.Empty<KeyValuePair<string, string>>(), tokenFrom: "/sharing/manuals");
        Assert.That(delete.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        Assert.That(await centre.GetHtmlAsync("/sharing/manuals"), Does.Contain(title), "still listed");
    }

    [Test]
    public async Task F_8_2_a_deleted_manual_leaves_the_list_and_its_download_answers_404()
    {
        using var admin = await App.LoginAsync(DemoUsers.Admin);
        var title = Unique("旧版手册");
        AssertRedirectedTo(await UploadAsync(admin, title, "旧版手册.pdf", TestFiles.Pdf(title)), "/sharing/manuals", "upload accepted");
        var id = IdOf(Table, "title", title);
        Assert.That(await admin.GetHtmlAsync("/sharing/manuals"), Does.Contain($"/sharing/manuals/{id}/delete"));

        AssertRedirectedTo(await admin.PostFormAsync($"/sharing/manuals/{id}/delete", Array.Empty<KeyValuePair<string, string>>()), "/sharing/manuals", "deleted");

        Assert.That(await admin.GetHtmlAsync("/sharing/manuals"), Does.Not.Contain(title));
        await AssertNotFoundAsync(admin, $"/sharing/manuals/{id}/download");
        var audit = AuditOf("sharing_manual", id);
        Assert.That(audit.Select(a => a.Action), Is.EqualTo(new[] { "create", "delete" }));
        Assert.That(audit[1].BeforeJson, Does.Contain(title));
    }

    [Test]
    public async Task F_8_2_a_program_or_an_untitled_upload_is_refused_and_nothing_is_stored()
    {
        using var admin = await App.LoginAsync(DemoUsers.Admin);
        var before = Counts(Table);

        var exe = await UploadAsync(admin, "安装程序", "setup.exe", TestFiles.Exe());
        Assert.That(exe.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(await HtmlOf(exe), Does.Contain("不允许上传 .exe 类型的文件"));

        var renamed = await UploadAsync(admin, "伪装手册", "手册.pdf", TestFiles.Exe());
        Assert.That(await HtmlOf(renamed), Does.Contain("文件内容是可执行程序或网页脚本"));

        var untitled = await UploadAsync(admin, "", "手册.pdf", TestFiles.Pdf("x"));
        Assert.That(await HtmlOf(untitled), Does.Contain("请填写手册名称"));

        Assert.That(Counts(Table), Is.EqualTo(before));
    }
}
