using System.Net;
using PostalCrm.Plugins.Kpi.Data;
using PostalCrm.Sdk.Data;
using PostalCrm.Testing;

namespace PostalCrm.Plugins.Kpi.Tests;

/// <summary>F-6.1 to F-6.4 through the real host, on both databases, by URL.</summary>
[TestFixtureSource(typeof(TestDatabase), nameof(TestDatabase.Providers))]
public class KpiTests(DatabaseProvider provider) : KpiFixture(provider)
{
    [Test]
    public async Task F_6_1_the_customer_picker_finds_a_customer_by_2_or_more_characters_of_its_name()
    {
        using var cm = await App.LoginAsync(DemoUsers.JiangAnCm1);
        var c = await FreshCustomerAsync();
        string pair;
        using (var db = App.Database.Open()) pair = SearchKeywords.RarestBigram(db, c.Name);
        async Task<string> Picker(string q) => WebUtility.HtmlDecode(await cm.GetHtmlAsync($"/kpi/focus?q={Uri.EscapeDataString(q)}"));

        Assert.That(await Picker(pair), Does.Contain(c.Name), "2 characters: through the bigram index");
        Assert.That(await Picker(c.Name[..Math.Min(6, c.Name.Length)]), Does.Contain(c.Name), "3 or more: through the trigram index");
        Assert.That(await Picker("龘龘"), Does.Not.Contain(c.Name), "2 characters no customer has");

        // A customer outside the manager's scope is not offered, whatever its name (PostgreSQL reads the province's matches
        // first and keeps those of the scope).
        int outsideId;
        string outside, outsidePair;
        using (var db = App.Database.Open())
        {
            var me = await db.Users.Where(u => u.Login == DemoUsers.JiangAnCm1).Select(u => u.Id).FirstAsync();
            (outsideId, outside) = await db.BusinessCustomers.Where(x => !db.BusinessRelationships.Any(r => r.CustomerId == x.Id && r.ManagerUserId == me))
                .OrderBy(x => x.Id).Select(x => ValueTuple.Create(x.Id, x.Name)).FirstAsync();
            outsidePair = SearchKeywords.RarestBigram(db, outside);
        }
        var option = $"<option value=\"{outsideId}\"";
        Assert.That(await Picker(outsidePair), Does.Not.Contain(option), "2 characters of a customer outside the scope");
        Assert.That(await Picker(outside), Does.Not.Contain(option), "its whole name");
    }

    [Test]
    public async Task F_6_1_focus_indicators_are_saved_with_targets_and_weights_totalling_100()
    {
        using var cm = await App.LoginAsync(DemoUsers.JiangAnCm1);
        var c = await FreshCustomerAsync();
        var ind = await IndicatorIdsAsync();
        var page = await cm.GetHtmlAsync($"/kpi/focus?q=&customerId={c.Id}&year={ThisYear}");
        Assert.That(page, Does.Contain("客户关注指标指定").And.Contain(c.Name).And.Contain("id=\"focus-form\"").And.Not.Contain("focus-locked"));

        await AssertRedirectAsync(await SaveFocusAsync(cm, c.Id, ThisYear, (ind[0], 120, 60), (ind[1], 35.5m, 40)), "save");
        using var db = App.Database.Open();
        var rows = await db.GetTable<FocusIndicator>().Where(f => f.CustomerId == c.Id && f.Year == ThisYear).OrderBy(f => f.Sort).ToListAsync();
        Assert.That(rows.Select(r => (r.IndicatorId, r.Target, r.Weight)), Is.EqualTo(new[] { (ind[0], 120m, 60m), (ind[1], 35.5m, 40m) }));
        Assert.That(await db.AuditEntries.CountAsync(e => e.Entity == "kpi_focus_indicators" && e.EntityId == $"{c.Id}/{ThisYear}"), Is.EqualTo(1));

        // Saving again replaces the year's set.
        await AssertRedirectAsync(await SaveFocusAsync(cm, c.Id, ThisYear, (ind[2], 10, 100)), "replace");
        Assert.That(await db.GetTable<FocusIndicator>().Where(f => f.CustomerId == c.Id && f.Year == ThisYear).Select(f => f.IndicatorId).ToListAsync(),
            Is.EqualTo(new[] { ind[2] }));
    }

    [Test]
    public async Task F_6_1_a_sixth_indicator_is_refused()
    {
        using var cm = await App.LoginAsync(DemoUsers.JiangAnCm1);
        var c = await FreshCustomerAsync();
        var ind = await IndicatorIdsAsync();
        Assume.That(ind, Has.Count.GreaterThanOrEqualTo(6));
        var res = await SaveFocusAsync(cm, c.Id, ThisYear, [.. ind.Take(6).Select((id, i) => (id, 10m, i < 5 ? 16m : 20m))]);
        Assert.That(res.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(await BodyAsync(res), Does.Contain("关注指标最多 5 个"));
        using var db = App.Database.Open();
        Assert.That(await db.GetTable<FocusIndicator>().CountAsync(f => f.CustomerId == c.Id), Is.Zero);
    }

    [Test]
    public async Task F_6_1_weights_must_total_100_targets_be_positive_and_indicators_distinct()
    {
        using var cm = await App.LoginAsync(DemoUsers.JiangAnCm1);
        var c = await FreshCustomerAsync();
        var ind = await IndicatorIdsAsync();
        foreach (var (rows, message) in new (ValueTuple<int, decimal, decimal>[], string)[]
                 {
                     ([(ind[0], 10, 50), (ind[1], 10, 40)], "权重分值合计必须为 100"),
                     ([(ind[0], 0, 50), (ind[1], 10, 50)], "客户要求指标必须大于 0"),
                     ([(ind[0], -5, 50), (ind[1], 10, 50)], "客户要求指标必须大于 0"),
                     ([(ind[0], 10, 50), (ind[0], 10, 50)], "关注指标不能重复"),
                     ([], "请至少指定一个关注指标"),
                 })
        {
            var res = await SaveFocusAsync(cm, c.Id, ThisYear, rows);
            Assert.That(await BodyAsync(res), Does.Contain(message));
        }
        using var db = App.Database.Open();
        Assert.That(await db.GetTable<FocusIndicator>().CountAsync(f => f.CustomerId == c.Id), Is.Zero);
    }

    [Test]
    public async Task F_6_1_focus_indicators_are_locked_once_a_kpi_report_uses_them()
    {
        using var cm = await App.LoginAsync(DemoUsers.JiangAnCm1);
        var c = await CustomerWithReportAsync(cm, ThisYear, 3);
        var page = await cm.GetHtmlAsync($"/kpi/focus?customerId={c.Id}&year={ThisYear}");
        Assert.That(page, Does.Contain("id=\"focus-locked\"").And.Contain("disabled").And.Not.Contain(">提交</button>\n        </form>"));
        var res = await SaveFocusAsync(cm, c.Id, ThisYear, (c.Indicators[0], 1, 100));
        Assert.That(await BodyAsync(res), Does.Contain("已被KPI指标分析报告引用,不能修改"));
        using var db = App.Database.Open();
        Assert.That(await db.GetTable<FocusIndicator>().CountAsync(f => f.CustomerId == c.Id && f.Year == ThisYear), Is.EqualTo(3));
        // Another year of the same customer is still open.
        await AssertRedirectAsync(await SaveFocusAsync(cm, c.Id, ThisYear + 1, (c.Indicators[0], 1, 100)), "next year");
    }

    [Test]
    public async Task F_6_1_to_F_6_4_a_customer_outside_the_scope_answers_404()
    {
        using var owner = await App.LoginAsync(DemoUsers.JiangAnCm1);
        var c = await CustomerWithReportAsync(owner, ThisYear, 4);
        using var other = await App.LoginAsync(DemoUsers.WuchangCm1);
        foreach (var url in new[]
                 {
                     $"/kpi/focus?customerId={c.Id}&year={ThisYear}", $"/kpi/reports?customerId={c.Id}&year={ThisYear}&month=4",
                     $"/kpi/reports/print?customerId={c.Id}&year={ThisYear}&month=4", $"/kpi/feedback/month?customerId={c.Id}&year={ThisYear}&month=4",
                     $"/kpi/feedback/year?customerId={c.Id}&year={ThisYear}", $"/kpi/solutions/month?customerId={c.Id}&year={ThisYear}&month=4",
                     $"/kpi/solutions/year?customerId={c.Id}&year={ThisYear}",
                 })
            Assert.That((await other.GetAsync(url)).StatusCode, Is.EqualTo(HttpStatusCode.NotFound), url);
        await other.GetAsync("/kpi/focus");
        Assert.That((await SaveFocusAsync(other, c.Id, ThisYear + 2, (c.Indicators[0], 1, 100))).StatusCode, Is.EqualTo(HttpStatusCode.NotFound), "focus POST");
        Assert.That((await SaveReportAsync(other, c.Id, ThisYear, 4, (c.Indicators[0], 1))).StatusCode, Is.EqualTo(HttpStatusCode.NotFound), "report POST");
        Assert.That((await SaveFeedbackAsync(other, c.Id, ThisYear, 4, "张三", "123", null, (c.Indicators[0], 1))).StatusCode, Is.EqualTo(HttpStatusCode.NotFound), "feedback POST");
        // The district's own org role sees it.
        using var dept = await App.LoginAsync(DemoUsers.JiangAnDept);
        Assert.That(await dept.GetHtmlAsync($"/kpi/reports?customerId={c.Id}&year={ThisYear}&month=4"), Does.Contain(c.Name));
    }

    [Test]
    public async Task F_6_2_without_focus_indicators_the_page_says_无此相应的关注指标()
    {
        using var cm = await App.LoginAsync(DemoUsers.JiangAnCm1);
        var c = await FreshCustomerAsync();
        var page = await cm.GetHtmlAsync($"/kpi/reports?customerId={c.Id}&year={ThisYear}&month=1");
        Assert.That(page, Does.Contain("无此相应的关注指标").And.Not.Contain("id=\"kpi-report-form\""));
        Assert.That(await BodyAsync(await SaveReportAsync(cm, c.Id, ThisYear, 1)), Does.Contain("无此相应的关注指标"));
    }

    [Test]
    public async Task F_6_2_actual_values_are_saved_with_scores_computed_on_the_server()
    {
        using var cm = await App.LoginAsync(DemoUsers.JiangAnCm1);
        var c = await FreshCustomerAsync();
        var ind = await IndicatorIdsAsync();
        await AssertRedirectAsync(await SaveFocusAsync(cm, c.Id, ThisYear, (ind[0], 3, 10), (ind[1], 50, 30), (ind[2], 10, 60)), "focus");
        var page = await cm.GetHtmlAsync($"/kpi/reports?customerId={c.Id}&year={ThisYear}&month=2");
        Assert.That(page, Does.Contain("data-ratio-score").And.Contain("data-target=\"3\"").And.Contain("data-weight=\"10\"").And.Contain("id=\"kpi-total\""));

        Assert.That(await BodyAsync(await SaveReportAsync(cm, c.Id, ThisYear, 2, (ind[0], 1), (ind[1], null), (ind[2], 5))), Does.Contain("实际达到指标"), "every value required");
        Assert.That(await BodyAsync(await SaveReportAsync(cm, c.Id, ThisYear, 2, (ind[0], 1), (ind[1], -1), (ind[2], 5))), Does.Contain("不能为负数"));
        // 1/3×10 = 3.33; 80 > 50 → full 30; 0 → 0.
        await AssertRedirectAsync(await SaveReportAsync(cm, c.Id, ThisYear, 2, (ind[0], 1), (ind[1], 80), (ind[2], 0)), "save");
        using var db = App.Database.Open();
        var report = await db.GetTable<KpiReport>().SingleAsync(r => r.CustomerId == c.Id && r.Year == ThisYear && r.Month == 2);
        var values = await db.GetTable<KpiReportValue>().Where(v => v.ReportId == report.Id).ToListAsync();
        Assert.That(values.OrderBy(v => v.IndicatorId).Select(v => v.Score), Is.EqualTo(new[] { 3.33m, 30m, 0m }));
        Assert.That(report.Total, Is.EqualTo(33.33m));
        Assert.That(report.ManagerUserId, Is.EqualTo(await db.Users.Where(u => u.Login == DemoUsers.JiangAnCm1).Select(u => u.Id).FirstAsync()));
        var saved = await cm.GetHtmlAsync($"/kpi/reports?customerId={c.Id}&year={ThisYear}&month=2");
        Assert.That(saved, Does.Contain("33.33").And.Contain("id=\"kpi-print\""));
        // Saving again updates the same report.
        await AssertRedirectAsync(await SaveReportAsync(cm, c.Id, ThisYear, 2, (ind[0], 3), (ind[1], 80), (ind[2], 10)), "update");
        Assert.That((await db.GetTable<KpiReport>().SingleAsync(r => r.CustomerId == c.Id && r.Year == ThisYear && r.Month == 2)).Total, Is.EqualTo(100m));
    }

    [Test]
    public async Task F_6_3_feedback_needs_the_months_kpi_report()
    {
        using var cm = await App.LoginAsync(DemoUsers.JiangAnCm1);
        var c = await CustomerWithReportAsync(cm, ThisYear, 5);
        var page = await cm.GetHtmlAsync($"/kpi/feedback/month?customerId={c.Id}&year={ThisYear}&month=6");
        Assert.That(page, Does.Contain("id=\"no-report\"").And.Contain("还没有KPI指标分析报告"));
        var res = await SaveFeedbackAsync(cm, c.Id, ThisYear, 6, "张三", "13800000000", null, (c.Indicators[0], 1), (c.Indicators[1], 1), (c.Indicators[2], 1));
        Assert.That(await BodyAsync(res), Does.Contain("还没有KPI指标分析报告"));
    }

    [Test]
    public async Task F_6_3_feedback_scores_within_weight_signature_in_chinese_and_phone_in_digits()
    {
        using var cm = await App.LoginAsync(DemoUsers.JiangAnCm1);
        var c = await CustomerWithReportAsync(cm, ThisYear, 7);
        var i = c.Indicators;
        var page = await cm.GetHtmlAsync($"/kpi/feedback/month?customerId={c.Id}&year={ThisYear}&month=7");
        Assert.That(page, Does.Contain("id=\"feedback-form\"").And.Contain("data-sum-into=\"#feedback-total\""));
        foreach (var (sign, phone, scores, message) in new (string, string, (int, decimal?)[], string)[]
                 {
                     ("张三", "13800000000", [(i[0], 40), (i[1], null), (i[2], 10)], "请输入"),
                     ("张三", "13800000000", [(i[0], 51), (i[1], 20), (i[2], 10)], "之间"),
                     ("张三", "13800000000", [(i[0], -1), (i[1], 20), (i[2], 10)], "之间"),
                     ("Zhang", "13800000000", [(i[0], 40), (i[1], 20), (i[2], 10)], "客户签名只能输入中文"),
                     ("张三", "138-0000", [(i[0], 40), (i[1], 20), (i[2], 10)], "联系电话只能输入数字"),
                 })
            Assert.That(await BodyAsync(await SaveFeedbackAsync(cm, c.Id, ThisYear, 7, sign, phone, null, scores)), Does.Contain(message), message);
        using var db = App.Database.Open();
        Assert.That(await db.GetTable<KpiFeedback>().CountAsync(f => f.CustomerId == c.Id), Is.Zero);

        await AssertRedirectAsync(await SaveFeedbackAsync(cm, c.Id, ThisYear, 7, "张三", "13800000000", "希望提高时效", (i[0], 45), (i[1], 20.5m), (i[2], 10)), "save");
        var fb = await db.GetTable<KpiFeedback>().SingleAsync(f => f.CustomerId == c.Id);
        Assert.That((fb.Total, fb.Signature, fb.Phone, fb.Opinions), Is.EqualTo((75.5m, "张三", "13800000000", "希望提高时效")));
    }

    [Test]
    public async Task F_6_3_by_year_lists_the_months_with_feedback_each_editable_with_the_years_summary()
    {
        using var cm = await App.LoginAsync(DemoUsers.JiangAnCm1);
        var c = await CustomerWithReportAsync(cm, ThisYear, 8);
        var i = c.Indicators;
        Assert.That(await cm.GetHtmlAsync($"/kpi/feedback/year?customerId={c.Id}&year={ThisYear}"), Does.Contain("id=\"no-feedback\""));
        await AssertRedirectAsync(await SaveReportAsync(cm, c.Id, ThisYear, 9, (i[0], 200), (i[1], 50), (i[2], 10)), "september");
        await AssertRedirectAsync(await SaveFeedbackAsync(cm, c.Id, ThisYear, 8, "李四", "1", null, (i[0], 40), (i[1], 20), (i[2], 10)), "august");
        await AssertRedirectAsync(await SaveFeedbackAsync(cm, c.Id, ThisYear, 9, "李四", "2", null, (i[0], 50), (i[1], 30), (i[2], 20)), "september");
        var year = WebUtility.HtmlDecode(await cm.GetHtmlAsync($"/kpi/feedback/year?customerId={c.Id}&year={ThisYear}"));
        Assert.That(year, Does.Contain($"{ThisYear}年08月").And.Contain($"{ThisYear}年09月").And.Contain("全年汇总(2 个月)"));
        Assert.That(year, Does.Contain($"/kpi/feedback/month?customerId={c.Id}&year={ThisYear}&month=8"));
        // 25 + 30 + 0 = 55 in August, 100 in September: average 77.5; the customer's 70 and 100: 85.
        Assert.That(year, Does.Contain("平均 77.5").And.Contain("平均 85"));
        // Edit August from the year list.
        await AssertRedirectAsync(await SaveFeedbackAsync(cm, c.Id, ThisYear, 8, "李四", "1", "改", (i[0], 50), (i[1], 30), (i[2], 20)), "edit");
        using var db = App.Database.Open();
        Assert.That(await db.GetTable<KpiFeedback>().Where(f => f.CustomerId == c.Id).OrderBy(f => f.Month).Select(f => f.Total).ToListAsync(), Is.EqualTo(new[] { 100m, 100m }));
    }

    [Test]
    public async Task F_6_4_a_solution_needs_the_feedback_and_checks_signature_and_phone()
    {
        using var cm = await App.LoginAsync(DemoUsers.JiangAnCm1);
        var c = await CustomerWithReportAsync(cm, ThisYear, 10);
        var i = c.Indicators;
        Assert.That(await cm.GetHtmlAsync($"/kpi/solutions/month?customerId={c.Id}&year={ThisYear}&month=10"), Does.Contain("id=\"no-feedback\""));
        Assert.That(await BodyAsync(await SaveSolutionAsync(cm, c.Id, ThisYear, 10, "安排专人", "王五", "123")), Does.Contain("没有找到客户"));
        await AssertRedirectAsync(await SaveFeedbackAsync(cm, c.Id, ThisYear, 10, "张三", "1", "投递慢", (i[0], 40), (i[1], 20), (i[2], 10)), "feedback");
        Assert.That(await cm.GetHtmlAsync($"/kpi/solutions/month?customerId={c.Id}&year={ThisYear}&month=10"), Does.Contain("id=\"solution-form\"").And.Contain("投递慢"));
        Assert.That(await BodyAsync(await SaveSolutionAsync(cm, c.Id, ThisYear, 10, "", "王五", "123")), Does.Contain("请输入解决方案"));
        Assert.That(await BodyAsync(await SaveSolutionAsync(cm, c.Id, ThisYear, 10, "安排专人", "Wang", "123")), Does.Contain("主管签章只能输入中文"));
        Assert.That(await BodyAsync(await SaveSolutionAsync(cm, c.Id, ThisYear, 10, "安排专人", "王五", "12a")), Does.Contain("主管联系电话只能输入数字"));
        await AssertRedirectAsync(await SaveSolutionAsync(cm, c.Id, ThisYear, 10, "安排专人每日揽收", "王五", "02788886666"), "save");
        var year = await cm.GetHtmlAsync($"/kpi/solutions/year?customerId={c.Id}&year={ThisYear}");
        Assert.That(year, Does.Contain("安排专人每日揽收").And.Contain("王五").And.Contain($"{ThisYear}年10月"));
        await AssertRedirectAsync(await SaveSolutionAsync(cm, c.Id, ThisYear, 10, "改为每周两次", "王五", "02788886666"), "edit");
        using var db = App.Database.Open();
        Assert.That(await db.GetTable<KpiSolution>().Where(s => s.CustomerId == c.Id).Select(s => s.Solution).ToListAsync(), Is.EqualTo(new[] { "改为每周两次" }));
    }

    [Test]
    public async Task Demo_data_gives_managers_customers_with_reports_feedback_and_solutions()
    {
        using var db = App.Database.Open();
        Assert.That(await db.GetTable<KpiReport>().CountAsync(), Is.GreaterThan(0));
        Assert.That(await db.GetTable<KpiFeedback>().CountAsync(), Is.GreaterThan(0));
        Assert.That(await db.GetTable<KpiSolution>().CountAsync(), Is.GreaterThan(0));
        var sums = await db.GetTable<FocusIndicator>().GroupBy(f => new { f.CustomerId, f.Year }).Select(g => g.Sum(f => f.Weight)).Distinct().ToListAsync();
        Assert.That(sums, Is.EqualTo(new[] { 100m }));
    }
}
