using System.Text.RegularExpressions;
using LinqToDB;
using LinqToDB.Mapping;
using PostalCrm.Sdk.Data;
using PostalCrm.Testing;

namespace PostalCrm.Sdk.Tests;

/// <summary><see cref="SqlDates"/>: the same rows as linq2db's own date comparisons, with the column left bare for an index.</summary>
[TestFixtureSource(typeof(TestDatabase), nameof(TestDatabase.Providers))]
public partial class SqlDatesTests(DatabaseProvider provider)
{
    [Table("sqldates_probe")]
    public sealed class DayRow
    {
        [Column("id"), PrimaryKey] public int Id { get; set; }
        [Column("day"), NotNull] public DateOnly Day { get; set; }
        [Column("maybe"), Nullable] public DateOnly? Maybe { get; set; }
    }

    private TestDatabase _db = null!;

    [OneTimeSetUp]
    public async Task Create()
    {
        _db = await Migrated.CreateAsync(provider);
        using var db = _db.Open();
        await db.CreateTableAsync<DayRow>();
        var first = new DateOnly(2025, 12, 25);
        for (var i = 0; i < 40; i++) await db.InsertAsync(new DayRow { Id = i + 1, Day = first.AddDays(i), Maybe = i % 3 == 0 ? null : first.AddDays(i) });
    }

    [OneTimeTearDown] public void Drop() => _db.Dispose();

    [GeneratedRegex(@"Date\(\s*(\[\w+\]\.)?\[day\]\s*\)", RegexOptions.IgnoreCase)]
    private static partial Regex WrappedColumn();

    [TestCase("2025-12-31"), TestCase("2026-01-01"), TestCase("2026-01-15"), TestCase("2026-02-02"), TestCase("2024-01-01")]
    public async Task Bare_column_comparisons_give_the_same_rows_as_linq2dbs_own(string dayText)
    {
        var day = DateOnly.Parse(dayText, System.Globalization.CultureInfo.InvariantCulture);
        using var db = _db.Open();
        var rows = db.GetTable<DayRow>();
        async Task<List<int>> Ids(IQueryable<DayRow> q, bool bare)
        {
            var ids = await q.OrderBy(r => r.Id).Select(r => r.Id).ToListAsync();
            if (bare) Assert.That(WrappedColumn().IsMatch(db.LastQuery ?? ""), Is.False, $"the column is compared bare: {db.LastQuery}");
            return ids;
        }
        Assert.That(await Ids(rows.Where(r => SqlDates.On(r.Day, day)), true), Is.EqualTo(await Ids(rows.Where(r => r.Day == day), false)));
        Assert.That(await Ids(rows.Where(r => SqlDates.OnOrAfter(r.Day, day)), true), Is.EqualTo(await Ids(rows.Where(r => r.Day >= day), false)));
        Assert.That(await Ids(rows.Where(r => SqlDates.OnOrBefore(r.Day, day)), true), Is.EqualTo(await Ids(rows.Where(r => r.Day <= day), false)));
        Assert.That(await Ids(rows.Where(r => SqlDates.After(r.Day, day)), true), Is.EqualTo(await Ids(rows.Where(r => r.Day > day), false)));
        Assert.That(await Ids(rows.Where(r => SqlDates.OnOrBefore(r.Maybe, day)), false),
            Is.EqualTo(await Ids(rows.Where(r => r.Maybe != null && r.Maybe <= day), false)), "a NULL column is never on or before");
        if (provider == DatabaseProvider.Sqlite)
        {
            // Why the helper exists: linq2db's own comparison wraps the column (no index can seek it). Should this start
            // failing after a linq2db upgrade, the plain comparison may do and SqlDates can go.
            await rows.Where(r => r.Day == day).Select(r => r.Id).ToListAsync();
            Assert.That(WrappedColumn().IsMatch(db.LastQuery ?? ""), Is.True, db.LastQuery);
        }
        Assert.That(await Ids(rows.Where(r => SqlDates.On(r.Day, day)), true), Has.Count.EqualTo(day >= new DateOnly(2025, 12, 25) && day < new DateOnly(2026, 2, 3) ? 1 : 0));
    }
}
