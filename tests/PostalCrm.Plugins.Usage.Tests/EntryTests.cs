using System.Globalization;
using System.Net;
using PostalCrm.Plugins.Usage.Data;
using PostalCrm.Sdk.Data;
using PostalCrm.Sdk.Reference;
using PostalCrm.Testing;

namespace PostalCrm.Plugins.Usage.Tests;

/// <summary>F-5.6 客户用邮手工逐笔录入: customer list, key accounts, the form and every rule on the server.</summary>
[TestFixtureSource(typeof(TestDatabase), nameof(TestDatabase.Providers))]
[NonParallelizable]
public sealed class EntryTests(DatabaseProvider provider)
{
    private const string Url = "/usage/entry";
    private UsageApp _app = null!;

    [OneTimeSetUp] public void Start() => _app = new UsageApp(provider);
    [OneTimeTearDown] public void Stop() => _app.Dispose();
    [SetUp] public void ResetClock() => _app.Clock.Offset = TimeSpan.Zero;

    private static string D(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private DateOnly Today => DateOnly.FromDateTime(_app.Clock.GetUtcNow().ToOffset(TimeSpan.FromHours(8)).DateTime);

    private static object Form(Booking b, DateOnly date, string actual = "1234.56", string receivable = "", string volume = "", int? manager = null,
        int? line = null, int? type = null, string remarks = "") => new
        {
            UsageDate = D(date), ProductLineId = (line ?? b.ProductLineId).ToString(CultureInfo.InvariantCulture),
            BusinessTypeId = (type ?? b.BusinessTypeId).ToString(CultureInfo.InvariantCulture), Volume = volume, Receivable = receivable, Actual = actual,
            ManagerUserId = (manager ?? b.ManagerUserId).ToString(CultureInfo.InvariantCulture), Remarks = remarks,
        };

    private async Task<HttpResponseMessage> PostAsync(WebSession s, Booking b, object form) =>
        await s.PostFormAsync($"{Url}/accounts/{b.KeyAccountId}", form, tokenFrom: $"{Url}/accounts/{b.KeyAccountId}");

    private long RecordCount(int keyAccountId)
    {
        using var db = _app.Open();
        return db.GetTable<UsageRecord>().LongCount(r => r.KeyAccountId == keyAccountId);
    }

    /// <summary>The customer's row is on one of the first pages of the user's list (its link, the id whole).</summary>
    private static async Task<bool> ListedAsync(WebSession s, int customerId)
    {
        for (var page = 1; page <= 10; page++)
        {
            var html = await s.GetHtmlAsync($"{Url}?Page={page}");
            if (html.Contains($"{Url}/customers/{customerId}\"", StringComparison.Ordinal)) return true;
            if (!html.Contains("rel=\"next\"", StringComparison.Ordinal)) return false;
        }
        return false;
    }

    private static void AssertRefused(HttpResponseMessage res, string html, string message)
    {
        Assert.That(res.StatusCode, Is.EqualTo(HttpStatusCode.OK), "the form is shown again");
        Assert.That(html, Does.Contain(message));
    }

    [Test]
    public async Task F_5_6_a_customer_manager_sees_own_customers_with_the_manual_columns()
    {
        using var s = await _app.LoginAsync(DemoUsers.JiangAnCm1);
        var b = await _app.BookingOfAsync(DemoUsers.JiangAnCm1);
        var html = await s.GetHtmlAsync(Url);
        Assert.That(html, Does.Contain("客户用邮手工逐笔录入").And.Contain("客户简称").And.Contain("客户级别").And.Contain("本年用邮")
            .And.Contain("联系电话").And.Contain("是否综合客户").And.Contain("开发情况"));
        Assert.That(await ListedAsync(s, b.CustomerId), Is.True, "own customer listed");
        Assert.That(html, Does.Not.Contain("name=\"Keyword\""), "a customer manager gets no search form");
        using var db = _app.Open();
        var other = await db.BusinessRelationships.Where(r => r.Approved && r.ManagerUserId == db.Users.Where(u => u.Login == DemoUsers.WuchangCm1).Select(u => u.Id).First())
            .Select(r => r.CustomerId).FirstAsync();
        var page = await s.GetAsync($"{Url}/customers/{other}");
        Assert.That(page.StatusCode, Is.EqualTo(HttpStatusCode.NotFound), "another manager's customer by URL");
        var accounts = await s.GetHtmlAsync($"{Url}/customers/{b.CustomerId}");
        Assert.That(accounts, Does.Contain(b.Number).And.Contain($"{Url}/accounts/{b.KeyAccountId}"));
        var form = await s.GetHtmlAsync($"{Url}/accounts/{b.KeyAccountId}");
        Assert.That(form, Does.Contain("大客户名称").And.Contain(b.KeyAccountName).And.Contain("大客户号").And.Contain(b.Number).And.Contain(">提交</button>"));
    }

    [Test]
    public async Task F_5_6_a_row_names_its_customer_level_even_one_written_outside_the_portal_since()
    {
        // The level's name comes from the remembered levels (issue 8), not a join: one added straight in the database after
        // the list was shown (no write through the portal forgets anything) must still be named in the row.
        using var s = await _app.LoginAsync(DemoUsers.JiangAnCm1);
        var first = System.Text.RegularExpressions.Regex.Match(await s.GetHtmlAsync(Url), $"{Url}/customers/(\\d+)\"");
        var customerId = int.Parse(first.Groups[1].Value, CultureInfo.InvariantCulture);
        var name = "录入" + Guid.NewGuid().ToString("N")[..6] + "级";
        using var db = _app.Open();
        var before = await db.BusinessCustomers.Where(c => c.Id == customerId).Select(c => c.LevelId).FirstAsync();
        var level = await db.InsertWithInt32IdentityAsync(new CustomerLevel { Name = name, Sort = 999 });
        await db.BusinessCustomers.Where(c => c.Id == customerId).Set(c => c.LevelId, level).UpdateAsync();
        try
        {
            var html = await s.GetHtmlAsync(Url);
            var row = html[html.IndexOf($"{Url}/customers/{customerId}\"", StringComparison.Ordinal)..];
            Assert.That(row[..row.IndexOf("</tr>", StringComparison.Ordinal)], Does.Contain($"<td>{name}</td>"));
        }
        finally
        {
            await db.BusinessCustomers.Where(c => c.Id == customerId).Set(c => c.LevelId, before).UpdateAsync();
        }
    }

    [Test]
    public async Task F_5_6_submit_books_exact_money_keeps_the_summary_in_step_and_returns_to_the_customer_list()
    {
        using var s = await _app.LoginAsync(DemoUsers.JiangAnCm1);
        var b = await _app.BookingOfAsync(DemoUsers.JiangAnCm1);
        var before = RecordCount(b.KeyAccountId);
        var res = await PostAsync(s, b, Form(b, Today, actual: "3000.10", receivable: "3100.20", volume: "12", remarks: "手工录入测试"));
        Assert.That(res.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), await res.Content.ReadAsStringAsync());
        Assert.That(res.Headers.Location?.ToString(), Is.EqualTo(Url));
        Assert.That(await s.GetHtmlAsync(Url), Does.Contain("操作成功"));
        Assert.That(RecordCount(b.KeyAccountId), Is.EqualTo(before + 1));
        using var db = _app.Open();
        var r = await db.GetTable<UsageRecord>().Where(x => x.KeyAccountId == b.KeyAccountId).OrderByDescending(x => x.Id).FirstAsync();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(r.ActualFen, Is.EqualTo(300010));
            Assert.That(r.ReceivableFen, Is.EqualTo(310020));
            Assert.That(r.Volume, Is.EqualTo(12));
            Assert.That(r.UsageDate, Is.EqualTo(Today));
            Assert.That(r.Source, Is.EqualTo(UsageSource.OneByOne));
            Assert.That(r.ManagerUserId, Is.EqualTo(b.ManagerUserId));
            Assert.That(r.OrgUnitId, Is.EqualTo(b.OrgUnitId));
            Assert.That(r.Remarks, Is.EqualTo("手工录入测试"));
        }
        var sums = await _app.SummaryAndRecordsAsync();
        Assert.That(sums[0], Is.EqualTo(sums[1]), "summary == sum of records");
        Assert.That(await db.AuditEntries.CountAsync(a => a.Entity == "usage_record" && a.EntityId == r.Id.ToString(CultureInfo.InvariantCulture)), Is.EqualTo(1));
    }

    [TestCase("", "请输入实际收入")]
    [TestCase("12.345", "实际收入最多 2 位小数")]
    [TestCase("-1", "实际收入不能为负数")]
    public async Task F_5_6_actual_revenue_is_required_and_exact(string actual, string message)
    {
        using var s = await _app.LoginAsync(DemoUsers.JiangAnCm1);
        var b = await _app.BookingOfAsync(DemoUsers.JiangAnCm1);
        var before = RecordCount(b.KeyAccountId);
        var res = await PostAsync(s, b, Form(b, Today, actual: actual));
        AssertRefused(res, await res.Content.ReadAsStringAsync(), message);
        Assert.That(RecordCount(b.KeyAccountId), Is.EqualTo(before));
    }

    [Test]
    public async Task F_5_6_date_product_line_and_business_type_are_required()
    {
        using var s = await _app.LoginAsync(DemoUsers.JiangAnCm1);
        var b = await _app.BookingOfAsync(DemoUsers.JiangAnCm1);
        var before = RecordCount(b.KeyAccountId);
        var url = $"{Url}/accounts/{b.KeyAccountId}";
        var res = await s.PostFormAsync(url, new { UsageDate = "", ProductLineId = b.ProductLineId, BusinessTypeId = b.BusinessTypeId, Actual = "1" }, tokenFrom: url);
        AssertRefused(res, await res.Content.ReadAsStringAsync(), "请选择用邮日期");
        res = await s.PostFormAsync(url, new { UsageDate = D(Today), ProductLineId = "", BusinessTypeId = b.BusinessTypeId, Actual = "1" }, tokenFrom: url);
        AssertRefused(res, await res.Content.ReadAsStringAsync(), "请选择专业类型");
        res = await s.PostFormAsync(url, new { UsageDate = D(Today), ProductLineId = b.ProductLineId, BusinessTypeId = "", Actual = "1" }, tokenFrom: url);
        AssertRefused(res, await res.Content.ReadAsStringAsync(), "请选择业务类型");
        Assert.That(RecordCount(b.KeyAccountId), Is.EqualTo(before));
    }

    [Test]
    public async Task F_5_6_a_product_line_not_registered_for_the_key_account_is_refused()
    {
        using var s = await _app.LoginAsync(DemoUsers.JiangAnCm1);
        var b = await _app.BookingOfAsync(DemoUsers.JiangAnCm1);
        using var db = _app.Open();
        var registered = await db.BusinessRelationships.Where(r => r.Approved && (r.KeyAccountId == b.KeyAccountId || (r.KeyAccountId == null && r.CustomerId == b.CustomerId)))
            .Select(r => r.ProductLineId).ToListAsync();
        var other = await db.ProductLines.Where(p => !registered.Contains(p.Id)).FirstAsync();
        var otherType = await db.BusinessTypes.Where(t => t.ProductLineId == other.Id).Select(t => t.Id).FirstAsync();
        var form = await s.GetHtmlAsync($"{Url}/accounts/{b.KeyAccountId}");
        Assert.That(form, Does.Not.Contain($"<option value=\"{other.Id}\">{other.Name}</option>"), "only registered product lines are offered");
        var before = RecordCount(b.KeyAccountId);
        var res = await PostAsync(s, b, Form(b, Today, line: other.Id, type: otherType));
        AssertRefused(res, await res.Content.ReadAsStringAsync(), "没有通过客户注册审批登记此专业类型");
        Assert.That(RecordCount(b.KeyAccountId), Is.EqualTo(before));
    }

    [Test]
    public async Task F_5_6_another_managers_key_account_is_not_found_by_url()
    {
        using var s = await _app.LoginAsync(DemoUsers.JiangAnCm1);
        var other = await _app.BookingOfAsync(DemoUsers.WuchangCm1);
        Assert.That((await s.GetAsync($"{Url}/accounts/{other.KeyAccountId}")).StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        var before = RecordCount(other.KeyAccountId);
        var res = await s.PostFormAsync($"{Url}/accounts/{other.KeyAccountId}", Form(other, Today), tokenFrom: Url);
        Assert.That(res.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(RecordCount(other.KeyAccountId), Is.EqualTo(before));
    }

    // The window: ≥ the 1st of last month and ≤ today, in Beijing time, across month and year boundaries.
    [TestCase("2027-01-05 10:00", "2026-12-01", true)]
    [TestCase("2027-01-05 10:00", "2026-11-30", false)]
    [TestCase("2027-01-05 10:00", "2027-01-05", true)]
    [TestCase("2027-01-05 10:00", "2027-01-06", false)]
    [TestCase("2027-03-01 00:10", "2027-03-01", true)] // 2027-02-28 16:10 UTC: Beijing's today already counts
    [TestCase("2027-03-01 00:10", "2027-02-01", true)]
    [TestCase("2027-03-01 00:10", "2027-01-31", false)]
    [TestCase("2026-12-31 23:50", "2026-11-01", true)]
    [TestCase("2026-12-31 23:50", "2026-10-31", false)]
    [TestCase("2026-12-31 23:50", "2027-01-01", false)]
    public async Task F_5_6_usage_date_window_at_month_and_year_boundaries(string beijingNow, string date, bool accepted)
    {
        _app.Clock.SetBeijing(DateTime.ParseExact(beijingNow, "yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture));
        using var s = await _app.LoginAsync(DemoUsers.JiangAnCm1);
        var b = await _app.BookingOfAsync(DemoUsers.JiangAnCm1, skip: 1);
        var before = RecordCount(b.KeyAccountId);
        var res = await PostAsync(s, b, Form(b, DateOnly.ParseExact(date, "yyyy-MM-dd", CultureInfo.InvariantCulture)));
        if (accepted)
        {
            Assert.That(res.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), await res.Content.ReadAsStringAsync());
            Assert.That(RecordCount(b.KeyAccountId), Is.EqualTo(before + 1));
        }
        else
        {
            AssertRefused(res, await res.Content.ReadAsStringAsync(), "用邮日期必须大于等于上月一日");
            Assert.That(RecordCount(b.KeyAccountId), Is.EqualTo(before));
        }
    }

    /// <summary>
    /// A centre's search lists the customers of its area only, whichever way the keyword is found (on PostgreSQL the province's
    /// matching customers are read first, then the page keeps the scope).
    /// </summary>
    [Test]
    public async Task F_5_6_a_centres_search_lists_only_the_customers_of_its_area()
    {
        var b = await _app.BookingOfAsync(DemoUsers.YichangCm1);
        using var db = _app.Open();
        var customer = await db.BusinessCustomers.Where(c => c.Id == b.CustomerId).Select(c => new { c.Code, c.Name }).FirstAsync();
        var keywords = new[] { customer.Code, SearchKeywords.RarestBigram(db, customer.Name) };
        using var wuhan = await _app.LoginAsync(DemoUsers.WuhanCentre);
        using var yichang = await _app.LoginAsync(DemoUsers.YichangCentre);
        foreach (var k in keywords)
        {
            var url = $"{Url}?Search=true&Keyword={Uri.EscapeDataString(k)}";
            Assert.That(await yichang.GetHtmlAsync(url), Does.Contain($"{Url}/customers/{b.CustomerId}\""), "its own centre finds it by " + k);
            Assert.That(await wuhan.GetHtmlAsync(url), Does.Not.Contain($"{Url}/customers/{b.CustomerId}\""), "another city's centre does not, by " + k);
        }
    }

    [Test]
    public async Task F_5_6_the_key_account_centre_searches_first_and_chooses_the_manager()
    {
        using var s = await _app.LoginAsync(DemoUsers.WuhanCentre);
        var first = await s.GetHtmlAsync(Url);
        Assert.That(first, Does.Contain("name=\"Keyword\"").And.Not.Contain("id=\"customers\""), "search first");
        var b = await _app.BookingOfAsync(DemoUsers.JiangAnCm1);
        using var db = _app.Open();
        var code = await db.BusinessCustomers.Where(c => c.Id == b.CustomerId).Select(c => c.Code).FirstAsync();
        var found = await s.GetHtmlAsync($"{Url}?Search=true&Keyword={code}");
        Assert.That(found, Does.Contain($"{Url}/customers/{b.CustomerId}\""));
        var pair = SearchKeywords.RarestBigram(db, await db.BusinessCustomers.Where(c => c.Id == b.CustomerId).Select(c => c.Name).FirstAsync());
        Assert.That(await s.GetHtmlAsync($"{Url}?Search=true&Keyword={Uri.EscapeDataString(pair)}"), Does.Contain($"{Url}/customers/{b.CustomerId}\""), "2 characters of the name: through the bigram index");
        Assert.That(await s.GetHtmlAsync($"{Url}?Search=true&Keyword={Uri.EscapeDataString("龘龘")}"), Does.Not.Contain($"{Url}/customers/{b.CustomerId}"), "2 characters no customer has");
        var form = await s.GetHtmlAsync($"{Url}/accounts/{b.KeyAccountId}");
        Assert.That(form, Does.Contain("<select class=\"form-select\" id=\"ManagerUserId\""));
        var before = RecordCount(b.KeyAccountId);
        var res = await PostAsync(s, b, Form(b, Today, actual: "88.8"));
        Assert.That(res.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), await res.Content.ReadAsStringAsync());
        Assert.That(RecordCount(b.KeyAccountId), Is.EqualTo(before + 1));
        var centre = await _app.UserIdAsync(DemoUsers.WuhanCentre);
        res = await PostAsync(s, b, Form(b, Today, manager: centre));
        AssertRefused(res, await res.Content.ReadAsStringAsync(), "所选客户经理没有此大客户的该项业务");
        var yichang = await _app.BookingOfAsync(DemoUsers.YichangCm1);
        Assert.That((await s.GetAsync($"{Url}/accounts/{yichang.KeyAccountId}")).StatusCode, Is.EqualTo(HttpStatusCode.NotFound), "another city");
    }
}
