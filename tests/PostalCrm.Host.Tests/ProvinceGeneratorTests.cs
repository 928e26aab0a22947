using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using LinqToDB;
using LinqToDB.Data;
using PostalCrm.Host.Data;
using PostalCrm.Host.Security;
using PostalCrm.Sdk.Data;
using PostalCrm.Sdk.Organisation;
using PostalCrm.Sdk.Security;
using PostalCrm.Testing;

namespace PostalCrm.Host.Tests;

/// <summary>
/// The province generator (issue 8) at its small size, with the published plugins, on both databases: the data is
/// coherent (managers, number ranges, scope rules hold on it), the same seed gives the same province, and it refuses a
/// database that is not empty.
/// </summary>
[TestFixtureSource(typeof(TestDatabase), nameof(TestDatabase.Providers))]
public class ProvinceGeneratorTests(DatabaseProvider provider)
{
    public const int Seed = 4242;
    private TestDatabase _db = null!;
    private ProvinceReport _report = null!;

    [OneTimeSetUp]
    public async Task Generate()
    {
        _db = TestDatabase.Create(provider);
        _report = await GenerateAsync(_db, Seed);
    }

    [OneTimeTearDown] public void Drop() => _db.Dispose();

    /// <summary>Builds the host (not started) on the database with every published plugin and runs the generator, as the command does.</summary>
    public static async Task<ProvinceReport> GenerateAsync(TestDatabase tdb, int seed)
    {
        RepoPaths.RequirePublishedPlugins();
        var app = PostalCrmHost.Build(
        [
            "--environment=Testing", $"--DataFolder={tdb.Folder}", $"--Database:Provider={tdb.Settings.Provider}",
            $"--Database:ConnectionString={tdb.Settings.ConnectionString}", $"--Plugins:Directory={RepoPaths.Plugins}",
            $"--Plugins:Enabled={string.Join(",", PostalCrmFactory.AllPlugins())}", "--Seed:Demo=false",
        ]);
        await using (app)
            return await ProvinceGenerator.RunAsync(app.Services, ProvinceScale.Small, seed, TestContext.Progress.WriteLine, CancellationToken.None);
    }

    [Test]
    public void Every_plugin_hook_ran_after_the_host_in_dependency_order()
    {
        Assert.That(_report.Steps.Select(s => s.Owner).First(), Is.EqualTo("host"));
        Assert.That(_report.Steps.Select(s => s.Owner), Does.Contain("registration"));
    }

    [Test]
    public async Task Sizes_follow_the_scale()
    {
        using var db = _db.Open();
        var scale = ProvinceScale.Small;
        Assert.Multiple(async () =>
        {
            Assert.That(await db.Users.CountAsync(), Is.EqualTo(scale.Users));
            Assert.That(await db.BusinessCustomers.CountAsync(), Is.EqualTo(scale.Customers));
            Assert.That(await db.OrgUnits.CountAsync(u => u.Level == OrgLevel.City && u.Kind == OrgUnitKind.Area), Is.EqualTo(scale.Cities));
            Assert.That(await db.OrgUnits.CountAsync(u => u.Level == OrgLevel.District && u.Kind == OrgUnitKind.Area), Is.InRange(scale.Cities * (scale.DistrictsPerCity - 1), scale.Cities * (scale.DistrictsPerCity + 1)));
            // Every customer has a key account and an approved relationship, and at least one contact.
            Assert.That(await db.BusinessCustomers.CountAsync(c => !db.KeyAccounts.Any(k => k.CustomerId == c.Id)), Is.Zero);
            Assert.That(await db.BusinessCustomers.CountAsync(c => !db.BusinessRelationships.Any(b => b.CustomerId == c.Id && b.Approved)), Is.Zero);
            Assert.That(await db.BusinessCustomers.CountAsync(c => !db.Contacts.Any(k => k.CustomerId == c.Id)), Is.Zero);
            Assert.That(db.Execute<long>("SELECT COUNT(*) FROM registration_applications"), Is.GreaterThanOrEqualTo(scale.Customers));
        });
        await Task.CompletedTask;
    }

    [Test]
    public async Task Every_relationship_manager_is_a_customer_manager_of_the_relationship_unit_in_the_customer_district()
    {
        using var db = _db.Open();
        var bad = await (from b in db.BusinessRelationships
                         join u in db.Users on b.ManagerUserId equals u.Id
                         join c in db.BusinessCustomers on b.CustomerId equals c.Id
                         where u.OrgUnitId != b.OrgUnitId
                               || u.Disabled
                               || !db.UserRoles.Any(r => r.UserId == u.Id && r.RoleCode == RoleCodes.CustomerManager)
                               || u.OrgUnitId != c.DistrictOrgId
                         select b.Id).CountAsync();
        Assert.That(bad, Is.Zero);
        Assert.That(await db.BusinessRelationships.CountAsync(), Is.GreaterThan(ProvinceScale.Small.Customers));
    }

    [Test]
    public async Task Every_key_account_number_lies_in_the_range_of_its_unit_and_the_range_counter_is_past_it()
    {
        using var db = _db.Open();
        var ranges = await db.NumberRanges.ToListAsync();
        var accounts = await db.KeyAccounts.ToListAsync();
        Assert.That(accounts.Select(a => a.Number).Distinct().Count(), Is.EqualTo(accounts.Count), "numbers are unique");
        foreach (var a in accounts)
        {
            var range = ranges.SingleOrDefault(r => r.OrgUnitId == a.OrgUnitId);
            Assert.That(range, Is.Not.Null, $"key account {a.Id}: no range for its unit");
            Assert.That(a.Number, Does.StartWith(range!.UnitCode).And.Length.EqualTo(14));
            var serial = long.Parse(a.Number![6..], CultureInfo.InvariantCulture);
            Assert.That(serial, Is.InRange(range.StartSerial, Math.Min(range.EndSerial, range.NextSerial - 1)), $"key account {a.Number}");
        }
    }

    [Test]
    public async Task A_new_row_after_generation_gets_a_fresh_id()
    {
        using var db = _db.Open();
        var max = await db.Contacts.MaxAsync(c => c.Id);
        var id = await db.InsertWithInt32IdentityAsync(new PostalCrm.Sdk.Customers.Contact { CustomerId = 1, Name = "测试" });
        Assert.That(id, Is.GreaterThan(max));
        await db.Contacts.Where(c => c.Id == id).DeleteAsync();
    }

    [Test]
    public async Task Scope_rules_hold_on_generated_data()
    {
        using var db = _db.Open();
        var cm = await db.Users.FirstAsync(u => u.Login == "c01d01_cm001");
        var dept = await db.Users.FirstAsync(u => u.Login == "c01d01_dept1");
        var centre = await db.Users.FirstAsync(u => u.Login == "c02_center1");
        var sheng = await db.Users.FirstAsync(u => u.Login == "sheng1");

        async Task<HashSet<int>> InScope(UserAccount u)
        {
            var current = new CurrentUser();
            await current.LoadAsync(db, u.Id);
            return [.. await new DataScope(current, db).CustomerIdsInScope().ToListAsync()];
        }

        var own = (await db.BusinessRelationships.Where(b => b.ManagerUserId == cm.Id && b.Approved).Select(b => b.CustomerId).ToListAsync()).ToHashSet();
        Assert.That(own, Is.Not.Empty);
        Assert.That(await InScope(cm), Is.EquivalentTo(own));

        var deptArea = await db.OrgUnits.FirstAsync(u => u.Id == db.OrgUnits.First(x => x.Id == dept.OrgUnitId).ParentId);
        Assert.That(await InScope(dept), Is.EquivalentTo(await db.BusinessCustomers.Where(c => c.DistrictOrgId == deptArea.Id).Select(c => c.Id).ToListAsync()));

        var city = await db.OrgUnits.FirstAsync(u => u.Code == ProvinceHostData.Cities[1].Code);
        Assert.That(await InScope(centre), Is.EquivalentTo(await db.BusinessCustomers.Where(c => c.CityOrgId == city.Id).Select(c => c.Id).ToListAsync()));
        Assert.That((await InScope(sheng)).Count, Is.EqualTo(ProvinceScale.Small.Customers));
    }

    [Test]
    public void A_database_that_is_not_empty_is_refused() =>
        Assert.That(async () => await GenerateAsync(_db, Seed), Throws.InvalidOperationException.With.Message.Contains("empty database"));

    [Test]
    public async Task The_same_seed_gives_the_same_province_and_another_seed_another()
    {
        using var same = TestDatabase.Create(DatabaseProvider.Sqlite);
        using var other = TestDatabase.Create(DatabaseProvider.Sqlite);
        await GenerateAsync(same, Seed);
        await GenerateAsync(other, Seed + 1);
        var mine = await FingerprintAsync(_db);
        Assert.That(await FingerprintAsync(same), Is.EqualTo(mine), "same seed (SQLite and this database)");
        Assert.That(await FingerprintAsync(other), Is.Not.EqualTo(mine), "another seed");
    }

    /// <summary>A hash of every generated row but the times (they are relative to the day it ran).</summary>
    private static async Task<string> FingerprintAsync(TestDatabase tdb)
    {
        using var db = tdb.Open();
        var text = new StringBuilder();
        foreach (var u in await db.OrgUnits.OrderBy(x => x.Id).ToListAsync()) text.Append(CultureInfo.InvariantCulture, $"{u.Id}|{u.Code}|{u.Name}|{u.Path}\n");
        foreach (var u in await db.Users.OrderBy(x => x.Id).ToListAsync()) text.Append(CultureInfo.InvariantCulture, $"{u.Id}|{u.Login}|{u.DisplayName}|{u.OrgUnitId}|{u.SecurityStamp}\n");
        foreach (var r in await db.UserRoles.OrderBy(x => x.UserId).ThenBy(x => x.RoleCode).ToListAsync()) text.Append(CultureInfo.InvariantCulture, $"{r.UserId}|{r.RoleCode}\n");
        foreach (var c in await db.BusinessCustomers.OrderBy(x => x.Id).ToListAsync())
            text.Append(CultureInfo.InvariantCulture, $"{c.Id}|{c.Code}|{c.Name}|{c.ShortName}|{c.DistrictOrgId}|{c.LevelId}|{c.Address}|{c.Phone}|{c.CreatedBy}\n");
        foreach (var k in await db.KeyAccounts.OrderBy(x => x.Id).ToListAsync()) text.Append(CultureInfo.InvariantCulture, $"{k.Id}|{k.CustomerId}|{k.Name}|{k.Number}\n");
        foreach (var b in await db.BusinessRelationships.OrderBy(x => x.Id).ToListAsync())
            text.Append(CultureInfo.InvariantCulture, $"{b.Id}|{b.CustomerId}|{b.KeyAccountId}|{b.ManagerUserId}|{b.ProductLineId}\n");
        foreach (var c in await db.Contacts.OrderBy(x => x.Id).ToListAsync()) text.Append(CultureInfo.InvariantCulture, $"{c.Id}|{c.CustomerId}|{c.Name}|{c.Mobile}\n");
        foreach (var n in await db.NumberRanges.OrderBy(x => x.Id).ToListAsync()) text.Append(CultureInfo.InvariantCulture, $"{n.OrgUnitId}|{n.UnitCode}|{n.NextSerial}\n");
        foreach (var row in await db.QueryToListAsync<string>(
                     "SELECT CAST(id AS VARCHAR(20)) || '|' || customer_name || '|' || CAST(status AS VARCHAR(5)) || '|' || CAST(manager_user_id AS VARCHAR(20)) FROM registration_applications ORDER BY id"))
            text.Append(row).Append('\n');
        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }
}
