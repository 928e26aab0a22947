using LinqToDB;
using LinqToDB.Metrics;
using PostalCrm.Sdk.Data;
using PostalCrm.Sdk.Organisation;
using PostalCrm.Sdk.Security;
using PostalCrm.Testing;

namespace PostalCrm.Sdk.Tests;

/// <summary>
/// Issue 8 (SDK 1.12): a list query that captures sub-queries — a scope rule's units, <c>db.OrgUnits</c> and the data
/// context inside a lambda — is found in linq2db's query cache on its first lookup, with the same rows, for one user after
/// another (each with their own captured values).
/// </summary>
[TestFixtureSource(typeof(TestDatabase), nameof(TestDatabase.Providers))]
public class CapturedQueryInlinerTests(DatabaseProvider provider)
{
    /// <summary>linq2db's cache lookups while <see cref="Current"/> is set: 1 = found at once, 2 = exposed and looked up again.</summary>
    private sealed class Lookups { public int Count; }

    private static readonly AsyncLocal<Lookups?> Current = new();

    static CapturedQueryInlinerTests() => ActivityService.AddFactory(id =>
    {
        if (id == ActivityID.GetQueryFindFind && Current.Value is { } lookups) lookups.Count++;
        return null;
    });

    public sealed record Row
    {
        public int User { get; init; }
        public string Unit { get; init; } = "";
        public int Units { get; init; }
    }

    private TestDatabase _db = null!;

    [OneTimeSetUp] public async Task Create() => _db = await Migrated.CreateAsync(provider);

    [OneTimeTearDown] public void Drop() => _db.Dispose();

    /// <summary>The users of the area with their unit's name: a scope rule's sub-query, a table and the context in lambdas.</summary>
    private static IQueryable<Row> UsersWithUnits(PostalDb db, DataScope scope) =>
        from u in scope.UnitAndBelow(db.Users, u => u.OrgUnitId)
        from o in db.OrgUnits.Where(o => o.Id == u.OrgUnitId)
        orderby u.Id
        select new Row { User = u.Id, Unit = o.Name, Units = db.GetTable<OrgUnit>().Count(x => x.ParentId == o.Id) };

    private static async Task<(List<Row> Rows, int Lookups)> ReadAsync(PostalDb db, string login)
    {
        var scope = new DataScope(await Users.AsAsync(db, login), db);
        var lookups = new Lookups();
        Current.Value = lookups;
        try
        {
            var rows = await UsersWithUnits(db, scope).ToListAsync();
            return (rows, lookups.Count);
        }
        finally { Current.Value = null; }
    }

    private PostalDb OpenWithoutInliner() => new(new DataOptions().UseConnectionString(
        provider == DatabaseProvider.Sqlite ? ProviderName.SQLiteMS : ProviderName.PostgreSQL15, _db.Settings.ConnectionString));

    [Test]
    public async Task A_query_capturing_sub_queries_is_found_in_the_cache_on_its_first_lookup_with_the_same_rows_for_each_user()
    {
        foreach (var login in new[] { DemoUsers.WuhanCentre, DemoUsers.JiangAnDept, DemoUsers.WuhanCentre, DemoUsers.YichangCm1 })
        {
            using var db = _db.Open();
            using var plain = OpenWithoutInliner();
            await ReadAsync(db, login); // the first run of a shape builds it
            var (rows, lookups) = await ReadAsync(db, login);
            var (expected, plainLookups) = await ReadAsync(plain, login);

            Assert.That(rows, Is.EqualTo(expected).And.Not.Empty, login + ": the rows linq2db's own exposure gives");
            Assert.That(lookups, Is.EqualTo(1), login + ": found on the first lookup");
            Assert.That(plainLookups, Is.EqualTo(2), login + ": without the inliner the tree is exposed and looked up again");
        }
    }
}
