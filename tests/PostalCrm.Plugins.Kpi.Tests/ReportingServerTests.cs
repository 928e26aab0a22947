using System.Net;
using PostalCrm.Sdk.Data;
using PostalCrm.Testing;
using UglyToad.PdfPig;

namespace PostalCrm.Plugins.Kpi.Tests;

/// <summary>
/// The reporting server (ARCHITECTURE §6) through its first report, the KPI form: 报表中心, permission and parameter scope,
/// HTML / PDF (text extractable) / XLSX, template edits without a restart, broken templates named by file and line.
/// </summary>
[TestFixtureSource(typeof(TestDatabase), nameof(TestDatabase.Providers))]
public class ReportingServerTests(DatabaseProvider provider) : KpiFixture(provider)
{
    private string Template => Path.Combine(ReportsFolder, "kpi", "kpi-form.liquid");

    private static string Query(int customerId, int year, int month) => $"customerId={customerId}&year={year}&month={month}";

    private static string PdfText(byte[] pdf)
    {
        using var doc = PdfDocument.Open(pdf);
        return string.Join("\n", doc.GetPages().Select(p => p.Text));
    }

    private static int PdfPages(byte[] pdf)
    {
        using var doc = PdfDocument.Open(pdf);
        return doc.NumberOfPages;
    }

    [Test]
    public async Task Report_center_lists_the_reports_the_user_may_run_with_their_parameter_forms()
    {
        using var cm = await App.LoginAsync(DemoUsers.JiangAnCm1);
        var home = await cm.GetHtmlAsync("/");
        Assert.That(home, Does.Contain("报表中心"));
        var list = await cm.GetHtmlAsync("/reports");
        Assert.That(list, Does.Contain("KPI指标分析报告").And.Contain("/reports/kpi/kpi-form"));
        var form = await cm.GetHtmlAsync("/reports/kpi/kpi-form");
        Assert.That(form, Does.Contain("name=\"customerId\"").And.Contain("name=\"year\"").And.Contain("name=\"month\""));
    }

    [Test]
    public async Task Report_endpoints_check_the_manifests_permission()
    {
        File.WriteAllText(Path.Combine(ReportsFolder, "kpi", "secret.json"),
            """{ "id": "kpi/secret", "title": "机密报表", "template": "kpi-form.liquid", "permission": "nobody.holds.this", "formats": ["html","pdf","xlsx"] }""");
        try
        {
            using var cm = await App.LoginAsync(DemoUsers.JiangAnCm1);
            Assert.That(await cm.GetHtmlAsync("/reports"), Does.Not.Contain("机密报表"));
            foreach (var url in new[] { "/reports/kpi/secret", "/reports/kpi/secret?run=true", "/reports/kpi/secret/pdf", "/reports/kpi/secret/xlsx" })
                Assert.That((await cm.GetAsync(url)).StatusCode, Is.EqualTo(HttpStatusCode.Forbidden), url);
            Assert.That((await cm.GetAsync("/reports/kpi/nothing-here")).StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
            using var anonymous = App.Session();
            Assert.That((await anonymous.GetAsync("/reports/kpi/kpi-form")).StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        }
        finally
        {
            File.Delete(Path.Combine(ReportsFolder, "kpi", "secret.json"));
        }
    }

    [Test]
    public async Task Report_parameters_outside_the_users_scope_answer_404()
    {
        using var owner = await App.LoginAsync(DemoUsers.JiangAnCm1);
        var c = await CustomerWithReportAsync(owner, ThisYear, 3);
        using var other = await App.LoginAsync(DemoUsers.WuchangCm1);
        foreach (var url in new[] { $"/reports/kpi/kpi-form?run=true&{Query(c.Id, ThisYear, 3)}", $"/reports/kpi/kpi-form/pdf?{Query(c.Id, ThisYear, 3)}",
                     $"/reports/kpi/kpi-form/xlsx?{Query(c.Id, ThisYear, 3)}" })
            Assert.That((await other.GetAsync(url)).StatusCode, Is.EqualTo(HttpStatusCode.NotFound), url);
        Assert.That(await other.GetHtmlAsync("/reports/kpi/kpi-form"), Does.Not.Contain(c.Name), "not offered in the customer list either");
    }

    [Test]
    public async Task Html_report_shows_in_the_portal_and_xlsx_exports_the_table()
    {
        using var cm = await App.LoginAsync(DemoUsers.JiangAnCm1);
        var c = await CustomerWithReportAsync(cm, ThisYear, 4);
        var html = WebUtility.HtmlDecode(await cm.GetHtmlAsync($"/reports/kpi/kpi-form?run=true&{Query(c.Id, ThisYear, 4)}"));
        Assert.That(html, Does.Contain("大客户KPI指标分析报告书").And.Contain(c.Name).And.Contain($"{ThisYear}年04月").And.Contain("55.00").And.Contain("id=\"report-pdf\""));
        var xlsx = await cm.GetAsync($"/reports/kpi/kpi-form/xlsx?{Query(c.Id, ThisYear, 4)}");
        Assert.That(xlsx.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(xlsx.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"));
        var missing = await cm.GetAsync($"/reports/kpi/kpi-form?run=true&customerId={c.Id}&year={ThisYear}");
        Assert.That(WebUtility.HtmlDecode(await missing.Content.ReadAsStringAsync()), Does.Contain("请选择月份"));
    }

    [Test]
    public async Task F_6_2_the_printed_pdf_has_extractable_chinese_text_customer_indicators_and_total()
    {
        using var cm = await App.LoginAsync(DemoUsers.JiangAnCm1);
        var c = await CustomerWithReportAsync(cm, ThisYear, 5);
        var res = await cm.GetAsync($"/kpi/reports/print?{Query(c.Id, ThisYear, 5)}");
        Assert.That(res.StatusCode, Is.EqualTo(HttpStatusCode.OK), await res.Content.ReadAsStringAsync());
        Assert.That(res.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/pdf"));
        Assert.That(res.Content.Headers.ContentDisposition?.FileNameStar, Does.Contain(c.Name));
        var text = PdfText(await res.Content.ReadAsByteArrayAsync());
        Assert.That(text, Does.Contain(c.Name).And.Contain("大客户KPI指标分析报告书").And.Contain("55.00").And.Contain("客户签名").And.Contain("客户评分"));
        foreach (var id in c.Indicators) Assert.That(text, Does.Contain(await IndicatorNameAsync(id)));
        // The same through the 报表中心.
        var viaCentre = await cm.GetAsync($"/reports/kpi/kpi-form/pdf?{Query(c.Id, ThisYear, 5)}");
        Assert.That(PdfText(await viaCentre.Content.ReadAsByteArrayAsync()), Does.Contain(c.Name));
    }

    [Test]
    public async Task F_6_2_batch_prints_the_months_forms_of_all_of_a_managers_customers_as_one_pdf()
    {
        using var cm = await App.LoginAsync(DemoUsers.JiangAnCm2);
        var a = await CustomerWithReportAsync(cm, ThisYear, 6, DemoUsers.JiangAnCm2);
        var b = await CustomerWithReportAsync(cm, ThisYear, 6, DemoUsers.JiangAnCm2);
        Assert.That(await cm.GetHtmlAsync($"/kpi/reports/batch?year={ThisYear}&month=6"), Does.Contain("id=\"batch-form\""));
        var res = await cm.GetAsync($"/kpi/reports/batch/pdf?year={ThisYear}&month=6");
        Assert.That(res.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var pdf = await res.Content.ReadAsByteArrayAsync();
        Assert.That(PdfPages(pdf), Is.EqualTo(2));
        Assert.That(PdfText(pdf), Does.Contain(a.Name).And.Contain(b.Name));
        Assert.That((await cm.GetAsync($"/kpi/reports/batch/pdf?year={ThisYear}&month=11")).StatusCode, Is.EqualTo(HttpStatusCode.BadRequest), "no reports that month");

        // With progress: start, poll the status fragment, download.
        var start = await cm.PostFormAsync("/kpi/reports/batch", new { year = Str(ThisYear), month = "6" }, tokenFrom: "/kpi/reports/batch");
        Assert.That(start.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        var job = start.Headers.Location!.ToString();
        Assert.That(job, Does.Match(@"^/kpi/reports/batch/\d+$"));
        Assert.That(await cm.GetHtmlAsync(job), Does.Contain("id=\"batch-status\""));
        var status = "";
        for (var i = 0; i < 120 && !status.Contains("batch-download", StringComparison.Ordinal); i++)
        {
            status = WebUtility.HtmlDecode(await cm.GetHtmlAsync(job + "/status"));
            Assert.That(status, Does.Not.Contain("batch-error"));
            if (!status.Contains("batch-download", StringComparison.Ordinal)) await Task.Delay(500);
        }
        Assert.That(status, Does.Contain("已完成 2 / 2 份"));
        var viaJob = await cm.GetAsync(job + "/pdf");
        Assert.That(PdfPages(await viaJob.Content.ReadAsByteArrayAsync()), Is.EqualTo(2));
        using var other = await App.LoginAsync(DemoUsers.JiangAnCm1);
        Assert.That((await other.GetAsync(job + "/pdf")).StatusCode, Is.EqualTo(HttpStatusCode.NotFound), "another user's batch");
    }

    [Test]
    public async Task F_6_2_a_batch_prints_each_form_as_printed_alone_and_leaves_out_customers_no_longer_in_scope()
    {
        using var cm = await App.LoginAsync(DemoUsers.JiangAnCm2);
        var a = await CustomerWithReportAsync(cm, ThisYear, 9, DemoUsers.JiangAnCm2);
        var b = await CustomerWithReportAsync(cm, ThisYear, 9, DemoUsers.JiangAnCm2);
        var gone = await CustomerWithReportAsync(cm, ThisYear, 9, DemoUsers.JiangAnCm2);
        // The manager's relationship with one customer ends after the report was saved: its form is no longer theirs to print.
        using (var db = App.Database.Open())
        {
            var me = await db.Users.Where(u => u.Login == DemoUsers.JiangAnCm2).Select(u => u.Id).FirstAsync();
            await db.BusinessRelationships.Where(r => r.CustomerId == gone.Id && r.ManagerUserId == me).Set(r => r.Approved, false).UpdateAsync();
        }
        var batch = await (await cm.GetAsync($"/kpi/reports/batch/pdf?year={ThisYear}&month=9")).Content.ReadAsByteArrayAsync();
        using var doc = PdfDocument.Open(batch);
        var pages = doc.GetPages().Select(p => WithoutPrintTime(p.Text)).ToList();
        Assert.That(pages, Has.Count.EqualTo(2));
        Assert.That(string.Join("\n", pages), Does.Not.Contain(gone.Name));
        foreach (var c in new[] { a, b })
        {
            var alone = await (await cm.GetAsync($"/kpi/reports/print?{Query(c.Id, ThisYear, 9)}")).Content.ReadAsByteArrayAsync();
            Assert.That(pages, Does.Contain(WithoutPrintTime(PdfText(alone))), c.Name);
        }
    }

    private static string WithoutPrintTime(string text) => System.Text.RegularExpressions.Regex.Replace(text, @"\d{4}-\d{2}-\d{2} \d{2}:\d{2}", "");

    [Test]
    public async Task A_template_edit_shows_without_a_restart_and_a_broken_one_names_file_and_line()
    {
        using var cm = await App.LoginAsync(DemoUsers.JiangAnCm1);
        var c = await CustomerWithReportAsync(cm, ThisYear, 7);
        var url = $"/reports/kpi/kpi-form?run=true&{Query(c.Id, ThisYear, 7)}";
        var original = File.ReadAllText(Template);
        try
        {
            Assert.That(await cm.GetHtmlAsync(url), Does.Not.Contain("模板已修改"));
            File.WriteAllText(Template, original.Replace("<h1>大客户KPI指标分析报告书</h1>", "<h1>大客户KPI指标分析报告书(模板已修改)</h1>"));
            File.SetLastWriteTimeUtc(Template, DateTime.UtcNow.AddSeconds(5));
            Assert.That(await cm.GetHtmlAsync(url), Does.Contain("模板已修改"));

            File.WriteAllText(Template, "<p>第一行</p>\n<p>{{ model.customer_name }}</p>\n{% for row in %}\n");
            File.SetLastWriteTimeUtc(Template, DateTime.UtcNow.AddSeconds(10));
            foreach (var broken in new[] { url, $"/kpi/reports/print?{Query(c.Id, ThisYear, 7)}" })
            {
                var res = await cm.GetAsync(broken);
                Assert.That(res.StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable), broken);
                Assert.That(WebUtility.HtmlDecode(await res.Content.ReadAsStringAsync()), Does.Contain("reports/kpi/kpi-form.liquid").And.Contain("第 3 行"), broken);
            }
            // A template reads no files and calls no code: include has nowhere to read from.
            File.WriteAllText(Template, "{% include 'kpi-form.json' %}");
            File.SetLastWriteTimeUtc(Template, DateTime.UtcNow.AddSeconds(15));
            Assert.That(await (await cm.GetAsync(url)).Content.ReadAsStringAsync(), Does.Not.Contain("permission"));
        }
        finally
        {
            File.WriteAllText(Template, original);
            File.SetLastWriteTimeUtc(Template, DateTime.UtcNow.AddSeconds(20));
        }
    }
}

/// <summary>Without Chromium the PDF action says what to install; HTML still works.</summary>
public class ReportingWithoutChromiumTests() : KpiFixture(DatabaseProvider.Sqlite)
{
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?> { ["Reporting:ChromiumPath"] = "/nonexistent/chromium" };

    [Test]
    public async Task Without_chromium_the_pdf_action_says_what_to_install_and_html_still_works()
    {
        using var cm = await App.LoginAsync(DemoUsers.JiangAnCm1);
        var c = await CustomerWithReportAsync(cm, ThisYear, 3);
        var html = WebUtility.HtmlDecode(await cm.GetHtmlAsync($"/reports/kpi/kpi-form?run=true&customerId={c.Id}&year={ThisYear}&month=3"));
        Assert.That(html, Does.Contain(c.Name).And.Contain("id=\"pdf-unavailable\"").And.Contain("apt-get install chromium"));
        var pdf = await cm.GetAsync($"/kpi/reports/print?customerId={c.Id}&year={ThisYear}&month=3");
        Assert.That(pdf.StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable));
        Assert.That(WebUtility.HtmlDecode(await pdf.Content.ReadAsStringAsync()), Does.Contain("apt-get install chromium fonts-wqy-microhei"));
    }
}
