using PostalCrm.Sdk.Data;
using PostalCrm.Sdk.Numbering;
using PostalCrm.Sdk.Security;
using PostalCrm.Testing;

namespace PostalCrm.Sdk.Tests;

[TestFixtureSource(typeof(TestDatabase), nameof(TestDatabase.Providers))]
public class NumberAllocatorTests(DatabaseProvider provider)
{
    private TestDatabase _db = null!;

    [OneTimeSetUp] public async Task Create() => _db = await Migrated.CreateAsync(provider);
    [OneTimeTearDown] public void Drop() => _db.Dispose();

    private async Task<int> UnitId(string name)
    {
        using var db = _db.Open();
        return await db.OrgUnits.Where(u => u.Name == name).Select(u => u.Id).FirstAsync();
    }

    private async Task<string> AllocateAsync(int unitId)
    {
        using var db = _db.Open();
        await using var tx = await db.BeginTransactionAsync();
        var number = await new NumberAllocator(db).NextAsync(unitId);
        await tx.CommitAsync();
        return number;
    }

    [Test]
    public async Task F_3_4_number_is_unit_code_plus_8_digit_serial()
    {
        var n = await AllocateAsync(await UnitId("西陵区"));
        Assert.That(n, Does.Match("^420502[0-9]{8}$"));
        Assert.That(NumberAllocator.IsWellFormed(n), Is.True);
    }

    [Test]
    public async Task F_3_4_a_unit_without_a_range_uses_the_nearest_unit_above()
    {
        // 江岸区大客户部 has no range of its own: 江岸区's serves it.
        Assert.That(await AllocateAsync(await UnitId("江岸区大客户部")), Does.StartWith("420102"));
        // 武汉市大客户中心 → 武汉市.
        Assert.That(await AllocateAsync(await UnitId("武汉市大客户中心")), Does.StartWith("420100"));
    }

    [Test]
    public async Task F_3_4_fifty_concurrent_allocations_never_repeat_a_number()
    {
        var unit = await UnitId("武昌区");
        var numbers = await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => Task.Run(() => AllocateAsync(unit))));
        Assert.That(numbers.Distinct().Count(), Is.EqualTo(50));
        Assert.That(numbers, Has.All.StartWith("420106"));
    }

    [Test]
    public async Task F_3_4_an_exhausted_range_is_a_clear_error_and_changes_nothing()
    {
        using var db = _db.Open();
        var yichang = await UnitId("宜昌市");
        var range = await db.NumberRanges.FirstAsync(r => r.OrgUnitId == yichang);
        await db.NumberRanges.Where(r => r.Id == range.Id).Set(r => r.NextSerial, r => r.EndSerial + 1).UpdateAsync();
        var unitOfYichangCentre = await UnitId("宜昌市大客户中心");

        var e = await Assert.ThrowsAsync<BusinessRuleException>(() => AllocateAsync(unitOfYichangCentre));
        Assert.That(e!.Message, Does.Contain("已用完"));
        var after = await db.NumberRanges.FirstAsync(r => r.Id == range.Id);
        Assert.That(after.NextSerial, Is.EqualTo(after.EndSerial + 1));
    }

    [Test]
    public async Task F_3_4_allocation_outside_a_transaction_is_refused()
    {
        using var db = _db.Open();
        await Assert.ThrowsAsync<InvalidOperationException>(async () => await new NumberAllocator(db).NextAsync(await UnitId("江岸区")));
    }
}
