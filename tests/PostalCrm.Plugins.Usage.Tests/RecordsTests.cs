using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using LinqToDB.Data;
using MiniExcelLibs;
using PostalCrm.Plugins.Usage.Data;
using PostalCrm.Plugins.Usage.Features.Records;
using PostalCrm.Sdk.Data;
using PostalCrm.Testing;

namespace PostalCrm.Plugins.Usage.Tests;

/// <summary>F-5.7 手工录入用邮信息明细查询: filters, scope, pagination, links, export; corrections keep the summary in step.</summary>
[TestFixtureSource(typeof(TestDatabase), nameof(TestDatabase.Providers))]
[NonParallelizable]
public sealed partial class RecordsTests(DatabaseProvider provider)
{
    private const string Url = "/usage/records";
    private UsageApp _app = null!;

    [OneTimeSetUp] public void Start() => _app = new UsageApp(provider);
    [OneTimeTearDown] public void Stop() => _app.Dispose();

    private static string D(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static long Total(string html) => long.Parse(TotalRegex().Match(html).Groups[1].Value, CultureInfo.InvariantCulture);

    [GeneratedRegex("共 ([0-9]+) 条")]
    private static partial Regex TotalRegex();

    private static readonly DateOnly From = new(2000, 1, 1);
    private static readonly DateOnly To = new(2100, 1, 1);

    /// <summary>The ids of 武汉市 and every unit below it (the demo city centre's area), as a sub-query.</summary>
    private static async Task<IQueryable<int>> WuhanUnitsAsync(PostalDb db)
    {
        var wuhan = await db.OrgUnits.Where(u => u.Name == "武汉市").Select(u => u.Path).FirstAsync();
        return db.OrgUnits.Where(u => u.Path.StartsWith(wuhan)).Select(u => u.Id);
    }

    [Test]
    public async Task F_5_7_a_customer_manager_sees_own_records_with_the_name_and_number_prefilled_read_only()
    {
        using var s = await _app.LoginAsync(DemoUsers.JiangAnCm1);
        var me = await _app.UserIdAsync(DemoUsers.JiangAnCm1);
        var html = await s.GetHtmlAsync($"{Url}?DateFrom={D(From)}&DateTo={D(To)}&Manager=wc_cm1");
        Assert.That(html, Does.Contain("value=\"江岸客户经理陈静(J1001)\" readonly"));
        using var db = _app.Open();
        var own = await db.GetTable<UsageRecord>().LongCountAsync(r => r.ManagerUserId == me);
        Assert.That(own, Is.GreaterThan(50), "demo data gives two years of usage");
        Assert.That(Total(html), Is.EqualTo(own), "own records only, whatever the manager field says");
        Assert.That(html, Does.Contain("rel=\"next\""), "paginated");
        Assert.That(html, Does.Contain("用邮日期").And.Contain("商务客户号").And.Contain("客户名称").And.Contain("大客户号").And.Contain("用邮专业")
            .And.Contain("业务类型").And.Contain("客户经理").And.Contain("所属部门").And.Contain("实际收入").And.Contain("数据来源"));
    }

    [Test]
    public async Task F_5_7_filters_by_short_name_dates_business_type_and_entry_method()
    {
        using var s = await _app.LoginAsync(DemoUsers.WuhanCentre);
        var b = await _app.BookingOfAsync(DemoUsers.JiangAnCm1);
        using var db = _app.Open();
        var shortName = await db.BusinessCustomers.Where(c => c.Id == b.CustomerId).Select(c => c.ShortName).FirstAsync();
        var today = DateOnly.FromDateTime(DateTime.UtcNow.AddHours(8));
        var from = new DateOnly(today.Year, today.Month, 1).AddMonths(-6);
        var matching = db.BusinessCustomers.Where(c => c.ShortName.Contains(shortName)).Select(c => c.Id);
        var expected = await db.GetTable<UsageRecord>().LongCountAsync(r => matching.Contains(r.CustomerId) && r.UsageDate >= from && r.UsageDate <= today
            && r.BusinessTypeId == b.BusinessTypeId && r.Source == UsageSource.Batch);
        var html = await s.GetHtmlAsync($"{Url}?ShortName={Uri.EscapeDataString(shortName)}&DateFrom={D(from)}&DateTo={D(today)}&BusinessTypeId={b.BusinessTypeId}&Source=2");
        if (expected == 0) Assert.That(html, Does.Contain("没有符合条件的用邮记录"));
        else Assert.That(Total(html), Is.EqualTo(expected));
        var single = await db.GetTable<UsageRecord>().LongCountAsync(r => matching.Contains(r.CustomerId) && r.Source == UsageSource.OneByOne);
        var all = await db.GetTable<UsageRecord>().LongCountAsync(r => matching.Contains(r.CustomerId));
        Assert.That(Total(await s.GetHtmlAsync($"{Url}?ShortName={Uri.EscapeDataString(shortName)}&DateFrom={D(From)}&DateTo={D(To)}&Source=1")), Is.EqualTo(single));
        Assert.That(Total(await s.GetHtmlAsync($"{Url}?ShortName={Uri.EscapeDataString(shortName)}&DateFrom={D(From)}&DateTo={D(To)}")), Is.EqualTo(all));
        Assert.That(single, Is.LessThan(all), "the entry-method filter filters");
    }

    [Test]
    public async Task F_5_7_org_roles_see_their_area_only()
    {
        using var s = await _app.LoginAsync(DemoUsers.WuhanCentre);
        using var db = _app.Open();
        var units = await WuhanUnitsAsync(db);
        // One year: Wuhan's two demo years are more than the list counts (10,000+, see the bounded-count test).
        var to = DateOnly.FromDateTime(DateTime.UtcNow.AddHours(8));
        var from = to.AddYears(-1);
        var expected = await db.GetTable<UsageRecord>().LongCountAsync(r => units.Contains(r.OrgUnitId) && r.UsageDate >= from && r.UsageDate <= to);
        var total = await db.GetTable<UsageRecord>().LongCountAsync(r => r.UsageDate >= from && r.UsageDate <= to);
        Assert.That(expected, Is.LessThan(total), "demo data has records outside Wuhan");
        Assert.That(expected, Is.LessThanOrEqualTo(RecordService.CountLimit));
        Assert.That(Total(await s.GetHtmlAsync($"{Url}?DateFrom={D(from)}&DateTo={D(to)}")), Is.EqualTo(expected));
        var yichang = await _app.BookingOfAsync(DemoUsers.YichangCm1);
        var foreign = await db.GetTable<UsageRecord>().Where(r => r.KeyAccountId == yichang.KeyAccountId).Select(r => r.Id).FirstAsync();
        Assert.That((await s.GetAsync($"{Url}/{foreign}/correct")).StatusCode, Is.EqualTo(HttpStatusCode.NotFound), "another city's record by URL");
        var yichangCm = await _app.UserIdAsync(DemoUsers.YichangCm1);
        Assert.That((await s.GetAsync($"{Url}/managers/{yichangCm}")).StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That((await s.GetAsync($"{Url}/customers/{yichang.CustomerId}")).StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        var jiangan = await _app.BookingOfAsync(DemoUsers.JiangAnCm1);
        Assert.That(await s.GetHtmlAsync($"{Url}/customers/{jiangan.CustomerId}"), Does.Contain("客户基本信息"));
        Assert.That(await s.GetHtmlAsync($"{Url}/managers/{jiangan.ManagerUserId}"), Does.Contain("J1001"));
    }

    /// <summary>
    /// An area's pages are cut unit by unit on PostgreSQL (SDK 1.9, DataScope.RecordListAsync) and from the whole area on
    /// SQLite: either way each page holds the area's records of the period newest first (date, then id), every one once.
    /// </summary>
    [Test]
    public async Task F_5_7_an_areas_pages_are_newest_first_with_every_record_once()
    {
        using var s = await _app.LoginAsync(DemoUsers.WuhanCentre);
        using var db = _app.Open();
        var units = await WuhanUnitsAsync(db);
        var to = DateOnly.FromDateTime(DateTime.UtcNow.AddHours(8));
        var from = to.AddMonths(-3);
        var expected = await db.GetTable<UsageRecord>().Where(r => units.Contains(r.OrgUnitId) && r.UsageDate >= from && r.UsageDate <= to)
            .OrderByDescending(r => r.UsageDate).ThenByDescending(r => r.Id).Select(r => r.Id).ToListAsync();
        var pages = (expected.Count + RecordService.PageSize - 1) / RecordService.PageSize;
        Assert.That(pages, Is.GreaterThan(2), "the demo city has several pages of usage in three months");
        Assert.That(await db.GetTable<UsageRecord>().Where(r => expected.Contains(r.Id)).Select(r => r.OrgUnitId).Distinct().CountAsync(),
            Is.GreaterThan(1), "records of several units, so a page merges units");
        var listed = new List<long>();
        for (var page = 1; page <= pages; page++)
        {
            var html = await s.GetHtmlAsync($"{Url}?DateFrom={D(from)}&DateTo={D(to)}&Page={page}");
            listed.AddRange(RecordIdRegex().Matches(html).Select(m => long.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture)));
        }
        Assert.That(listed, Is.EqualTo(expected));
    }

    [GeneratedRegex("/usage/records/([0-9]+)/correct")]
    private static partial Regex RecordIdRegex();

    [Test]
    public async Task F_5_7_export_streams_every_row_of_the_filter_as_xlsx()
    {
        using var s = await _app.LoginAsync(DemoUsers.JiangAnCm1);
        var me = await _app.UserIdAsync(DemoUsers.JiangAnCm1);
        var res = await s.GetAsync($"{Url}/export?DateFrom={D(From)}&DateTo={D(To)}&Source=2");
        Assert.That(res.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(res.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"));
        using var xlsx = new MemoryStream(await res.Content.ReadAsByteArrayAsync());
        var rows = MiniExcel.Query(xlsx, useHeaderRow: true).Cast<IDictionary<string, object?>>().ToList();
        using var db = _app.Open();
        var expected = await db.GetTable<UsageRecord>().Where(r => r.ManagerUserId == me && r.Source == UsageSource.Batch).ToListAsync();
        Assert.That(rows, Has.Count.EqualTo(expected.Count));
        Assert.That(rows[0].Keys, Does.Contain("用邮日期").And.Contain("实际收入").And.Contain("用邮序列"));
        Assert.That(rows.Sum(r => Convert.ToDecimal(r["实际收入"], CultureInfo.InvariantCulture)), Is.EqualTo(expected.Sum(r => r.ActualFen) / 100m), "money exact");
    }

    /// <summary>
    /// Issue 8: the list counts at most 10,000 records per request ("10,000+", no last page, no total past the bound);
    /// below the bound, count and total stay exact. The year 2001 holds only the rows this test adds (removed after).
    /// </summary>
    [Test]
    public async Task F_5_7_the_count_stops_at_10000_and_shows_10000_plus_without_a_total()
    {
        var b = await _app.BookingOfAsync(DemoUsers.JiangAnCm1);
        using var db = _app.Open();
        var template = await db.GetTable<UsageRecord>().Where(r => r.KeyAccountId == b.KeyAccountId).FirstAsync();
        var first = new DateOnly(2001, 1, 1);
        UsageRecord Copy(DateOnly day, long fen) => new()
        {
            UsageDate = day, CustomerId = template.CustomerId, KeyAccountId = template.KeyAccountId, ProductLineId = template.ProductLineId,
            BusinessTypeId = template.BusinessTypeId, ManagerUserId = template.ManagerUserId, OrgUnitId = template.OrgUnitId, ActualFen = fen,
            Source = UsageSource.OneByOne, EnteredBy = template.EnteredBy, EnteredAt = template.EnteredAt,
        };
        // 10,001 rows in 2001 (the bound plus one), and one on each side of the year, which the date range leaves out.
        var rows = Enumerable.Range(0, RecordService.CountLimit + 1).Select(i => Copy(first.AddDays(i % 365), 1 + i % 7)).ToList();
        rows.Add(Copy(new DateOnly(2000, 12, 31), 5));
        rows.Add(Copy(new DateOnly(2002, 1, 1), 5));
        await db.BulkCopyAsync(new BulkCopyOptions { BulkCopyType = BulkCopyType.MultipleRows }, rows);
        try
        {
            using var s = await _app.LoginAsync(DemoUsers.WuhanCentre);
            var year = $"{Url}?DateFrom=2001-01-01&DateTo=2001-12-31";
            var html = WebUtility.HtmlDecode(await s.GetHtmlAsync(year));
            Assert.That(html, Does.Contain("共 10,000+ 条,第 1 / 200+ 页"));
            Assert.That(html, Does.Contain("rel=\"next\"").And.Not.Contain("末页"), "no last page past the bound");
            Assert.That(html, Does.Not.Contain("id=\"total-actual\"").And.Contain("记录超过 10,000 条,未计算实际收入合计"));
            var newest = await db.GetTable<UsageRecord>().Where(r => r.UsageDate == new DateOnly(2001, 12, 31)).MaxAsync(r => r.Id);
            Assert.That(html, Does.Contain($"/usage/records/{newest}/correct"), "newest first, as before");

            // Asking for a page past the bound counts up to that page (here: all of them, 10,001 = 200 pages + 1 row).
            var last = await s.GetHtmlAsync($"{year}&Page=201");
            Assert.That(last, Does.Contain("共 10001 条,第 201 / 201 页").And.Not.Contain("rel=\"next\""));
            var oldest = await db.GetTable<UsageRecord>().Where(r => r.UsageDate == first).MinAsync(r => r.Id);
            Assert.That(last, Does.Contain($"/usage/records/{oldest}/correct"));

            // At the bound itself the count and the total are exact. The year's count (page 201's exact 10,001) is remembered
            // until a write through the portal (BoundedCounts) — this one is not — so the same rows are asked for through
            // one more filter, which counts afresh.
            await db.GetTable<UsageRecord>().Where(r => r.Id == oldest).DeleteAsync();
            Assert.That(await s.GetHtmlAsync(year), Does.Contain("共 10001 条,第 1 / 201 页"), "remembered for this filter, on any page");
            var exact = await s.GetHtmlAsync($"{year}&BusinessTypeId={template.BusinessTypeId}");
            var fen = await db.GetTable<UsageRecord>().Where(r => r.UsageDate >= first && r.UsageDate <= new DateOnly(2001, 12, 31)).SumAsync(r => r.ActualFen);
            Assert.That(Total(exact), Is.EqualTo(RecordService.CountLimit));
            Assert.That(exact, Does.Contain($"<span id=\"total-actual\">{(fen / 100m).ToString("#,##0.00", CultureInfo.InvariantCulture)}</span>").And.Contain("末页"));
        }
        finally
        {
            await db.GetTable<UsageRecord>().Where(r => r.UsageDate >= new DateOnly(2000, 12, 31) && r.UsageDate <= new DateOnly(2002, 1, 1)).DeleteAsync();
        }
    }

    [Test]
    public async Task F_5_7_a_correction_keeps_the_summary_equal_to_the_records_and_is_bounded_by_the_window()
    {
        var b = await _app.BookingOfAsync(DemoUsers.JiangAnCm1);
        using var cm = await _app.LoginAsync(DemoUsers.JiangAnCm1);
        var today = DateOnly.FromDateTime(DateTime.UtcNow.AddHours(8));
        var entry = $"/usage/entry/accounts/{b.KeyAccountId}";
        var res = await cm.PostFormAsync(entry, new { UsageDate = D(today), b.ProductLineId, b.BusinessTypeId, Actual = "100.01", Volume = "3" }, tokenFrom: entry);
        Assert.That(res.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        using var db = _app.Open();
        var id = await db.GetTable<UsageRecord>().Where(r => r.KeyAccountId == b.KeyAccountId).MaxAsync(r => r.Id);
        Assert.That((await cm.GetAsync($"{Url}/{id}/correct")).StatusCode, Is.EqualTo(HttpStatusCode.Forbidden), "a customer manager does not correct");

        using var s = await _app.LoginAsync(DemoUsers.WuhanCentre);
        var yesterday = today.AddDays(-1);
        res = await s.PostFormAsync($"{Url}/{id}/correct", new { UsageDate = D(yesterday), Actual = "99.99", Receivable = "120", Volume = "4", Remarks = "更正" },
            tokenFrom: $"{Url}/{id}/correct");
        Assert.That(res.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), await res.Content.ReadAsStringAsync());
        var r = await db.GetTable<UsageRecord>().FirstAsync(x => x.Id == id);
        Assert.That((r.UsageDate, r.ActualFen, r.ReceivableFen, r.Volume), Is.EqualTo((yesterday, 9999L, (long?)12000, (long?)4)));
        var sums = await _app.SummaryAndRecordsAsync();
        Assert.That(sums[0], Is.EqualTo(sums[1]));

        var old = await db.GetTable<UsageRecord>().Where(x => x.OrgUnitId == b.OrgUnitId && x.UsageDate < today.AddMonths(-3)).Select(x => x.Id).FirstAsync();
        res = await s.PostFormAsync($"{Url}/{old}/correct", new { UsageDate = D(today), Actual = "1" }, tokenFrom: $"{Url}/{old}/correct");
        Assert.That(await res.Content.ReadAsStringAsync(), Does.Contain("只能更正用邮日期在上月一日"));
    }
}
