using System.Globalization;
using System.Net;
using PostalCrm.Plugins.Registration.Data;
using PostalCrm.Sdk.Audit;
using PostalCrm.Sdk.Customers;
using PostalCrm.Sdk.Data;
using PostalCrm.Testing;

namespace PostalCrm.Plugins.Registration.Tests;

/// <summary>
/// The real host on a fresh database per fixture, with one e-branch API key configured. Tests share the database,
/// so each names its records uniquely and compares counts before and after.
/// </summary>
public abstract class ApplyFixture(DatabaseProvider provider)
{
    protected const string ApiKey = "test-only-ebranch-key-not-a-secret";
    /// <summary>A second configured e-branch system (F-3.11: it must not read the first one's applications).</summary>
    protected const string OtherApiKey = "test-only-other-ebranch-key-not-a-secret";
    protected PostalCrmFactory App { get; private set; } = null!;

    [OneTimeSetUp]
    public void Start()
    {
        App = new PostalCrmFactory(provider, settings: new Dictionary<string, string?>
        {
            ["Registration:EBranch:ApiKeys:0:Name"] = "esb-test",
            ["Registration:EBranch:ApiKeys:0:Key"] = ApiKey,
            ["Registration:EBranch:ApiKeys:1:Name"] = "esb-other",
            ["Registration:EBranch:ApiKeys:1:Key"] = OtherApiKey,
        });
        using var _ = App.Session(); // starts the host: migrations and demo seed before any direct database access
    }

    [OneTimeTearDown] public void Stop() => App.Dispose();

    protected static string Unique(string prefix) => prefix + Guid.NewGuid().ToString("N")[..6];

    protected static string S(int v) => v.ToString(CultureInfo.InvariantCulture);

    protected PostalDb Db() => App.Database.Open();

    protected int UnitId(string name)
    {
        using var db = Db();
        return db.OrgUnits.Where(u => u.Name == name).Select(u => u.Id).First();
    }

    protected int UserId(string login)
    {
        using var db = Db();
        return db.Users.Where(u => u.Login == login).Select(u => u.Id).First();
    }

    protected string DisplayName(string login)
    {
        using var db = Db();
        return db.Users.Where(u => u.Login == login).Select(u => u.DisplayName).First();
    }

    protected int ProductLineId(string name)
    {
        using var db = Db();
        return db.ProductLines.Where(p => p.Name == name).Select(p => p.Id).First();
    }

    protected int BusinessTypeId(string productLine)
    {
        using var db = Db();
        return RegistrationTestData.BusinessTypeIdAsync(db, productLine).GetAwaiter().GetResult();
    }

    protected int LevelId(string name)
    {
        using var db = Db();
        return db.CustomerLevels.Where(l => l.Name == name).Select(l => l.Id).First();
    }

    protected int IndustryId(string name)
    {
        using var db = Db();
        return db.Industries.Where(l => l.Name == name).Select(l => l.Id).First();
    }

    protected long Applications()
    {
        using var db = Db();
        return db.GetTable<RegistrationApplication>().LongCount();
    }

    protected RegistrationApplication Application(int id)
    {
        using var db = Db();
        return db.GetTable<RegistrationApplication>().First(a => a.Id == id);
    }

    protected List<ApplicationLine> Lines(int id)
    {
        using var db = Db();
        return db.GetTable<ApplicationLine>().Where(l => l.ApplicationId == id).ToList();
    }

    protected List<AuditEntry> AuditOf(int id)
    {
        using var db = Db();
        var key = S(id);
        return db.AuditEntries.Where(a => a.Entity == "registration_application" && a.EntityId == key).OrderBy(a => a.Id).ToList();
    }

    protected BusinessCustomer Customer(int id)
    {
        using var db = Db();
        return db.BusinessCustomers.First(c => c.Id == id);
    }

    protected async Task<(int CustomerId, int KeyAccountId, string Number)> ExistingCustomerAsync(string name, string district = "江岸区", string manager = DemoUsers.JiangAnCm1)
    {
        using var db = Db();
        return await RegistrationTestData.CustomerAsync(db, name, district, manager);
    }

    protected async Task<int> ContactAsync(int customerId, string name, bool deleted = false)
    {
        using var db = Db();
        return await db.InsertWithInt32IdentityAsync(new Contact { CustomerId = customerId, Name = name, Phone = "027-81234567", Title = "经理", Deleted = deleted });
    }

    /// <summary>The customer part of a new-customer application as the wizard carries it.</summary>
    protected Dictionary<string, string> NewCustomer(string name, string district = "武昌区") => new()
    {
        ["CustomerName"] = name, ["CustomerShortName"] = name[..Math.Min(6, name.Length)], ["IndustryId"] = S(IndustryId("制造业")),
        ["LevelId"] = S(LevelId("金")), ["DistrictOrgId"] = S(UnitId(district)), ["Address"] = "武汉市武昌区中北路1号",
        ["Postcode"] = "430071", ["Phone"] = "027-87654321",
    };

    /// <summary>A valid business relationship: 江岸区, ja_cm1, 速递/全业务, a new key account, a typed contact.</summary>
    protected Dictionary<string, string> Relationship(string keyAccountName, string department = "江岸区", string manager = DemoUsers.JiangAnCm1,
        string productLine = "速递", string? businessTypeOf = null)
    {
        var pl = ProductLineId(productLine);
        return new()
        {
            ["PostalOrgUnitId"] = S(UnitId(department)), ["ManagerUserId"] = S(UserId(manager)), ["ProductLineIds"] = S(pl),
            [$"BusinessTypes[{S(pl)}]"] = S(BusinessTypeId(businessTypeOf ?? productLine)), ["NewKeyAccountName"] = keyAccountName,
            ["ContactName"] = "王经理", ["ContactPhone"] = "027-88888888",
        };
    }

    protected static Dictionary<string, string> Merge(params Dictionary<string, string>[] parts)
    {
        var all = new Dictionary<string, string>();
        foreach (var p in parts)
            foreach (var (k, v) in p) all[k] = v;
        return all;
    }

    protected static Task<HttpResponseMessage> SubmitAsync(WebSession s, Dictionary<string, string> form) =>
        s.PostFormAsync("/registration/apply/submit", form, tokenFrom: "/registration/apply");

    /// <summary>Submits and returns the new application's id from the redirect to the success page.</summary>
    protected static async Task<int> SubmitOkAsync(WebSession s, Dictionary<string, string> form)
    {
        var res = await SubmitAsync(s, form);
        var body = await res.Content.ReadAsStringAsync();
        Assert.That(res.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), body);
        var location = res.Headers.Location!.ToString();
        Assert.That(location, Does.StartWith("/registration/apply/done/"));
        return int.Parse(location["/registration/apply/done/".Length..], CultureInfo.InvariantCulture);
    }

    /// <summary>A refused form re-shows the page (200) with the message, and nothing is saved.</summary>
    protected async Task AssertRefusedAsync(Func<Task<HttpResponseMessage>> post, string message)
    {
        var before = Applications();
        var res = await post();
        var html = await res.Content.ReadAsStringAsync();
        Assert.That(res.StatusCode, Is.EqualTo(HttpStatusCode.OK), html);
        Assert.That(html, Does.Contain(message));
        Assert.That(Applications(), Is.EqualTo(before), "nothing saved");
    }
}
