using System.Globalization;
using System.Net;
using PostalCrm.Plugins.Registration.Data;
using PostalCrm.Sdk.Data;
using PostalCrm.Sdk.Organisation;
using PostalCrm.Testing;

namespace PostalCrm.Plugins.Registration.Tests;

/// <summary>
/// The real host with the published plugins on a fresh database per fixture (F-3.3/F-3.4 review tests). Tests share
/// that database, so each one names its applications uniquely and asserts on its own rows.
/// </summary>
public abstract class ReviewFixture(DatabaseProvider provider)
{
    protected PostalCrmFactory App { get; private set; } = null!;

    [OneTimeSetUp]
    public void Start()
    {
        App = new PostalCrmFactory(provider);
        _ = App.Services; // starts the host: migrations and demo seed run before tests write rows
    }
    [OneTimeTearDown] public void Stop() => App.Dispose();

    protected static string Unique(string prefix) => prefix + Guid.NewGuid().ToString("N")[..6];

    protected static string Str(int id) => id.ToString(CultureInfo.InvariantCulture);

    protected async Task<int> NewApplicationAsync(string name, string district = "江岸区", string applicant = DemoUsers.JiangAnCm1,
        string productLine = "速递", ApplicationStatus status = ApplicationStatus.Submitted, string? applicantUnit = null)
    {
        using var db = App.Database.Open();
        return await RegistrationTestData.NewCustomerApplicationAsync(db, name, district, applicant, productLine, status, applicantUnit);
    }

    protected async Task<RegistrationApplication> ApplicationAsync(int id)
    {
        using var db = App.Database.Open();
        return await db.GetTable<RegistrationApplication>().FirstAsync(a => a.Id == id);
    }

    protected async Task<List<ApplicationReview>> ReviewsAsync(int id)
    {
        using var db = App.Database.Open();
        return await db.GetTable<ApplicationReview>().Where(r => r.ApplicationId == id).OrderBy(r => r.Id).ToListAsync();
    }

    protected async Task<int> CustomersNamedAsync(string name)
    {
        using var db = App.Database.Open();
        return await db.BusinessCustomers.CountAsync(c => c.Name == name);
    }

    protected async Task<int> KeyAccountsNamedAsync(string name)
    {
        using var db = App.Database.Open();
        return await db.KeyAccounts.CountAsync(k => k.Name == name);
    }

    protected async Task<int> UserIdAsync(string login)
    {
        using var db = App.Database.Open();
        return await RegistrationTestData.UserIdAsync(db, login);
    }

    protected async Task<int> UnitIdAsync(string name)
    {
        using var db = App.Database.Open();
        return await RegistrationTestData.UnitIdAsync(db, name);
    }

    /// <summary>A new org unit (e.g. a 支局 as 合作部门) under <paramref name="parent"/>.</summary>
    protected async Task<int> NewUnitAsync(string name, string parent, OrgUnitKind kind = OrgUnitKind.Production)
    {
        using var db = App.Database.Open();
        var p = await db.OrgUnits.FirstAsync(u => u.Name == parent);
        var id = await db.InsertWithInt32IdentityAsync(new OrgUnit
        {
            Code = "T" + Guid.NewGuid().ToString("N")[..8], Name = name, ParentId = p.Id, Level = p.Level, Kind = kind, Path = "", Active = true,
        });
        await db.OrgUnits.Where(u => u.Id == id).Set(u => u.Path, OrgTree.ChildPath(p.Path, id)).UpdateAsync();
        return id;
    }

    protected async Task AddLineAsync(int applicationId, string productLine)
    {
        using var db = App.Database.Open();
        await db.InsertAsync(new ApplicationLine
        {
            ApplicationId = applicationId, ProductLineId = await RegistrationTestData.ProductLineIdAsync(db, productLine),
            BusinessTypeId = await RegistrationTestData.BusinessTypeIdAsync(db, productLine),
        });
    }

    protected static string StageSlug(ReviewStage stage) => stage switch
    {
        ReviewStage.Pre => "pre",
        ReviewStage.Initial => "initial",
        _ => "final",
    };

    /// <summary>Posts a decision (通过/驳回, 开发成功/开发失败) as the review page's form does.</summary>
    protected static Task<HttpResponseMessage> DecideAsync(WebSession s, int id, ReviewStage stage, bool approve, string? opinion = "同意") =>
        s.PostFormAsync($"/registration/review/{Str(id)}/{StageSlug(stage)}",
            [new("Approve", approve ? "true" : "false"), new("Opinion", opinion ?? "")], tokenFrom: "/");

    protected static void AssertDecided(HttpResponseMessage res, int id, string because)
    {
        Assert.That(res.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), because);
        Assert.That(res.Headers.Location?.ToString(), Is.EqualTo($"/registration/review/{Str(id)}"), because);
    }

    protected static async Task<string> HtmlOf(HttpResponseMessage res) => await res.Content.ReadAsStringAsync();

    /// <summary>Asserts the application and its history are exactly as before a refused action.</summary>
    protected async Task AssertUnchangedAsync(int id, ApplicationStatus status, int reviews, string because)
    {
        var a = await ApplicationAsync(id);
        Assert.That(a.Status, Is.EqualTo(status), because);
        Assert.That(await ReviewsAsync(id), Has.Count.EqualTo(reviews), because);
    }
}
