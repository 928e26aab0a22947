using System.Net;
using System.Text.Json;
using PostalCrm.Plugins.Marketing.Common;
using PostalCrm.Plugins.Marketing.Features.Plans;
using PostalCrm.Plugins.Usage.Data;
using PostalCrm.Sdk.Data;
using PostalCrm.Testing;
using UglyToad.PdfPig;

namespace PostalCrm.Plugins.Marketing.Tests;

/// <summary>
/// F-4.2 / F-4.3 as reports of the reporting server (报表中心 and the pages' 打印): data, parameter scope (404), HTML,
/// PDF with extractable Chinese text, XLSX; and the live customer hints of F-4.6 / F-4.7 (JSON endpoint, scope, script).
/// </summary>
[TestFixtureSource(typeof(TestDatabase), nameof(TestDatabase.Providers))]
public class ReportTests(DatabaseProvider provider) : MarketingFixture(provider)
{
    private const string Stats = "/reports/marketing/performance-statistics";
    private const string Months = "/reports/marketing/performance-monthly";

    private static string PdfText(byte[] pdf)
    {
        using var doc = PdfDocument.Open(pdf);
        return string.Join("\n", doc.GetPages().Select(p => p.Text));
    }

    private async Task<byte[]> PdfAsync(WebSession s, string url)
    {
        Assume.That(File.Exists("/usr/bin/chromium"), "Chromium is installed by build/test-deps.sh");
        var res = await s.GetAsync(url);
        Assert.That(res.StatusCode, Is.EqualTo(HttpStatusCode.OK), url);
        Assert.That(res.Content.Headers.ContentType!.MediaType, Is.EqualTo("application/pdf"), url);
        return await res.Content.ReadAsByteArrayAsync();
    }

    private int UnitId(string name)
    {
        using var db = Db();
        return db.OrgUnits.Where(u => u.Name == name).Select(u => u.Id).First();
    }

    private long Sum(IEnumerable<int> managers, DateOnly from, DateOnly to)
    {
        var ids = managers.ToList();
        using var db = Db();
        return db.GetTable<UsageDaily>().Where(d => ids.Contains(d.ManagerUserId) && d.UsageDate >= from && d.UsageDate <= to).Sum(d => (long?)d.ActualFen) ?? 0;
    }

    [Test]
    public async Task F_4_2_report_center_lists_both_reports_with_their_parameters()
    {
        using var cm = await LoginAsync(DemoUsers.JiangAnCm1);
        var list = await cm.GetHtmlAsync("/reports");
        Assert.That(list, Does.Contain("客户经理业绩统计").And.Contain(Stats).And.Contain("客户经理各月明细").And.Contain(Months));
        var form = await cm.GetHtmlAsync(Stats);
        Assert.That(form, Does.Contain("name=\"from\"").And.Contain("name=\"to\"").And.Contain("name=\"unitId\""));
        using var dept = await LoginAsync(DemoUsers.JiangAnDept);
        form = await dept.GetHtmlAsync(Months);
        Assert.That(form, Does.Contain($"value=\"{UserId(DemoUsers.JiangAnCm1)}\"").And.Contain("江岸客户经理陈静")
            .And.Not.Contain("武昌客户经理赵敏"), "only the managers the user may pick are offered");
    }

    [Test]
    public async Task F_4_2_statistics_report_rolls_up_by_unit_filters_by_unit_and_exports_xlsx()
    {
        var from = new DateOnly(Today.Year - 1, 1, 1);
        var to = Today;
        var cm1 = UserId(DemoUsers.JiangAnCm1);
        var cm2 = UserId(DemoUsers.JiangAnCm2);
        var wc = UserId(DemoUsers.WuchangCm1);
        var jiangan = Sum([cm1, cm2], from, to);
        var wuhan = Sum([cm1, cm2, wc], from, to);
        Assert.That(jiangan, Is.GreaterThan(0));
        using var s = await LoginAsync(DemoUsers.WuhanCentre);
        var q = $"from={D(from)}&to={D(to)}";
        var html = await s.GetHtmlAsync($"{Stats}?run=true&{q}");
        Assert.That(html, Does.Contain("id=\"report-output\"").And.Contain("江岸区 合计").And.Contain(Money.Show(jiangan)).And.Contain("武汉市 合计")
            .And.Contain(Money.Show(wuhan)).And.Contain("武昌客户经理赵敏").And.Not.Contain("宜昌客户经理周强").And.Contain("<svg"));

        var jianganId = UnitId("江岸区");
        html = await s.GetHtmlAsync($"{Stats}?run=true&{q}&unitId={jianganId}");
        Assert.That(html, Does.Contain("江岸区 合计").And.Contain(Money.Show(jiangan)).And.Not.Contain("武汉市 合计").And.Not.Contain("武昌客户经理赵敏"));

        var xlsx = await s.GetAsync($"{Stats}/xlsx?{q}&unitId={jianganId}");
        Assert.That(xlsx.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(xlsx.Content.Headers.ContentType!.MediaType, Is.EqualTo("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"));
        Assert.That((await xlsx.Content.ReadAsByteArrayAsync())[..2], Is.EqualTo("PK"u8.ToArray()));

        // The page offers the same unit filter and prints through the report.
        html = await s.GetHtmlAsync($"/marketing/performance/statistics?{q}&unitId={jianganId}");
        Assert.That(html, Does.Contain("id=\"print\"").And.Contain($"/marketing/performance/statistics/print?from={D(from)}&amp;to={D(to)}&amp;unitId={jianganId}")
            .And.Not.Contain($"data-manager=\"{wc}\""));
    }

    [Test]
    public async Task F_4_2_statistics_report_and_print_answer_404_for_a_unit_outside_the_users_area()
    {
        var wuchang = UnitId("武昌区");
        using var dept = await LoginAsync(DemoUsers.JiangAnDept);
        foreach (var url in new[] { $"{Stats}?run=true&unitId={wuchang}", $"{Stats}/pdf?unitId={wuchang}", $"{Stats}/xlsx?unitId={wuchang}",
                     $"/marketing/performance/statistics?unitId={wuchang}", $"/marketing/performance/statistics/print?unitId={wuchang}",
                     $"/marketing/performance/statistics/export?unitId={wuchang}" })
            await AssertNotFoundAsync(dept, url);
        Assert.That(await dept.GetHtmlAsync(Stats), Does.Not.Contain(">武昌区<").And.Not.Contain("　武昌区"), "not offered either");
        using var cm = await LoginAsync(DemoUsers.JiangAnCm1);
        await AssertNotFoundAsync(cm, $"{Stats}/pdf?unitId={UnitId("宜昌市")}");
    }

    [Test]
    public async Task F_4_2_printed_statistics_are_a_pdf_with_extractable_chinese_text()
    {
        using var s = await LoginAsync(DemoUsers.JiangAnDept);
        var from = new DateOnly(Today.Year, 1, 1);
        var text = PdfText(await PdfAsync(s, $"/marketing/performance/statistics/print?from={D(from)}&to={D(Today)}"));
        Assert.That(text, Does.Contain("客户经理业绩统计").And.Contain("江岸区").And.Contain("江岸客户经理陈静").And.Contain("客户数"));
        var viaCenter = PdfText(await PdfAsync(s, $"{Stats}/pdf?from={D(from)}&to={D(Today)}"));
        Assert.That(viaCenter, Does.Contain("江岸客户经理杨磊"));
    }

    [Test]
    public async Task F_4_3_monthly_report_shows_24_months_year_on_year_and_a_chart_and_prints_a_pdf()
    {
        var cm1 = UserId(DemoUsers.JiangAnCm1);
        var month = MonthStart(0);
        var thisMonth = Sum([cm1], month, Today);
        using var s = await LoginAsync(DemoUsers.JiangAnDept);
        var html = await s.GetHtmlAsync($"{Months}?run=true&managerId={cm1}");
        Assert.That(html, Does.Contain("<svg").And.Contain("去年同期").And.Contain("同比").And.Contain("江岸客户经理陈静")
            .And.Contain($"<td>{month.Year}年{month.Month}月</td><td class=\"num\">{Money.Show(thisMonth)}</td>"));
        var first = MonthStart(23);
        Assert.That(html, Does.Contain($"<td>{first.Year}年{first.Month}月</td>").And.Not.Contain($"<td>{MonthStart(24).Year}年{MonthStart(24).Month}月</td>"));

        var text = PdfText(await PdfAsync(s, $"/marketing/performance/monthly/print?managerId={cm1}"));
        Assert.That(text, Does.Contain("客户经理各月明细").And.Contain("江岸客户经理陈静").And.Contain("去年同期").And.Contain($"{month.Year}年{month.Month}月"));
        Assert.That(PdfText(await PdfAsync(s, $"{Months}/pdf?managerId={cm1}")), Does.Contain("近12个月合计"));
    }

    [Test]
    public async Task F_4_3_monthly_report_of_a_manager_outside_the_scope_answers_404()
    {
        var wc = UserId(DemoUsers.WuchangCm1);
        using var dept = await LoginAsync(DemoUsers.JiangAnDept);
        foreach (var url in new[] { $"{Months}?run=true&managerId={wc}", $"{Months}/pdf?managerId={wc}", $"{Months}/xlsx?managerId={wc}",
                     $"/marketing/performance/monthly/print?managerId={wc}" })
            await AssertNotFoundAsync(dept, url);
        using var cm = await LoginAsync(DemoUsers.JiangAnCm1);
        await AssertNotFoundAsync(cm, $"{Months}/pdf?managerId={UserId(DemoUsers.JiangAnCm2)}");
        await AssertNotFoundAsync(cm, $"/marketing/performance/monthly/print?managerId={UserId(DemoUsers.JiangAnCm2)}");
    }

    private static async Task<JsonElement> JsonAsync(WebSession s, string url)
    {
        var res = await s.GetAsync(url);
        Assert.That(res.StatusCode, Is.EqualTo(HttpStatusCode.OK), url);
        return JsonDocument.Parse(await res.Content.ReadAsStringAsync()).RootElement;
    }

    private static List<string> Strings(JsonElement e, string name) => [.. e.GetProperty(name).EnumerateArray().Select(x => x.GetString()!)];

    [Test]
    public async Task F_4_6_hints_endpoint_answers_the_customers_departments_contacts_and_visit_dates()
    {
        var cm1 = UserId(DemoUsers.JiangAnCm1);
        int customer;
        List<string> depts, names;
        List<int> freqs;
        using (var db = Db())
        {
            var own = db.BusinessRelationships.Where(r => r.ManagerUserId == cm1 && r.Approved).Select(r => r.CustomerId);
            customer = db.Contacts.Where(c => own.Contains(c.CustomerId) && !c.Deleted && c.Department != null
                                              && db.VisitFrequencies.Any(f => f.CustomerId == c.CustomerId && f.VisitsPerMonth > 0))
                .OrderBy(c => c.CustomerId).Select(c => c.CustomerId).First();
            var contacts = db.Contacts.Where(c => c.CustomerId == customer && !c.Deleted).ToList();
            depts = [.. contacts.Select(c => c.Department).OfType<string>().Distinct().Order(StringComparer.Ordinal)];
            names = [.. contacts.Select(c => c.Name).Distinct().Order(StringComparer.Ordinal)];
            freqs = [.. db.VisitFrequencies.Where(f => f.CustomerId == customer).Select(f => f.VisitsPerMonth)];
        }
        var next = MonthStart(-1);
        using var s = await LoginAsync(DemoUsers.JiangAnCm1);
        var json = await JsonAsync(s, $"/marketing/hints?customerId={customer}&managerId={cm1}&month={Month(next)}");
        Assert.That(json.GetProperty("customerId").GetInt32(), Is.EqualTo(customer));
        Assert.That(Strings(json, "departments"), Is.EqualTo(depts));
        Assert.That(Strings(json, "contacts"), Is.EqualTo(names));
        var dates = Strings(json, "dates");
        Assert.That(freqs, Does.Contain(dates.Count), "one date per visit of the customer's frequency");
        Assert.That(dates.All(d => d.StartsWith(Month(next), StringComparison.Ordinal)), Is.True, string.Join(",", dates));

        // Without a manager and month (the daily log): departments and contacts only.
        json = await JsonAsync(s, $"/marketing/hints?customerId={customer}");
        Assert.That(Strings(json, "contacts"), Is.EqualTo(names));
        Assert.That(Strings(json, "dates"), Is.Empty);

        // The forms ask for the hints live: the select names the endpoint, the fields take part, the script is the plugin's.
        var page = await s.GetHtmlAsync(MonthlyUrl(cm1, MonthStart(0)));
        Assert.That(page, Does.Contain($"data-hints-url=\"/marketing/hints?managerId={cm1}&amp;month={Month(MonthStart(0))}&amp;customerId=\"")
            .And.Contain("data-hint=\"departments\"").And.Contain("data-hint=\"contacts\"").And.Contain("data-hint=\"dates\"")
            .And.Contain("<script src=\"/marketing/hints/hints.js\"></script>"));
        var day = await s.GetHtmlAsync(DayUrl(cm1, Today));
        Assert.That(day, Does.Contain("data-hints-url=\"/marketing/hints?customerId=\"").And.Contain("<script src=\"/marketing/hints/hints.js\"></script>"));
        var script = await s.GetAsync("/marketing/hints/hints.js");
        Assert.That(script.Content.Headers.ContentType!.MediaType, Is.EqualTo("text/javascript"));
        Assert.That(await script.Content.ReadAsStringAsync(), Does.Contain("data-hints-url"));
    }

    [Test]
    public async Task F_4_6_hints_endpoint_answers_404_for_a_customer_or_manager_outside_the_scope()
    {
        var cm1 = UserId(DemoUsers.JiangAnCm1);
        using var s = await LoginAsync(DemoUsers.JiangAnCm1);
        await AssertNotFoundAsync(s, $"/marketing/hints?customerId={ForeignCustomer(DemoUsers.JiangAnCm1)}");
        await AssertNotFoundAsync(s, $"/marketing/hints?customerId=999999");
        await AssertNotFoundAsync(s, $"/marketing/hints?customerId={OwnCustomer(DemoUsers.JiangAnCm1)}&managerId={UserId(DemoUsers.JiangAnCm2)}&month={Month(MonthStart(0))}");
        int yichangCustomer;
        using (var db = Db())
        {
            var yc = db.OrgUnits.Where(u => u.Name == "宜昌市").Select(u => u.Path).First();
            yichangCustomer = (from c in db.BusinessCustomers join d in db.OrgUnits on c.DistrictOrgId equals d.Id where d.Path.StartsWith(yc) select c.Id).First();
        }
        using var dept = await LoginAsync(DemoUsers.JiangAnDept);
        await AssertNotFoundAsync(dept, $"/marketing/hints?customerId={yichangCustomer}");

        // The hints rendered with the page follow the same rule: a development item's customer outside the area shows none.
        int withContacts, ownWithContacts;
        using (var db = Db())
        {
            var own = db.BusinessRelationships.Where(r => r.ManagerUserId == cm1 && r.Approved).Select(r => r.CustomerId);
            ownWithContacts = db.Contacts.Where(x => own.Contains(x.CustomerId) && !x.Deleted).OrderBy(x => x.CustomerId).Select(x => x.CustomerId).First();
            var yc = db.OrgUnits.Where(u => u.Name == "宜昌市").Select(u => u.Path).First();
            withContacts = (from c in db.BusinessCustomers join d in db.OrgUnits on c.DistrictOrgId equals d.Id
                            where d.Path.StartsWith(yc) && db.Contacts.Any(x => x.CustomerId == c.Id && !x.Deleted) select c.Id).First();
        }
        var month = MonthStart(0);
        var fields = PlanFields(cm1, month, new Item(Data.WorkKind.Development, withContacts, month, Keep: true));
        fields.Add(new("Op", "other"));
        var res = await dept.PostFormAsync("/marketing/plans/monthly", fields, tokenFrom: MonthlyUrl(cm1, month));
        var html = await res.Content.ReadAsStringAsync();
        Assert.That(html, Does.Contain($"value=\"{withContacts}\" selected").And.Not.Contain($"id=\"hint-contacts-{withContacts}\""));
        Assert.That(html, Does.Contain($"id=\"hint-contacts-{ownWithContacts}\""), "own customers' hints are there");
        Assert.That((await dept.GetAsync($"/marketing/hints?customerId={OwnCustomer(DemoUsers.JiangAnCm1)}&managerId={cm1}&month={Month(MonthStart(0))}")).StatusCode,
            Is.EqualTo(HttpStatusCode.OK), "the department sees its managers' customers");
    }
}

/// <summary>F-4.6 日期安排 hints: the visits of a frequency spread evenly over the month, today or later.</summary>
public class DueDateTests
{
    [Test]
    public void F_4_6_due_dates_spread_the_visits_over_the_month_from_today()
    {
        Assert.That(PlanService.DueDates(2026, 2, 2, new DateOnly(2026, 1, 20)), Is.EqualTo(new[] { "2026-02-07", "2026-02-21" }));
        Assert.That(PlanService.DueDates(2026, 2, 1, new DateOnly(2026, 2, 1)), Is.EqualTo(new[] { "2026-02-14" }));
        Assert.That(PlanService.DueDates(2026, 2, 2, new DateOnly(2026, 2, 10)), Is.EqualTo(new[] { "2026-02-21" }), "past days are not offered");
        Assert.That(PlanService.DueDates(2026, 2, 0, new DateOnly(2026, 2, 1)), Is.Empty);
        Assert.That(PlanService.DueDates(2026, 2, 40, new DateOnly(2026, 2, 1)), Has.Count.EqualTo(28), "at most one a day");
    }
}
