using LinqToDB;
using LinqToDB.Metrics;
using PostalCrm.Sdk.Data;
using PostalCrm.Sdk.Organisation;
using PostalCrm.Testing;

namespace PostalCrm.Sdk.Tests;

/// <summary><see cref="OrgTree.Within"/>: the subtree every "unit and below" scope rule is built on.</summary>
[TestFixtureSource(typeof(TestDatabase), nameof(TestDatabase.Providers))]
public class OrgTreeTests(DatabaseProvider provider)
{
    private TestDatabase _db = null!;

    [OneTimeSetUp] public async Task Create() => _db = await Migrated.CreateAsync(provider);
    [OneTimeTearDown] public void Drop() => _db.Dispose();

    [Test]
    public async Task Within_is_the_unit_and_every_unit_whose_path_starts_with_its_path()
    {
        using var db = _db.Open();
        var all = await db.OrgUnits.ToListAsync();
        Assert.That(all, Has.Count.GreaterThan(5), "the demo tree");
        var tree = new OrgTree(db);
        foreach (var root in all)
        {
            var expected = all.Where(u => u.Path.StartsWith(root.Path, StringComparison.Ordinal)).Select(u => u.Id).Order().ToList();
            var within = await tree.Within(root).Select(u => u.Id).OrderBy(id => id).ToListAsync();
            Assert.That(within, Is.EqualTo(expected), $"below {root.Name} ({root.Path})");
            Assert.That((await tree.SubtreeAsync(root)).Select(u => u.Path), Is.Ordered, "SubtreeAsync orders by path");
        }
    }

    /// <summary>
    /// Why Within names its root by id (issue 8): a string parameter makes linq2db render a statement's SQL again on every
    /// execution. A scope query run a second time, for another root, must reuse the rendered SQL.
    /// </summary>
    [Test]
    public async Task A_query_scoped_by_Within_is_rendered_once_and_reused_for_any_root()
    {
        using var db = _db.Open();
        var tree = new OrgTree(db);
        var roots = await db.OrgUnits.OrderBy(u => u.Id).Take(2).ToListAsync();
        Task<int> CountBelow(OrgUnit root)
        {
            var units = tree.Within(root).Select(u => u.Id);
            return db.Users.CountAsync(u => units.Contains(u.OrgUnitId));
        }
        await CountBelow(roots[0]);
        var rendered = await RenderCounter.CountAsync(() => CountBelow(roots[1]));
        Assert.That(rendered, Is.Zero, "SQL rendered again for a second root");
    }

    /// <summary>Counts linq2db's SQL renderings inside one awaited call (linq2db's activity hook, test-local via AsyncLocal).</summary>
    private static class RenderCounter
    {
        private static readonly AsyncLocal<int[]?> Current = new();
        private static readonly Lazy<bool> Registered = new(() =>
        {
            ActivityService.AddFactory(id =>
            {
                if (id == ActivityID.BuildSql && Current.Value is { } c) Interlocked.Increment(ref c[0]);
                return null;
            });
            return true;
        });

        public static async Task<int> CountAsync(Func<Task> run)
        {
            _ = Registered.Value;
            var counter = new int[1];
            Current.Value = counter;
            try { await run(); }
            finally { Current.Value = null; }
            return counter[0];
        }
    }
}
