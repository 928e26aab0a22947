using System.Globalization;
using System.Net;
using PostalCrm.Plugins.Kpi.Data;
using PostalCrm.Sdk.Data;
using PostalCrm.Testing;

namespace PostalCrm.Plugins.Kpi.Tests;

/// <summary>
/// The real host with the published plugins on a fresh database per fixture, reports read from a copy of the repository's
/// reports/ (so tests may edit templates). Tests share the database: each takes customers of its own (<see cref="FreshCustomerAsync"/>),
/// ones the demo data left without KPI records.
/// </summary>
public abstract class KpiFixture(DatabaseProvider provider)
{
    protected PostalCrmFactory App { get; private set; } = null!;
    protected string ReportsFolder { get; private set; } = "";
    protected DatabaseProvider Provider => provider;
    private int _next;

    protected virtual IDictionary<string, string?> Settings => new Dictionary<string, string?>();

    [OneTimeSetUp]
    public void Start()
    {
        ReportsFolder = Path.Combine(Path.GetTempPath(), "postalcrm-reports", Guid.NewGuid().ToString("N"));
        CopyDirectory(Path.Combine(RepoPaths.Root, "reports"), ReportsFolder);
        var settings = Settings;
        settings["Reporting:Folder"] = ReportsFolder;
        App = new PostalCrmFactory(provider, settings: settings);
        _ = App.Services;
    }

    [OneTimeTearDown]
    public void Stop()
    {
        App.Dispose();
        Directory.Delete(ReportsFolder, true);
    }

    protected static string Str(int v) => v.ToString(CultureInfo.InvariantCulture);

    protected static int ThisYear => DateTime.UtcNow.AddHours(8).Year + 1; // a year the demo data never touches

    /// <summary>A customer of <paramref name="manager"/> (approved relationship) without any KPI data, not handed out before.</summary>
    protected async Task<(int Id, string Name)> FreshCustomerAsync(string manager = DemoUsers.JiangAnCm1)
    {
        using var db = App.Database.Open();
        var managerId = await db.Users.Where(u => u.Login == manager).Select(u => u.Id).FirstAsync();
        var used = await db.GetTable<FocusIndicator>().Select(f => f.CustomerId).Distinct().ToListAsync();
        var ids = await db.BusinessRelationships.Where(r => r.ManagerUserId == managerId && r.Approved).Select(r => r.CustomerId).Distinct()
            .OrderBy(id => id).ToListAsync();
        var id = ids.Where(i => !used.Contains(i)).Skip(Interlocked.Increment(ref _next)).First();
        var name = await db.BusinessCustomers.Where(c => c.Id == id).Select(c => c.Name).FirstAsync();
        return (id, name);
    }

    protected async Task<List<int>> IndicatorIdsAsync()
    {
        using var db = App.Database.Open();
        return await db.Indicators.Where(i => i.Active).OrderBy(i => i.Id).Select(i => i.Id).ToListAsync();
    }

    protected async Task<string> IndicatorNameAsync(int id)
    {
        using var db = App.Database.Open();
        return await db.Indicators.Where(i => i.Id == id).Select(i => i.Name).FirstAsync();
    }

    /// <summary>POSTs 客户关注指标指定 (rows: indicator, target, weight).</summary>
    protected static Task<HttpResponseMessage> SaveFocusAsync(WebSession s, int customerId, int year, params (int Indicator, decimal Target, decimal Weight)[] rows)
    {
        var fields = new List<KeyValuePair<string, string>> { new("CustomerId", Str(customerId)), new("Year", Str(year)) };
        for (var i = 0; i < rows.Length; i++)
        {
            fields.Add(new($"Rows[{i}].IndicatorId", Str(rows[i].Indicator)));
            fields.Add(new($"Rows[{i}].Target", rows[i].Target.ToString(CultureInfo.InvariantCulture)));
            fields.Add(new($"Rows[{i}].Weight", rows[i].Weight.ToString(CultureInfo.InvariantCulture)));
        }
        return s.PostFormAsync("/kpi/focus", fields, tokenFrom: $"/kpi/focus?customerId={customerId}&year={year}");
    }

    protected static Task<HttpResponseMessage> SaveReportAsync(WebSession s, int customerId, int year, int month, params (int Indicator, decimal? Actual)[] values)
    {
        var fields = new List<KeyValuePair<string, string>> { new("customerId", Str(customerId)), new("year", Str(year)), new("month", Str(month)) };
        fields.AddRange(values.Select(v => new KeyValuePair<string, string>($"actual_{v.Indicator}", v.Actual?.ToString(CultureInfo.InvariantCulture) ?? "")));
        return s.PostFormAsync("/kpi/reports", fields, tokenFrom: "/kpi/reports");
    }

    protected static Task<HttpResponseMessage> SaveFeedbackAsync(WebSession s, int customerId, int year, int month, string signature, string phone,
        string? opinions, params (int Indicator, decimal? Score)[] scores)
    {
        var fields = new List<KeyValuePair<string, string>>
        {
            new("customerId", Str(customerId)), new("year", Str(year)), new("month", Str(month)),
            new("Signature", signature), new("Phone", phone), new("Opinions", opinions ?? ""),
        };
        fields.AddRange(scores.Select(v => new KeyValuePair<string, string>($"score_{v.Indicator}", v.Score?.ToString(CultureInfo.InvariantCulture) ?? "")));
        return s.PostFormAsync("/kpi/feedback/month", fields, tokenFrom: "/kpi/feedback");
    }

    protected static Task<HttpResponseMessage> SaveSolutionAsync(WebSession s, int customerId, int year, int month, string solution, string signature, string phone) =>
        s.PostFormAsync("/kpi/solutions/month", new
        {
            customerId = Str(customerId), year = Str(year), month = Str(month), Solution = solution, SupervisorSignature = signature, SupervisorPhone = phone,
        }, tokenFrom: "/kpi/solutions");

    /// <summary>A customer with three focus indicators (targets 200/50/10, weights 50/30/20) and a saved report for the month.</summary>
    protected async Task<(int Id, string Name, int[] Indicators)> CustomerWithReportAsync(WebSession cm, int year, int month, string manager = DemoUsers.JiangAnCm1)
    {
        var c = await FreshCustomerAsync(manager);
        var ind = (await IndicatorIdsAsync()).Take(3).ToArray();
        await AssertRedirectAsync(await SaveFocusAsync(cm, c.Id, year, (ind[0], 200, 50), (ind[1], 50, 30), (ind[2], 10, 20)), "focus");
        await AssertRedirectAsync(await SaveReportAsync(cm, c.Id, year, month, (ind[0], 100), (ind[1], 80), (ind[2], 0)), "report");
        return (c.Id, c.Name, ind);
    }

    protected static async Task AssertRedirectAsync(HttpResponseMessage res, string what)
    {
        if (res.StatusCode == HttpStatusCode.Redirect) return;
        var body = await BodyAsync(res);
        var error = System.Text.RegularExpressions.Regex.Match(body, "id=\"errors\">(.*?)</div>", System.Text.RegularExpressions.RegexOptions.Singleline).Groups[1].Value;
        Assert.Fail($"{what}: expected a redirect, got {(int)res.StatusCode}: {(error.Length > 0 ? error : body[..Math.Min(2000, body.Length)])}");
    }

    protected static async Task<string> BodyAsync(HttpResponseMessage res) => WebUtility.HtmlDecode(await res.Content.ReadAsStringAsync());

    private static void CopyDirectory(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var f in Directory.GetFiles(from)) File.Copy(f, Path.Combine(to, Path.GetFileName(f)));
        foreach (var d in Directory.GetDirectories(from)) CopyDirectory(d, Path.Combine(to, Path.GetFileName(d)));
    }
}
