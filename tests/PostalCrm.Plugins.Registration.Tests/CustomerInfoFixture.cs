using System.Globalization;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using PostalCrm.Sdk.Audit;
using PostalCrm.Sdk.Customers;
using PostalCrm.Sdk.Data;
using PostalCrm.Sdk.Security;
using PostalCrm.Testing;

namespace PostalCrm.Plugins.Registration.Tests;

/// <summary>
/// The real host on a fresh database per fixture, for the customer-resource tests (F-3.7–3.9). Tests share the
/// database, so every test names its customers uniquely.
/// </summary>
public abstract class CustomerInfoFixture(DatabaseProvider provider)
{
    protected PostalCrmFactory App { get; private set; } = null!;

    [OneTimeSetUp]
    public void Start()
    {
        App = new PostalCrmFactory(provider);
        _ = App.Services; // starts the host: migrations and the demo seed run before test data is written
    }
    [OneTimeTearDown] public void Stop() => App.Dispose();

    protected static string Unique(string prefix) => prefix + Guid.NewGuid().ToString("N")[..6];

    protected static string S(int id) => id.ToString(CultureInfo.InvariantCulture);

    protected async Task<(int Id, int KeyAccountId, string Number)> CustomerAsync(string name, string district, string manager, string productLine = "速递")
    {
        using var db = App.Database.Open();
        var customer = await RegistrationTestData.CustomerAsync(db, name, district, manager, productLine);
        App.ForgetCounts();
        return customer;
    }

    /// <summary>Reads or writes straight in the database; what it writes shows in the lists' counts at once (<see cref="PostalCrmFactory.ForgetCounts"/>).</summary>
    protected async Task<T> WithDbAsync<T>(Func<PostalDb, Task<T>> work)
    {
        using var db = App.Database.Open();
        var result = await work(db);
        App.ForgetCounts();
        return result;
    }

    protected Task<int> UnitIdAsync(string name) => WithDbAsync(db => RegistrationTestData.UnitIdAsync(db, name));
    protected Task<int> UserIdAsync(string login) => WithDbAsync(db => RegistrationTestData.UserIdAsync(db, login));

    protected Task<List<AuditEntry>> AuditOfAsync(string entity, int id) => WithDbAsync(db =>
    {
        var key = S(id);
        return db.AuditEntries.Where(a => a.Entity == entity && a.EntityId == key).OrderBy(a => a.Id).ToListAsync();
    });

    /// <summary>A key-account centre user of another city (the demo has one only for 武汉市), same password as the demo users.</summary>
    protected async Task<string> CentreUserAsync(string unitName)
    {
        using var db = App.Database.Open();
        var login = "ctr" + Guid.NewGuid().ToString("N")[..8];
        var hash = await db.Users.Where(u => u.Login == DemoUsers.WuhanCentre).Select(u => u.PasswordHash).FirstAsync();
        var id = await db.InsertWithInt32IdentityAsync(new UserAccount
        {
            Login = login, DisplayName = unitName + "审批员", OrgUnitId = await RegistrationTestData.UnitIdAsync(db, unitName), PasswordHash = hash,
        });
        await db.InsertAsync(new UserRole { UserId = id, RoleCode = RoleCodes.CityCentre });
        return login;
    }

    /// <summary>What the SDK's CustomerDirectory, resolved from the running host, lets the user see of the customer.</summary>
    protected async Task<CustomerDetail> VisibleAsync(string login, int customerId)
    {
        using var scope = App.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<PostalDb>();
        await scope.ServiceProvider.GetRequiredService<PostalCrm.Host.Security.CurrentUser>().LoadAsync(db, await RegistrationTestData.UserIdAsync(db, login));
        var customer = await db.BusinessCustomers.FirstAsync(c => c.Id == customerId);
        return await scope.ServiceProvider.GetRequiredService<CustomerDirectory>().VisibleDetailAsync(customer);
    }

    protected static async Task<string> HtmlOf(HttpResponseMessage res) => await res.Content.ReadAsStringAsync();

    protected static void AssertRedirectedTo(HttpResponseMessage res, string location, string because)
    {
        Assert.That(res.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), because);
        Assert.That(res.Headers.Location?.ToString(), Is.EqualTo(location), because);
    }

    protected static async Task AssertStatusAsync(WebSession s, string url, HttpStatusCode expected)
    {
        var res = await s.GetAsync(url);
        Assert.That(res.StatusCode, Is.EqualTo(expected), url);
    }
}
