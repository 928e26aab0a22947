using System.Net;
using PostalCrm.Plugins.Marketing.Common;
using PostalCrm.Plugins.Marketing.Features.Performance;
using PostalCrm.Plugins.Usage.Data;
using PostalCrm.Sdk.Data;
using PostalCrm.Testing;

namespace PostalCrm.Plugins.Marketing.Tests;

/// <summary>F-4.1 manager lookup, F-4.2 statistics with roll-up and export, F-4.3 monthly detail, F-4.4 business detail — through the SDK usage contract.</summary>
[TestFixtureSource(typeof(TestDatabase), nameof(TestDatabase.Providers))]
public class PerformanceTests(DatabaseProvider provider) : MarketingFixture(provider)
{
    [Test]
    public async Task F_4_1_lookup_is_fuzzy_and_a_unit_sees_its_own_and_lower_units_managers()
    {
        using var s = await LoginAsync(DemoUsers.JiangAnDept);
        var html = await s.GetHtmlAsync("/marketing/managers");
        Assert.That(html, Does.Contain("江岸客户经理陈静").And.Contain("江岸客户经理杨磊").And.Contain("13900000001").And.Not.Contain("武昌客户经理赵敏"));
        html = await s.GetHtmlAsync("/marketing/managers?q=" + Uri.EscapeDataString("杨"));
        Assert.That(html, Does.Contain("江岸客户经理杨磊").And.Not.Contain("江岸客户经理陈静"));
        var cm1 = UserId(DemoUsers.JiangAnCm1);
        int customers;
        using (var db = Db()) customers = db.BusinessRelationships.Where(r => r.ManagerUserId == cm1 && r.Approved).Select(r => r.CustomerId).Distinct().Count();
        html = await s.GetHtmlAsync("/marketing/managers?q=13900000001");
        Assert.That(html, Does.Contain($"<td class=\"text-end\">{customers}</td>"));
        using var city = await LoginAsync(DemoUsers.WuhanCentre);
        html = await city.GetHtmlAsync("/marketing/managers");
        Assert.That(html, Does.Contain("江岸客户经理陈静").And.Contain("武昌客户经理赵敏").And.Not.Contain("宜昌客户经理周强"));
    }

    [Test]
    public async Task F_4_1_a_unit_with_more_managers_than_a_page_reaches_every_one_page_by_page()
    {
        // 60 extra managers in 江岸区 for this test only, so the department's list has more than one page.
        await WithExtraManagersAsync("zz_page_", "分页测试经理", 60, async () =>
        {
            using var s = await LoginAsync(DemoUsers.JiangAnDept);
            var seen = new List<string>();
            var pages = 0;
            for (var more = true; more; pages++)
            {
                var html = await s.GetHtmlAsync($"/marketing/managers?page={pages + 1}");
                seen.AddRange(System.Text.RegularExpressions.Regex.Matches(html, "分页测试经理(\\d\\d)").Select(m => m.Groups[1].Value));
                more = html.Contains("下一页", StringComparison.Ordinal) && pages < 10;
            }
            Assert.That(pages, Is.GreaterThan(1), "more than one page");
            Assert.That(seen, Is.EquivalentTo(Enumerable.Range(1, 60).Select(i => i.ToString("D2", System.Globalization.CultureInfo.InvariantCulture))),
                "every manager once, over the pages");
        });
    }

    private static long Sum(PostalDb db, IEnumerable<int> managers, DateOnly from, DateOnly to)
    {
        var ids = managers.ToList();
        return db.GetTable<UsageDaily>().Where(d => ids.Contains(d.ManagerUserId) && d.UsageDate >= from && d.UsageDate <= to).Sum(d => (long?)d.ActualFen) ?? 0;
    }

    [Test]
    public async Task F_4_2_roll_up_totals_equal_the_sum_of_the_managers_below_and_exclude_other_units()
    {
        var from = new DateOnly(Today.Year - 1, 1, 1);
        var to = Today;
        var cm1 = UserId(DemoUsers.JiangAnCm1);
        var cm2 = UserId(DemoUsers.JiangAnCm2);
        var wc = UserId(DemoUsers.WuchangCm1);
        var yc = UserId(DemoUsers.YichangCm1);
        long jiangan, wuhan, one;
        using (var db = Db())
        {
            jiangan = Sum(db, [cm1, cm2], from, to);
            wuhan = Sum(db, [cm1, cm2, wc], from, to);
            one = Sum(db, [cm1], from, to);
            Assert.That(Sum(db, [yc], from, to), Is.GreaterThan(0), "宜昌 has revenue that must not count");
        }
        Assert.That(jiangan, Is.GreaterThan(0));
        using var s = await LoginAsync(DemoUsers.WuhanCentre);
        var html = await s.GetHtmlAsync($"/marketing/performance/statistics?from={D(from)}&to={D(to)}");
        Assert.That(html, Does.Contain($"江岸区 合计</th>\n            <th class=\"text-end\">{Money.Show(jiangan)}</th>").Or.Contain($"江岸区 合计</th>\r\n            <th class=\"text-end\">{Money.Show(jiangan)}</th>"));
        Assert.That(html, Does.Contain($"武汉市 合计</th>\n            <th class=\"text-end\">{Money.Show(wuhan)}</th>").Or.Contain($"武汉市 合计</th>\r\n            <th class=\"text-end\">{Money.Show(wuhan)}</th>"));
        Assert.That(html, Does.Contain($"data-manager=\"{cm1}\"").And.Not.Contain($"data-manager=\"{yc}\"").And.Not.Contain("宜昌市 合计"));
        Assert.That(html, Does.Contain(Money.Show(one)));

        var export = await s.GetAsync($"/marketing/performance/statistics/export?from={D(from)}&to={D(to)}");
        Assert.That(export.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(export.Content.Headers.ContentType!.MediaType, Is.EqualTo("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"));
        var bytes = await export.Content.ReadAsByteArrayAsync();
        Assert.That(bytes[..2], Is.EqualTo("PK"u8.ToArray()), "an .xlsx (zip) file");
    }

    [Test]
    public async Task F_4_2_the_statistics_show_every_manager_page_by_page_under_the_same_unit_totals()
    {
        // 60 extra managers in 江岸区: the department's statistics have more managers than one page (50).
        await WithExtraManagersAsync("zz_stat_", "统计分页经理", 60, async () =>
        {
            using var s = await LoginAsync(DemoUsers.JiangAnDept);
            var from = new DateOnly(Today.Year - 1, 1, 1);
            string UnitTotal(string html) => System.Text.RegularExpressions.Regex.Match(html, "江岸区 合计</th>\\s*<th class=\"text-end\">([^<]*)</th>").Groups[1].Value;
            var seen = new List<string>();
            var totals = new HashSet<string>();
            var pages = 0;
            for (var more = true; more; pages++)
            {
                var html = await s.GetHtmlAsync($"/marketing/performance/statistics?from={D(from)}&to={D(Today)}&page={pages + 1}");
                Assert.That(System.Text.RegularExpressions.Regex.Count(html, "class=\"manager-row\""), Is.LessThanOrEqualTo(StatisticsPage.ManagersPerPage));
                seen.AddRange(System.Text.RegularExpressions.Regex.Matches(html, "统计分页经理(\\d\\d)").Select(m => m.Groups[1].Value));
                totals.Add(UnitTotal(html));
                Assert.That(html, Does.Contain($"from={D(from)}").And.Contain($"to={D(Today)}"), "the period is kept on the page links");
                more = html.Contains("下一页", StringComparison.Ordinal) && pages < 10;
            }
            Assert.That(pages, Is.GreaterThan(1), "more than one page");
            Assert.That(seen, Is.EquivalentTo(Enumerable.Range(1, 60).Select(i => i.ToString("D2", System.Globalization.CultureInfo.InvariantCulture))),
                "every manager once, over the pages");
            Assert.That(totals, Has.Count.EqualTo(1).And.None.Empty, "the unit total is the same (of every manager) on every page");
            var past = await s.GetHtmlAsync($"/marketing/performance/statistics?from={D(from)}&to={D(Today)}&page=99");
            Assert.That(past, Does.Contain($"第 {pages} / {pages} 页"), "a page past the end shows the last one");
        });
    }

    [Test]
    public async Task F_4_2_a_manager_sees_only_their_own_figures()
    {
        var cm1 = UserId(DemoUsers.JiangAnCm1);
        var cm2 = UserId(DemoUsers.JiangAnCm2);
        using var s = await LoginAsync(DemoUsers.JiangAnCm1);
        var html = await s.GetHtmlAsync("/marketing/performance/statistics");
        Assert.That(html, Does.Contain($"data-manager=\"{cm1}\"").And.Not.Contain($"data-manager=\"{cm2}\""));
        await AssertNotFoundAsync(s, $"/marketing/performance/monthly?managerId={cm2}");
    }

    [Test]
    public async Task F_4_3_monthly_detail_shows_24_months_with_year_on_year_change_and_a_bar_chart()
    {
        var cm1 = UserId(DemoUsers.JiangAnCm1);
        var month = MonthStart(0);
        long thisMonth;
        using (var db = Db()) thisMonth = Sum(db, [cm1], month, Today);
        using var s = await LoginAsync(DemoUsers.JiangAnDept);
        var html = await s.GetHtmlAsync($"/marketing/performance/monthly?managerId={cm1}");
        Assert.That(System.Text.RegularExpressions.Regex.Count(html, "<rect "), Is.EqualTo(24));
        Assert.That(html, Does.Contain($"<td>{month.Year}年{month.Month}月</td>\n                <td class=\"text-end\">{Money.Show(thisMonth)}</td>")
            .Or.Contain($"<td>{month.Year}年{month.Month}月</td>\r\n                <td class=\"text-end\">{Money.Show(thisMonth)}</td>"));
        Assert.That(html, Does.Contain("同比").And.Not.Contain("<script>"), "no inline script: the chart is SVG");
        await AssertNotFoundAsync(s, $"/marketing/performance/monthly?managerId={UserId(DemoUsers.WuchangCm1)}");
    }

    [Test]
    public async Task F_4_4_business_detail_lists_own_revenue_per_day_and_the_days_records()
    {
        var cm1 = UserId(DemoUsers.JiangAnCm1);
        DateOnly day;
        long fen;
        int records;
        using (var db = Db())
        {
            var last = db.GetTable<UsageRecord>().Where(r => r.ManagerUserId == cm1).OrderByDescending(r => r.UsageDate).First();
            day = last.UsageDate;
            fen = db.GetTable<UsageRecord>().Where(r => r.ManagerUserId == cm1 && r.UsageDate == day).Sum(r => r.ActualFen);
            records = db.GetTable<UsageRecord>().Count(r => r.ManagerUserId == cm1 && r.UsageDate == day);
        }
        using var s = await LoginAsync(DemoUsers.JiangAnCm1);
        var html = await s.GetHtmlAsync($"/marketing/performance/business?month={Month(day)}");
        Assert.That(html, Does.Contain($"<td>{D(day)}</td><td class=\"text-end\">{records}</td><td class=\"text-end\">{Money.Show(fen)}</td>"));
        var detail = await s.GetHtmlAsync($"/marketing/performance/business/{D(day)}");
        Assert.That(System.Text.RegularExpressions.Regex.Count(detail, "<tr><td>"), Is.EqualTo(records));
        using var dept = await LoginAsync(DemoUsers.JiangAnDept);
        Assert.That((await dept.GetAsync("/marketing/performance/business")).StatusCode, Is.Not.EqualTo(HttpStatusCode.OK), "a manager's own page");
    }
}

/// <summary>Without the usage plugin marketing shows zero figures with a note instead of failing.</summary>
[TestFixtureSource(typeof(TestDatabase), nameof(TestDatabase.Providers))]
public class WithoutUsageTests(DatabaseProvider provider) : MarketingFixture(provider, "marketing")
{
    [Test]
    public async Task F_4_2_without_the_usage_plugin_figures_are_zero_with_a_note()
    {
        using var s = await LoginAsync(DemoUsers.JiangAnDept);
        foreach (var url in new[] { "/marketing/performance/statistics", $"/marketing/performance/monthly?managerId={UserId(DemoUsers.JiangAnCm1)}",
                     $"/marketing/plans/annual?managerId={UserId(DemoUsers.JiangAnCm1)}&year={Today.Year}" })
        {
            var html = await s.GetHtmlAsync(url);
            Assert.That(html, Does.Contain("客户用邮插件未启用"), url);
        }
        using var cm = await LoginAsync(DemoUsers.JiangAnCm1);
        Assert.That(await cm.GetHtmlAsync("/marketing/performance/business"), Does.Contain("客户用邮插件未启用"));
    }
}
