using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using PostalCrm.Plugins.Marketing.Data;
using PostalCrm.Sdk.Data;
using PostalCrm.Sdk.Time;
using PostalCrm.Testing;

namespace PostalCrm.Plugins.Marketing.Tests;

/// <summary>
/// The real host with the published marketing and usage plugins on a fresh database per fixture (demo province, usage and
/// marketing demo data). Tests share the database: each works on its own manager and month (months before the demo's
/// three months of plans), so they do not disturb one another.
/// </summary>
public abstract partial class MarketingFixture(DatabaseProvider provider, params string[] plugins)
{
    protected PostalCrmFactory Base { get; private set; } = null!;
    protected WebApplicationFactory<Program> App { get; private set; } = null!;
    protected DatabaseProvider Provider { get; } = provider;
    protected MovableClock Clock { get; } = new();

    [OneTimeSetUp]
    public void Start()
    {
        Base = new PostalCrmFactory(Provider, plugins.Length == 0 ? ["usage", "marketing"] : plugins);
        App = Base.WithWebHostBuilder(b => b.ConfigureTestServices(s => s.AddSingleton<TimeProvider>(Clock)));
        _ = App.Server;
    }

    [OneTimeTearDown]
    public void Stop()
    {
        App.Dispose();
        Base.Dispose();
    }

    protected static DateOnly Today => TimeProvider.System.Today();

    /// <summary>The first day of the month <paramref name="back"/> months before this one.</summary>
    protected static DateOnly MonthStart(int back) => new DateOnly(Today.Year, Today.Month, 1).AddMonths(-back);

    protected static string Month(DateOnly d) => d.ToString("yyyy-MM", CultureInfo.InvariantCulture);

    protected static string D(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    protected static string Str(int i) => i.ToString(CultureInfo.InvariantCulture);

    protected async Task<WebSession> LoginAsync(string login)
    {
        var s = new WebSession(App.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true }));
        var res = await s.LoginAsync(login, DemoUsers.Password);
        if (res.Headers.Location?.ToString() is not ("/" or "/Home/Index" or "/Home"))
            throw new InvalidOperationException($"login of {login} failed: {(int)res.StatusCode}");
        return s;
    }

    protected PostalDb Db() => Base.Database.Open();

    /// <summary>
    /// Runs <paramref name="test"/> with <paramref name="count"/> extra customer managers in 江岸区大客户部 (ja_cm1's unit),
    /// logins and names numbered 01…, for a test of a list's pages; they are removed afterwards, also after a failure
    /// (other tests list the demo's managers).
    /// </summary>
    protected async Task WithExtraManagersAsync(string loginPrefix, string namePrefix, int count, Func<Task> test)
    {
        var added = new List<int>();
        try
        {
            using (var db = Db())
            {
                var unit = db.Users.Where(u => u.Login == DemoUsers.JiangAnCm1).Select(u => u.OrgUnitId).First();
                for (var i = 1; i <= count; i++)
                {
                    var id = await db.InsertWithInt32IdentityAsync(new PostalCrm.Sdk.Security.UserAccount
                    {
                        Login = $"{loginPrefix}{i:D2}", DisplayName = $"{namePrefix}{i:D2}", OrgUnitId = unit, PasswordHash = "x", CreatedAt = DateTime.UtcNow,
                    });
                    added.Add(id);
                    await db.InsertAsync(new PostalCrm.Sdk.Security.UserRole { UserId = id, RoleCode = PostalCrm.Sdk.Security.RoleCodes.CustomerManager });
                }
            }
            ForgetCounts();
            await test();
        }
        finally
        {
            using var db = Db();
            await db.GetTable<PostalCrm.Sdk.Security.UserRole>().Where(r => added.Contains(r.UserId)).DeleteAsync();
            await db.Users.Where(u => added.Contains(u.Id)).DeleteAsync();
            ForgetCounts();
        }
    }

    /// <summary>Data written around the user (straight into the database) shows on their home page's cards at once.</summary>
    protected void ForgetHomeCards(int userId) => App.Services.GetRequiredService<PostalCrm.Host.Controllers.HomeCardsCache>().Forget(userId);

    /// <summary>Rows written straight into the database (not through the portal, which forgets them itself): the lists count again.</summary>
    protected void ForgetCounts() => App.Services.GetRequiredService<PostalCrm.Sdk.Lists.BoundedCounts>().Forget();

    protected int UserId(string login)
    {
        using var db = Db();
        return db.Users.Where(u => u.Login == login).Select(u => u.Id).First();
    }

    /// <summary>A customer an approved relationship names the manager on.</summary>
    protected int OwnCustomer(string login, int nth = 0)
    {
        var id = UserId(login);
        using var db = Db();
        return db.BusinessRelationships.Where(r => r.ManagerUserId == id && r.Approved).Select(r => r.CustomerId).Distinct().OrderBy(x => x).Skip(nth).First();
    }

    /// <summary>A customer no approved relationship names the manager on.</summary>
    protected int ForeignCustomer(string login)
    {
        var id = UserId(login);
        using var db = Db();
        var own = db.BusinessRelationships.Where(r => r.ManagerUserId == id && r.Approved).Select(r => r.CustomerId);
        return db.BusinessCustomers.Where(c => !own.Contains(c.Id)).OrderBy(c => c.Id).Select(c => c.Id).First();
    }

    /// <summary>A customer of the manager's own district that no approved relationship names the manager on (F-4.6: registered in the department).</summary>
    protected int DepartmentCustomer(string login)
    {
        var id = UserId(login);
        using var db = Db();
        var unit = db.Users.Where(u => u.Id == id).Select(u => u.OrgUnitId).First();
        var own = db.BusinessRelationships.Where(r => r.ManagerUserId == id && r.Approved).Select(r => r.CustomerId);
        return db.BusinessCustomers.Where(c => c.DistrictOrgId == unit && !own.Contains(c.Id)).OrderBy(c => c.Id).Select(c => c.Id).First();
    }

    /// <summary>A customer of 宜昌市 that no approved relationship ties to a department of 武汉市: not registered in a 武汉 department.</summary>
    protected int YichangCustomer()
    {
        using var db = Db();
        var wuhan = db.OrgUnits.Where(u => u.Name == "武汉市").Select(u => u.Path).First();
        var yichang = db.OrgUnits.Where(u => u.Name == "宜昌市").Select(u => u.Path).First();
        var wuhanUnits = db.OrgUnits.Where(u => u.Path.StartsWith(wuhan)).Select(u => u.Id);
        var tied = db.BusinessRelationships.Where(r => r.Approved && wuhanUnits.Contains(r.OrgUnitId)).Select(r => r.CustomerId);
        return (from c in db.BusinessCustomers
                join d in db.OrgUnits on c.DistrictOrgId equals d.Id
                where d.Path.StartsWith(yichang) && !tied.Contains(c.Id)
                orderby c.Id
                select c.Id).First();
    }

    protected sealed record Item(WorkKind Kind, int? CustomerId, DateOnly Date, string? Content = null, bool Keep = true, int? Id = null);

    protected static List<KeyValuePair<string, string>> PlanFields(int managerId, DateOnly month, params Item[] items)
    {
        var f = new List<KeyValuePair<string, string>> { new("ManagerId", Str(managerId)), new("Month", Month(month)) };
        for (var i = 0; i < items.Length; i++)
        {
            var it = items[i];
            if (it.Id is { } id) f.Add(new($"Items[{i}].Id", Str(id)));
            f.Add(new($"Items[{i}].Kind", Str((int)it.Kind)));
            if (it.CustomerId is { } c) f.Add(new($"Items[{i}].CustomerId", Str(c)));
            f.Add(new($"Items[{i}].PlannedDate", D(it.Date)));
            f.Add(new($"Items[{i}].Content", it.Content ?? "测试工作"));
            f.Add(new($"Items[{i}].CustomerDept", "办公室"));
            if (it.Keep) f.Add(new($"Items[{i}].Keep", "true"));
        }
        return f;
    }

    protected static string MonthlyUrl(int managerId, DateOnly month) => $"/marketing/plans/monthly?managerId={managerId}&month={Month(month)}";

    protected async Task SavePlanAsync(WebSession s, int managerId, DateOnly month, params Item[] items)
    {
        var res = await s.PostFormAsync("/marketing/plans/monthly", PlanFields(managerId, month, items), tokenFrom: MonthlyUrl(managerId, month));
        Assert.That(res.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), Errors(await res.Content.ReadAsStringAsync()));
    }

    protected List<PlanItem> Items(int managerId, DateOnly month)
    {
        using var db = Db();
        return [.. from i in db.GetTable<PlanItem>()
                   join p in db.GetTable<MonthlyPlan>() on i.PlanId equals p.Id
                   where p.ManagerUserId == managerId && p.Year == month.Year && p.Month == month.Month
                   orderby i.PlannedDate, i.Id
                   select i];
    }

    protected static string DayUrl(int managerId, DateOnly date) => $"/marketing/logs/day?managerId={managerId}&date={D(date)}";

    /// <summary>The plan items prompted on the day's log page.</summary>
    protected static async Task<List<int>> PromptsAsync(WebSession s, int managerId, DateOnly date) =>
        [.. PromptRegex().Matches(await s.GetHtmlAsync(DayUrl(managerId, date))).Select(m => int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture))];

    protected static async Task<List<int>> DoneAsync(WebSession s, int managerId, DateOnly date) =>
        [.. DoneRegex().Matches(await s.GetHtmlAsync(DayUrl(managerId, date))).Select(m => int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture))];

    protected static async Task<HttpResponseMessage> CompleteAsync(WebSession s, int managerId, DateOnly date, int itemId, string outcome = "已拜访") =>
        await s.PostFormAsync("/marketing/logs/complete",
            new Dictionary<string, string> { ["ManagerId"] = Str(managerId), ["Date"] = D(date), ["ItemId"] = Str(itemId), ["Outcome"] = outcome },
            tokenFrom: "/marketing/logs");

    protected static async Task<string> RefusedAsync(WebSession s, string url, IEnumerable<KeyValuePair<string, string>> fields, string tokenFrom)
    {
        var res = await s.PostFormAsync(url, fields, tokenFrom: tokenFrom);
        var html = await res.Content.ReadAsStringAsync();
        Assert.That(res.StatusCode, Is.Not.EqualTo(HttpStatusCode.Redirect), $"expected a refusal, got {(int)res.StatusCode} {res.Headers.Location}");
        return WebUtility.HtmlDecode(html);
    }

    protected static string Errors(string html)
    {
        var m = ErrorsRegex().Match(html);
        return m.Success ? WebUtility.HtmlDecode(TagRegex().Replace(m.Groups[1].Value, " ")).Trim() : "";
    }

    protected static async Task AssertNotFoundAsync(WebSession s, string url)
    {
        var res = await s.GetAsync(url);
        Assert.That(res.StatusCode, Is.EqualTo(HttpStatusCode.NotFound), url);
    }

    [GeneratedRegex("data-item=\"(\\d+)\"")]
    private static partial Regex PromptRegex();

    [GeneratedRegex("data-entry=\"(\\d+)\"")]
    private static partial Regex DoneRegex();

    [GeneratedRegex("<div class=\"alert alert-danger\" role=\"alert\" id=\"errors\">(.*?)</div>", RegexOptions.Singleline)]
    private static partial Regex ErrorsRegex();

    [GeneratedRegex("<[^>]+>")]
    private static partial Regex TagRegex();
}
