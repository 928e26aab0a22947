using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using PostalCrm.Plugins.Usage.Common;
using PostalCrm.Plugins.Usage.Data;
using PostalCrm.Sdk.Data;
using PostalCrm.Sdk.Usage;
using PostalCrm.Testing;

namespace PostalCrm.Plugins.Marketing.Tests;

/// <summary>
/// Issue 12: 业绩统计 (F-4.2), 年计划's last-year actuals (F-4.5) and 各月明细 (F-4.3) read the SDK 1.4 grouped figures
/// (per manager × line, per manager × month) instead of one row per manager × line × day. The figures must be the same:
/// hand-computed summary rows in a year no demo data touches (2019), month-end rows whose month must not slip, and the
/// grouped answers against the day rows on the whole demo province.
/// </summary>
[TestFixtureSource(typeof(TestDatabase), nameof(TestDatabase.Providers))]
public partial class GroupedFiguresTests(DatabaseProvider provider) : MarketingFixture(provider)
{
    private (int L1, int L2, int Type) LinesAndType()
    {
        using var db = Db();
        var lines = db.ProductLines.Where(l => l.Active).OrderBy(l => l.Sort).Select(l => l.Id).Take(2).ToList();
        return (lines[0], lines[1], db.BusinessTypes.OrderBy(t => t.Id).Select(t => t.Id).First());
    }

    private void Insert(params UsageDaily[] rows)
    {
        using var db = Db();
        foreach (var r in rows) db.Insert(r);
    }

    private static UsageDaily Row(string date, int manager, int customer, int line, int type, long fen) => new()
    {
        UsageDate = DateOnly.ParseExact(date, "yyyy-MM-dd", CultureInfo.InvariantCulture), ManagerUserId = manager, CustomerId = customer,
        ProductLineId = line, BusinessTypeId = type, OrgUnitId = 1, RecordCount = 1, Volume = 1, ReceivableFen = fen, ActualFen = fen,
    };

    /// <summary>The cells of a row of the statistics table: the manager's, or a unit's 合计.</summary>
    private static List<string> Cells(string html, string rowStart)
    {
        var at = html.IndexOf(rowStart, StringComparison.Ordinal);
        Assert.That(at, Is.GreaterThanOrEqualTo(0), rowStart);
        at = html.LastIndexOf("<tr", at, StringComparison.Ordinal);
        var row = html[at..html.IndexOf("</tr>", at, StringComparison.Ordinal)];
        return [.. CellRegex().Matches(row).Select(m => m.Groups[1].Value.Trim())];
    }

    [Test]
    public async Task F_4_2_statistics_per_manager_line_and_unit_equal_hand_computed_figures()
    {
        var (l1, l2, type) = LinesAndType();
        var cm1 = UserId(DemoUsers.JiangAnCm1);
        var cm2 = UserId(DemoUsers.JiangAnCm2);
        var wc = UserId(DemoUsers.WuchangCm1);
        int c1 = OwnCustomer(DemoUsers.JiangAnCm1), c2 = OwnCustomer(DemoUsers.JiangAnCm1, 1), c3 = OwnCustomer(DemoUsers.JiangAnCm2);
        Insert(
            Row("2019-01-01", cm1, c1, l1, type, 100_000),   // 1,000.00
            Row("2019-03-31", cm1, c2, l1, type, 50_050),    //   500.50
            Row("2019-04-01", cm1, c1, l2, type, 20_025),    //   200.25
            Row("2019-12-31", cm1, c2, l2, type, 9_999),     //    99.99
            Row("2018-12-31", cm1, c1, l1, type, 777_777),   // outside the year
            Row("2020-01-01", cm1, c1, l2, type, 888_888),   // outside the year
            Row("2019-06-15", cm2, c3, l2, type, 30_000),    //   300.00
            Row("2019-06-15", wc, c3, l1, type, 12_345));    // 武昌: not in 江岸区

        using var s = await LoginAsync(DemoUsers.JiangAnDept);
        var html = await s.GetHtmlAsync("/marketing/performance/statistics?from=2019-01-01&to=2019-12-31");
        // total, line 1, line 2 (the first two columns after the total), …, customers.
        var one = Cells(html, $"data-manager=\"{cm1}\"");
        Assert.That(one[1..4], Is.EqualTo(new[] { "1,800.74", "1,500.50", "300.24" }), "cm1: total and per line");
        Assert.That(one[^1], Is.EqualTo("2"), "cm1: two customers served");
        var two = Cells(html, $"data-manager=\"{cm2}\"");
        Assert.That(two[1..4], Is.EqualTo(new[] { "300.00", "0.00", "300.00" }));
        Assert.That(two[^1], Is.EqualTo("1"));
        var unit = Cells(html, "江岸区 合计");
        Assert.That(unit[1..4], Is.EqualTo(new[] { "2,100.74", "1,500.50", "600.24" }), "江岸区: the sum of its managers, not 武昌's");
        Assert.That(unit[^1], Is.EqualTo("3"));

        // F-4.5: the year after shows these as last year's actuals (total and per line).
        var annual = await s.GetHtmlAsync($"/marketing/plans/annual?managerId={cm1}&year=2020");
        Assert.That(annual, Does.Contain("id=\"last-year-total\">1,800.74</td>"));
        var lastByLine = LastYearCellRegex().Matches(annual).Select(m => m.Groups[1].Value).ToList();
        Assert.That(lastByLine[..2], Is.EqualTo(new[] { "1,500.50", "300.24" }));
    }

    [Test]
    public async Task F_4_3_monthly_detail_splits_revenue_at_month_ends_as_the_daily_summary()
    {
        var (l1, _, type) = LinesAndType();
        var cm2 = UserId(DemoUsers.JiangAnCm2);
        var customer = OwnCustomer(DemoUsers.JiangAnCm2);
        var month = MonthStart(12);
        using var s = await LoginAsync(DemoUsers.JiangAnDept);
        var url = $"/marketing/performance/monthly?managerId={cm2}";
        var before = MonthRows(await s.GetHtmlAsync(url));
        Insert(
            Row(D(month.AddDays(-1)), cm2, customer, l1, type, 12_345),           // 123.45 on the last day of the month before
            Row(D(month), cm2, customer, l1, type, 67_890),                        // 678.90 on the first day
            Row(D(month.AddMonths(1).AddDays(-1)), cm2, customer, l1, type, 1));   //   0.01 on its last day
        var after = MonthRows(await s.GetHtmlAsync(url));
        Assert.That(after.Keys, Is.EquivalentTo(before.Keys));
        Assert.That(after.Count, Is.EqualTo(24));
        foreach (var (m, (actual, lastYear)) in after)
        {
            var added = m == MonthStart(13) ? 12_345 : m == month ? 67_891 : 0;
            var addedLastYear = m == MonthStart(1) ? 12_345 : m == MonthStart(0) ? 67_891 : 0;
            Assert.That(actual, Is.EqualTo(before[m].Actual + added), $"{m:yyyy-MM} 收入");
            Assert.That(lastYear, Is.EqualTo(before[m].LastYear + addedLastYear), $"{m:yyyy-MM} 去年同期");
        }
        // And every month equals the daily summary's month, summed here independently.
        using var db = Db();
        foreach (var (m, (actual, _)) in after)
        {
            var end = m.AddMonths(1).AddDays(-1);
            var expected = db.GetTable<UsageDaily>().Where(d => d.ManagerUserId == cm2 && d.UsageDate >= m && d.UsageDate <= end).Sum(d => (long?)d.ActualFen) ?? 0;
            Assert.That(actual, Is.EqualTo(expected), $"{m:yyyy-MM}");
        }
    }

    /// <summary>
    /// The usage plugin's grouped answers and the SDK's default bodies (an implementation written for SDK 1.3) equal the
    /// day rows grouped here, for every manager over the demo data.
    /// </summary>
    [Test]
    public async Task F_4_2_and_F_4_3_grouped_figures_equal_the_day_rows_in_the_usage_plugin_and_the_sdk_default()
    {
        using var db = Db();
        var managers = db.GetTable<UsageDaily>().Select(d => d.ManagerUserId).Distinct().ToList();
        Assert.That(managers, Is.Not.Empty);
        var first = new DateOnly(Today.Year - 2, 1, 15);   // months cut at both ends
        var last = Today.AddDays(-3);
        var usage = new UsageFigures(db);
        var days = await usage.RevenueAsync(first, last, managers);
        Assert.That(days, Is.Not.Empty);
        var expectedLines = days.GroupBy(d => (d.ManagerUserId, d.ProductLineId))
            .Select(g => new UsageLineTotal(g.Key.ManagerUserId, g.Key.ProductLineId, g.Sum(x => x.ActualFen), g.Sum(x => x.RecordCount))).ToList();
        var expectedMonths = days.GroupBy(d => (d.ManagerUserId, d.Date.Year, d.Date.Month))
            .Select(g => new UsageMonthTotal(g.Key.ManagerUserId, g.Key.Year, g.Key.Month, g.Sum(x => x.ActualFen), g.Sum(x => x.RecordCount))).ToList();
        Assert.That(expectedMonths.Select(m => (m.Year, m.Month)).Distinct().Count(), Is.GreaterThan(1));

        IUsageFigures[] implementations = [usage, new Sdk13Figures(usage)];
        foreach (var figures in implementations)
        {
            Assert.That(await figures.RevenueByLineAsync(first, last, managers), Is.EquivalentTo(expectedLines), figures.GetType().Name);
            Assert.That(await figures.RevenueByMonthAsync(first, last, managers), Is.EquivalentTo(expectedMonths), figures.GetType().Name);
            Assert.That(await figures.RevenueByLineAsync(first, last, []), Is.Empty);
        }
    }

    /// <summary>An implementation of the SDK 1.3 members only: the 1.4 members answer through the interface's default bodies.</summary>
    private sealed class Sdk13Figures(IUsageFigures inner) : IUsageFigures
    {
        public Task<IReadOnlyList<UsageFigure>> RevenueAsync(DateOnly first, DateOnly last, IReadOnlyCollection<int> managerUserIds, CancellationToken ct = default) =>
            inner.RevenueAsync(first, last, managerUserIds, ct);

        public Task<IReadOnlyDictionary<int, int>> CustomersServedAsync(DateOnly first, DateOnly last, IReadOnlyCollection<int> managerUserIds, CancellationToken ct = default) =>
            inner.CustomersServedAsync(first, last, managerUserIds, ct);

        public Task<IReadOnlyList<UsageDayRecord>> DayRecordsAsync(int managerUserId, DateOnly day, CancellationToken ct = default) =>
            inner.DayRecordsAsync(managerUserId, day, ct);
    }

    private static Dictionary<DateOnly, (long Actual, long LastYear)> MonthRows(string html) =>
        MonthRowRegex().Matches(html).ToDictionary(
            m => new DateOnly(int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture), int.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture), 1),
            m => (Fen(m.Groups[3].Value), Fen(m.Groups[4].Value)));

    private static long Fen(string shown) => (long)(decimal.Parse(shown, NumberStyles.Number, CultureInfo.InvariantCulture) * 100);

    [GeneratedRegex("<t[dh][^>]*>([^<]*)</t[dh]>")]
    private static partial Regex CellRegex();

    [GeneratedRegex("<td class=\"text-end\">([0-9,.]+)</td>\\s*<td>\\s*<input type=\"hidden\" name=\"LineIds\"")]
    private static partial Regex LastYearCellRegex();

    [GeneratedRegex("<td>(\\d{4})年(\\d{1,2})月</td>\\s*<td class=\"text-end\">([0-9,.]+)</td>\\s*<td class=\"text-end\">([0-9,.]+)</td>")]
    private static partial Regex MonthRowRegex();
}
