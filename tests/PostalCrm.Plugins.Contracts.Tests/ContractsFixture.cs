using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using PostalCrm.Plugins.Contracts.Data;
using PostalCrm.Sdk.Data;
using PostalCrm.Sdk.Time;
using PostalCrm.Testing;

namespace PostalCrm.Plugins.Contracts.Tests;

/// <summary>
/// The real host with the published contracts plugin on a fresh database per fixture (demo province seeded), and a movable
/// clock. Tests share the database, so each names its contracts uniquely and counts relative to what was there.
/// </summary>
public abstract partial class ContractsFixture(DatabaseProvider provider)
{
    protected PostalCrmFactory Base { get; private set; } = null!;
    protected WebApplicationFactory<Program> App { get; private set; } = null!;
    protected MovableClock Clock { get; } = new();

    [OneTimeSetUp]
    public void Start()
    {
        Base = new PostalCrmFactory(provider, ["contracts"]);
        App = Base.WithWebHostBuilder(b => b.ConfigureTestServices(s => s.AddSingleton<TimeProvider>(Clock)));
        _ = App.Server;
    }

    [OneTimeTearDown]
    public void Stop()
    {
        App.Dispose();
        Base.Dispose();
    }

    [SetUp]
    public void ResetClock() => Clock.Offset = TimeSpan.Zero;

    protected DateOnly Today => Clock.Today();

    protected static string D(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    protected static string Str(int i) => i.ToString(CultureInfo.InvariantCulture);

    protected static string Unique(string prefix) => prefix + Guid.NewGuid().ToString("N")[..8].ToUpperInvariant();

    protected async Task<WebSession> LoginAsync(string login)
    {
        var s = new WebSession(App.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true }));
        var res = await s.LoginAsync(login, DemoUsers.Password);
        if (res.Headers.Location?.ToString() is not ("/" or "/Home/Index" or "/Home"))
            throw new InvalidOperationException($"login of {login} failed: {(int)res.StatusCode}");
        return s;
    }

    protected PostalDb Db() => Base.Database.Open();

    /// <summary>A registered customer of 江岸区 (any customer's identity may be picked, SPEC §2).</summary>
    protected int CustomerId(int nth = 0)
    {
        using var db = Db();
        var district = db.OrgUnits.Where(u => u.Name == "江岸区").Select(u => u.Id).First();
        return db.BusinessCustomers.Where(c => c.DistrictOrgId == district).OrderBy(c => c.Id).Select(c => c.Id).Skip(nth).First();
    }

    protected long Count<T>() where T : class
    {
        using var db = Db();
        return db.GetTable<T>().LongCount();
    }

    protected Contract Contract(int id)
    {
        using var db = Db();
        return db.GetTable<Contract>().First(c => c.Id == id);
    }

    protected List<Instalment> Schedule(int id)
    {
        using var db = Db();
        return db.GetTable<Instalment>().Where(i => i.ContractId == id).OrderBy(i => i.Seq).ToList();
    }

    /// <summary>Fields of a valid contract of the given settlement type (override any with <paramref name="extra"/>).</summary>
    protected Dictionary<string, string> Fields(SettlementType type, string? number = null, params (string Key, string Value)[] extra)
    {
        var f = new Dictionary<string, string>
        {
            ["CustomerId"] = Str(CustomerId()), ["Number"] = number ?? Unique("HT"), ["EffectiveDate"] = D(Today.AddDays(-30)),
            ["ExpiryDate"] = D(Today.AddYears(1)), ["SettlementType"] = Str((int)type),
        };
        switch (type)
        {
            case SettlementType.FixedDate: f["FixedPaymentDate"] = D(Today.AddDays(5)); f["FixedDiscount"] = "75"; break;
            case SettlementType.Periodic: f["PeriodicStartDate"] = D(Today.AddDays(5)); f["PeriodMonths"] = "3"; f["PeriodicDiscount"] = "90"; break;
            case SettlementType.OneOff: f["OneOffDate"] = D(Today.AddDays(5)); f["OneOffAmount"] = "1000.00"; break;
        }
        foreach (var (k, v) in extra) f[k] = v;
        return f;
    }

    protected static List<KeyValuePair<string, string>> WithInstalments(Dictionary<string, string> fields, params (DateOnly Due, string Amount)[] lines)
    {
        var all = fields.ToList();
        foreach (var (due, amount) in lines)
        {
            all.Add(new("InstalmentDates", D(due)));
            all.Add(new("InstalmentAmounts", amount));
        }
        return all;
    }

    protected const string NewContractUrl = "/contracts/contract/new";
    protected const string NewAgreementUrl = "/contracts/agreement/new";

    /// <summary>Posts the add form; returns the new id (the redirect goes to its edit page) or fails with the page's errors.</summary>
    protected async Task<int> AddAsync(WebSession s, IEnumerable<KeyValuePair<string, string>> fields, string url = NewContractUrl)
    {
        var res = await s.PostFormAsync(url, fields, tokenFrom: url);
        if (res.StatusCode != HttpStatusCode.Redirect)
            Assert.Fail($"add refused: {(int)res.StatusCode} {Errors(await res.Content.ReadAsStringAsync())}");
        var m = EditUrlRegex().Match(res.Headers.Location!.ToString());
        Assert.That(m.Success, Is.True, res.Headers.Location!.ToString());
        return int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
    }

    /// <summary>Posts and expects the form back with an error; returns the error text.</summary>
    protected static async Task<string> RefusedAsync(WebSession s, string url, IEnumerable<KeyValuePair<string, string>> fields, string? tokenFrom = null)
    {
        var res = await s.PostFormAsync(url, fields, tokenFrom: tokenFrom ?? url);
        var html = await res.Content.ReadAsStringAsync();
        Assert.That(res.StatusCode, Is.EqualTo(HttpStatusCode.OK), $"expected the form again, got {(int)res.StatusCode} {res.Headers.Location}");
        var errors = Errors(html);
        Assert.That(errors, Is.Not.Empty, "an error message is shown");
        return errors;
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
        Assert.That(res.Content.Headers.ContentDisposition, Is.Null, "no file may leak with the 404");
    }

    [GeneratedRegex(@"/contracts/maintain/(\d+)/edit$")]
    private static partial Regex EditUrlRegex();

    [GeneratedRegex("<div class=\"alert alert-danger\" role=\"alert\" id=\"errors\">(.*?)</div>", RegexOptions.Singleline)]
    private static partial Regex ErrorsRegex();

    [GeneratedRegex("<[^>]+>")]
    private static partial Regex TagRegex();
}
