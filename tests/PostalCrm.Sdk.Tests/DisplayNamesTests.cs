using LinqToDB;
using PostalCrm.Sdk.Data;
using PostalCrm.Sdk.Lists;
using PostalCrm.Testing;

namespace PostalCrm.Sdk.Tests;

/// <summary>
/// Issue 8: <see cref="DisplayNames"/> — the names lists show beside their rows' ids, remembered until the next write for a
/// minute at most, but read again at once when a page needs an id they lack, so no row shows a blank name.
/// </summary>
[TestFixtureSource(typeof(TestDatabase), nameof(TestDatabase.Providers))]
public class DisplayNamesTests(DatabaseProvider provider)
{
    private TestDatabase _db = null!;

    [OneTimeSetUp] public async Task Create() => _db = await Migrated.CreateAsync(provider);
    [OneTimeTearDown] public void Drop() => _db.Dispose();

    [Test]
    public async Task Every_table_s_names_are_its_rows_names_by_id()
    {
        using var db = _db.Open();
        var names = new DisplayNames(db, new BoundedCounts(new MovableClock()));
        var users = await db.Users.ToDictionaryAsync(u => u.Id, u => u.DisplayName);
        var units = await db.OrgUnits.ToDictionaryAsync(u => u.Id, u => u.Name);
        var lines = await db.ProductLines.ToDictionaryAsync(p => p.Id, p => p.Name);
        var types = await db.BusinessTypes.ToDictionaryAsync(t => t.Id, t => t.Name);
        Assert.That(new[] { users.Count, units.Count, lines.Count, types.Count }, Has.All.GreaterThan(1), "the demo's tables");

        Assert.That(await names.UsersAsync(users.Keys), Is.EquivalentTo(users));
        Assert.That(await names.OrgUnitsAsync(units.Keys), Is.EquivalentTo(units));
        Assert.That(await names.ProductLinesAsync(lines.Keys), Is.EquivalentTo(lines));
        Assert.That(await names.BusinessTypesAsync(null), Is.EquivalentTo(types));
    }

    [Test]
    public async Task A_rename_shows_after_the_next_write_or_the_minute_and_a_new_id_at_once()
    {
        using var db = _db.Open();
        var clock = new MovableClock();
        var counts = new BoundedCounts(clock);
        var names = new DisplayNames(db, counts);
        var unit = await db.OrgUnits.OrderBy(u => u.Id).FirstAsync();
        var original = unit.Name;
        Assert.That((await names.OrgUnitsAsync([unit.Id]))[unit.Id], Is.EqualTo(original));
        try
        {
            // Written outside the portal: the remembered name stays for the minute …
            await db.OrgUnits.Where(u => u.Id == unit.Id).Set(u => u.Name, "改名测试单位").UpdateAsync();
            Assert.That((await names.OrgUnitsAsync([unit.Id]))[unit.Id], Is.EqualTo(original), "remembered");
            Assert.That((await names.OrgUnitsAsync(null))[unit.Id], Is.EqualTo("改名测试单位"), "an export reads them now");
            clock.Offset += BoundedCounts.TimeToLive + TimeSpan.FromSeconds(1);
            Assert.That((await names.OrgUnitsAsync([unit.Id]))[unit.Id], Is.EqualTo("改名测试单位"), "after the minute");

            // … a write through the portal forgets it at once.
            await db.OrgUnits.Where(u => u.Id == unit.Id).Set(u => u.Name, "再改名单位").UpdateAsync();
            counts.Forget();
            Assert.That((await names.OrgUnitsAsync([unit.Id]))[unit.Id], Is.EqualTo("再改名单位"), "after a write");

            // A unit added since the names were read: the page that needs it reads them again.
            var added = await db.InsertWithInt32IdentityAsync(new Organisation.OrgUnit
            {
                Name = "新增测试单位", Code = "DNT01", Level = unit.Level, Path = unit.Path + "999999/", ParentId = unit.Id,
            });
            var read = await names.OrgUnitsAsync([unit.Id, added]);
            Assert.That(read[added], Is.EqualTo("新增测试单位"));
            await db.OrgUnits.Where(u => u.Id == added).DeleteAsync();
        }
        finally
        {
            await db.OrgUnits.Where(u => u.Id == unit.Id).Set(u => u.Name, original).UpdateAsync();
        }
    }
}
