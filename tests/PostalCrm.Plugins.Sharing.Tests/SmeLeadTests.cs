using System.Net;
using PostalCrm.Sdk.Data;
using PostalCrm.Testing;

namespace PostalCrm.Plugins.Sharing.Tests;

/// <summary>F-7.1 中小企业: 信息上传 / 信息下载.</summary>
[TestFixtureSource(typeof(TestDatabase), nameof(TestDatabase.Providers))]
public class SmeLeadTests(DatabaseProvider provider) : SharingFixture(provider)
{
    private const string UploadUrl = "/sharing/leads/upload";
    private const string Table = "sharing_sme_leads";

    private async Task<HttpResponseMessage> UploadAsync(WebSession s, string company, string fileName, byte[] content, string phone = "027-88886666")
    {
        int industry;
        using (var db = App.Database.Open()) industry = db.Industries.Where(i => i.Name == "制造业").Select(i => i.Id).First();
        return await s.PostMultipartAsync(UploadUrl,
        [
            new("CompanyName", company), new("IndustryId", industry.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            new("ContactName", "王经理"), new("ContactPhone", phone), new("Address", "武汉市江岸区解放大道 1 号"),
            new("Needs", "每月约 2000 件快递,需要上门揽收"), new("Remarks", "老板是熟人介绍"),
        ], "File", fileName, content, tokenFrom: UploadUrl);
    }

    [Test]
    public async Task F_7_1_upload_page_marks_required_fields_and_accepts_word_only()
    {
        using var s = await App.LoginAsync(DemoUsers.JiangAnCm1);
        var html = await s.GetHtmlAsync(UploadUrl);
        Assert.That(html, Does.Contain("企业名称</label><span class=\"text-danger\">*</span>"));
        Assert.That(html, Does.Contain("联系电话</label><span class=\"text-danger\">*</span>"));
        Assert.That(html, Does.Contain("备注</label>").And.Not.Contain("备注</label><span"), "备注 is optional");
        Assert.That(html, Does.Contain(">制造业</option>"), "industries come from the reference data");
        Assert.That(html, Does.Contain("accept=\".doc,.docx\""));
        Assert.That(html, Does.Contain("enctype=\"multipart/form-data\""));
        Assert.That(html, Does.Contain("__RequestVerificationToken"));
    }

    [Test]
    public async Task F_7_1_a_docx_lead_round_trips_byte_identical_with_its_chinese_file_name_and_is_audited()
    {
        using var s = await App.LoginAsync(DemoUsers.JiangAnCm1);
        var company = Unique("华中精密机械");
        var file = TestFiles.Docx(company);
        AssertRedirectedTo(await UploadAsync(s, company, "华中精密机械客户资料.docx", file), "/sharing/leads", "upload accepted");

        var id = IdOf(Table, "company_name", company);
        var list = await s.GetHtmlAsync("/sharing/leads");
        Assert.That(list, Does.Contain(company));
        Assert.That(list, Does.Contain("每月约 2000 件快递,需要上门揽收"));
        Assert.That(list, Does.Contain($"href=\"/sharing/leads/{id}/download\">下载</a>"));
        await AssertDownloadAsync(s, $"/sharing/leads/{id}/download", file, "华中精密机械客户资料.docx");

        var audit = AuditOf("sharing_sme_lead", id);
        Assert.That(audit, Has.Count.EqualTo(1));
        Assert.That(audit[0].Action, Is.EqualTo("create"));
        Assert.That(audit[0].UserLogin, Is.EqualTo(DemoUsers.JiangAnCm1));
        Assert.That(audit[0].AfterJson, Does.Contain(company));
    }

    [Test]
    public async Task F_7_1_a_doc_file_is_accepted()
    {
        using var s = await App.LoginAsync(DemoUsers.WuchangCm1);
        var company = Unique("武昌印务");
        var file = TestFiles.Doc(company);
        AssertRedirectedTo(await UploadAsync(s, company, "资料.doc", file), "/sharing/leads", ".doc accepted");
        await AssertDownloadAsync(s, $"/sharing/leads/{IdOf(Table, "company_name", company)}/download", file, "资料.doc");
    }

    [TestCase("报价.pdf", "文件类型 .pdf 不允许,只能上传:.doc、.docx")]
    [TestCase("改名的程序.doc", "文件内容是可执行程序或网页脚本,不允许上传")]
    [TestCase("假的文档.docx", "文件内容与扩展名 .docx 不符")]
    public async Task F_7_1_a_non_word_file_is_refused_with_a_message_and_nothing_is_stored(string fileName, string message)
    {
        using var s = await App.LoginAsync(DemoUsers.JiangAnCm1);
        var company = Unique("拒收企业");
        var content = fileName switch
        {
            "报价.pdf" => TestFiles.Pdf(company),
            "改名的程序.doc" => TestFiles.Exe(),
            _ => TestFiles.Text("not a zip " + company),
        };
        var before = Counts(Table);

        var res = await UploadAsync(s, company, fileName, content);

        Assert.That(res.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var html = await HtmlOf(res);
        Assert.That(html, Does.Contain(message));
        Assert.That(html, Does.Contain($"value=\"{company}\""), "the form is shown again with what was typed");
        Assert.That(Counts(Table), Is.EqualTo(before), "no lead and no stored file");
    }

    [Test]
    public async Task F_7_1_missing_required_fields_are_refused_with_chinese_messages()
    {
        using var s = await App.LoginAsync(DemoUsers.JiangAnCm1);
        var before = Counts(Table);
        var res = await s.PostMultipartAsync(UploadUrl, [new("ContactName", "王经理"), new("ContactPhone", "abc")],
            "File", "资料.docx", TestFiles.Docx("x"), tokenFrom: UploadUrl);

        var html = await HtmlOf(res);
        Assert.That(html, Does.Contain("请填写企业名称"));
        Assert.That(html, Does.Contain("请选择所属行业"));
        Assert.That(html, Does.Contain("请填写业务需求"));
        Assert.That(html, Does.Contain("联系电话只能包含数字"));
        Assert.That(Counts(Table), Is.EqualTo(before));
    }

    [Test]
    public async Task F_7_1_a_lead_is_shared_with_the_uploaders_city_and_the_province_but_not_with_another_city()
    {
        using var uploader = await App.LoginAsync(DemoUsers.JiangAnCm1);
        var company = Unique("江岸商贸");
        var file = TestFiles.Docx(company);
        AssertRedirectedTo(await UploadAsync(uploader, company, "商贸.docx", file), "/sharing/leads", "upload accepted");
        var url = $"/sharing/leads/{IdOf(Table, "company_name", company)}/download";

        foreach (var login in new[] { DemoUsers.WuchangCm1, DemoUsers.WuhanCentre, DemoUsers.Province })
        {
            using var s = await App.LoginAsync(login);
            Assert.That(await s.GetHtmlAsync("/sharing/leads"), Does.Contain(company), login);
            await AssertDownloadAsync(s, url, file, "商贸.docx");
        }

        using var yichang = await App.LoginAsync(DemoUsers.YichangCm1);
        Assert.That(await yichang.GetHtmlAsync("/sharing/leads"), Does.Not.Contain(company));
        await AssertNotFoundAsync(yichang, url);
    }

    [Test]
    public async Task F_7_1_a_yichang_lead_stays_in_yichang()
    {
        using var yichang = await App.LoginAsync(DemoUsers.YichangCm1);
        var company = Unique("三峡物流");
        AssertRedirectedTo(await UploadAsync(yichang, company, "三峡.docx", TestFiles.Docx(company)), "/sharing/leads", "upload accepted");
        var url = $"/sharing/leads/{IdOf(Table, "company_name", company)}/download";

        using var jiangan = await App.LoginAsync(DemoUsers.JiangAnCm1);
        Assert.That(await jiangan.GetHtmlAsync("/sharing/leads"), Does.Not.Contain(company));
        await AssertNotFoundAsync(jiangan, url);

        using var province = await App.LoginAsync(DemoUsers.Province);
        Assert.That(await province.GetHtmlAsync("/sharing/leads"), Does.Contain(company));
    }

    [Test]
    public async Task F_7_1_an_unknown_lead_id_answers_404()
    {
        using var s = await App.LoginAsync(DemoUsers.Admin);
        await AssertNotFoundAsync(s, "/sharing/leads/987654/download");
    }
}
