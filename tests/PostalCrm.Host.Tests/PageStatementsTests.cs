using Microsoft.AspNetCore.Mvc.Testing;
using PostalCrm.Sdk.Data;
using PostalCrm.Testing;

namespace PostalCrm.Host.Tests;

/// <summary>
/// Issue 8: linq2db builds a statement's SQL on its first run and keeps it — unless the statement holds a string or array
/// parameter, a captured list (IN) or a literal keyword, when it builds it again on every run (a third of a filtered list's
/// CPU on SQLite). The benchmark's pages, viewed again, build none of their statements; on PostgreSQL a keyword's search
/// statement is the one exception, its keyword written into the text for the planner (CustomerSearchSql.Like).
/// </summary>
[TestFixtureSource(typeof(TestDatabase), nameof(TestDatabase.Providers))]
public class PageStatementsTests(DatabaseProvider provider)
{
    private PostalCrmFactory _app = null!;
    private readonly Dictionary<string, WebSession> _sessions = [];

    /// <summary>The pages of build/bench.sh (the demo's users in the same roles), and whether a keyword filters the page.</summary>
    private static readonly (string User, string Url, bool Keyword)[] Pages =
    [
        (DemoUsers.WuhanCentre, "/", false),
        (DemoUsers.JiangAnCm1, "/", false),
        (DemoUsers.JiangAnCm1, "/registration/apply/search?q=长江", true),
        (DemoUsers.JiangAnCm1, "/registration/apply/search?q=长江物", true),
        (DemoUsers.WuhanCentre, "/registration/customers", false),
        (DemoUsers.Province, "/registration/customers", false),
        (DemoUsers.JiangAnDept, "/registration/customers", false),
        (DemoUsers.JiangAnCm1, "/registration/customers", false),
        (DemoUsers.WuhanCentre, "/registration/customers?Name=长江", true),
        (DemoUsers.WuhanCentre, "/registration/customers?Page=50", false),
        (DemoUsers.JiangAnCm1, "/registration/applications", false),
        (DemoUsers.JiangAnDept, "/registration/review/pre", false),
        (DemoUsers.WuhanCentre, "/registration/review/initial", false),
        (DemoUsers.WuhanCentre, "/registration/review/final", false),
        (DemoUsers.JiangAnCm1, "/registration/access", false),
        (DemoUsers.WuhanCentre, "/registration/access/review", false),
        (DemoUsers.WuhanCentre, "/registration/access/review?view=decided", false),
        (DemoUsers.WuhanCentre, "/sharing/transfers", false),
        (DemoUsers.Admin, "/admin/users", false),
        (DemoUsers.WuhanCentre, "/contracts/maintain", false),
        (DemoUsers.JiangAnCm1, "/contracts/maintain", false),
        (DemoUsers.WuhanCentre, "/contracts/arrears", false),
        (DemoUsers.JiangAnCm1, "/contracts/arrears", false),
        (DemoUsers.WuhanCentre, "/usage/records", false),
        (DemoUsers.JiangAnCm1, "/usage/records", false),
        (DemoUsers.WuhanCentre, "/usage/batches", false),
        (DemoUsers.WuhanCentre, "/marketing/managers", false),
        (DemoUsers.WuhanCentre, "/marketing/performance/statistics", false),
        (DemoUsers.JiangAnDept, "/marketing/performance/statistics", false),
        (DemoUsers.WuhanCentre, "/marketing/queries/plans", false),
        (DemoUsers.WuhanCentre, "/marketing/queries/logs", false),
        (DemoUsers.WuhanCentre, "/kpi/complaints?search=true", false),
        (DemoUsers.WuhanCentre, "/contracts/maintain?Customer=长江", true),
        (DemoUsers.WuhanCentre, "/contracts/arrears?Field=name&Keyword=长江", true),
        (DemoUsers.WuhanCentre, "/usage/entry?Search=true&Keyword=长江", true),
        (DemoUsers.WuhanCentre, "/kpi/reports", false),
        (DemoUsers.WuhanCentre, "/kpi/reports?q=长江", true),
    ];

    private static IEnumerable<TestCaseData> Cases() =>
        Pages.Select(p => new TestCaseData(p.User, p.Url, p.Keyword).SetArgDisplayNames(p.User, p.Url));

    [OneTimeSetUp]
    public void Start()
    {
        _app = new PostalCrmFactory(provider);
        // The requests run in the test's execution context, so SqlBuilds counts the statements the page builds.
        _app.Server.PreserveExecutionContext = true;
    }

    [OneTimeTearDown]
    public void Stop()
    {
        foreach (var s in _sessions.Values) s.Dispose();
        _app.Dispose();
    }

    [TestCaseSource(nameof(Cases))]
    public async Task A_page_viewed_again_builds_no_statement(string user, string url, bool keyword)
    {
        var s = await SessionAsync(user);
        for (var view = 0; view < 2; view++) Assert.That((await s.GetAsync(url)).IsSuccessStatusCode, url);
        const int views = 3;
        var built = await SqlBuilds.CountAsync(async () =>
        {
            for (var view = 0; view < views; view++) await s.GetAsync(url);
        });
        Assert.That(built, Is.EqualTo(keyword && provider == DatabaseProvider.PostgreSQL ? views : 0), $"statements built in {views} more views");
    }

    private async Task<WebSession> SessionAsync(string user)
    {
        if (_sessions.TryGetValue(user, out var s)) return s;
        s = new WebSession(_app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true }));
        await s.LoginAsync(user, DemoUsers.Password);
        return _sessions[user] = s;
    }
}
