using LinqToDB;
using PostalCrm.Sdk.Customers;
using PostalCrm.Sdk.Data;
using PostalCrm.Testing;

namespace PostalCrm.Sdk.Tests;

/// <summary>"A customer manager's own customers" (SDK 1.16), called directly and inside a projection, on both databases.</summary>
[TestFixtureSource(typeof(TestDatabase), nameof(TestDatabase.Providers))]
public class RelationshipsTests(DatabaseProvider provider)
{
    private TestDatabase _db = null!;
    private int _cm1, _cm2, _approved, _pending, _other;

    [OneTimeSetUp]
    public async Task Create()
    {
        _db = await Migrated.CreateAsync(provider);
        using var db = _db.Open();
        int Unit(string name) => db.OrgUnits.Where(u => u.Name == name).Select(u => u.Id).First();
        _cm1 = db.Users.Where(u => u.Login == DemoUsers.JiangAnCm1).Select(u => u.Id).First();
        _cm2 = db.Users.Where(u => u.Login == DemoUsers.YichangCm1).Select(u => u.Id).First();
        async Task<int> Customer(string code, string name) => await db.InsertWithInt32IdentityAsync(new BusinessCustomer
        {
            Code = code, Name = name, ShortName = name, CityOrgId = Unit("武汉市"), DistrictOrgId = Unit("江岸区"), CreatedBy = _cm1,
        });
        _approved = await Customer("R0001", "关系测试甲");
        _pending = await Customer("R0002", "关系测试乙");
        _other = await Customer("R0003", "关系测试丙");
        var lines = db.ProductLines.OrderBy(p => p.Id).Select(p => p.Id).Take(2).ToList();
        async Task Link(int customer, int manager, int line, bool approved) => await db.InsertAsync(new BusinessRelationship
        {
            CustomerId = customer, OrgUnitId = Unit("江岸区"), ManagerUserId = manager, ProductLineId = line, Approved = approved,
        });
        await Link(_approved, _cm1, lines[0], true);
        await Link(_approved, _cm1, lines[1], true);   // the same customer twice: counted once
        await Link(_pending, _cm1, lines[0], false);   // not approved: not theirs
        await Link(_other, _cm2, lines[0], true);
    }

    [OneTimeTearDown] public void Drop() => _db.Dispose();

    private int[] Ours => [_approved, _pending, _other];

    [Test]
    public async Task A_managers_own_customers_are_those_of_approved_relationships_naming_them()
    {
        using var db = _db.Open();
        var ours = Ours;
        Assert.That(await db.BusinessRelationships.CustomerIdsOf(_cm1).Where(id => ours.Contains(id)).Distinct().ToListAsync(), Is.EqualTo(new[] { _approved }));
        Assert.That(await db.BusinessRelationships.ApprovedOf(_cm1).CountAsync(r => ours.Contains(r.CustomerId)), Is.EqualTo(2));
        Assert.That(await db.BusinessRelationships.CustomerIdsOf(_cm2).Where(id => ours.Contains(id)).ToListAsync(), Is.EqualTo(new[] { _other }));
    }

    [Test]
    public async Task Inside_a_projection_each_row_counts_its_own_managers_customers()
    {
        using var db = _db.Open();
        var ours = Ours;
        int[] managers = [_cm1, _cm2];
        var counts = await db.Users.Where(u => managers.Contains(u.Id))
            .Select(u => new { u.Id, Customers = db.BusinessRelationships.CustomerIdsOf(u.Id).Where(id => ours.Contains(id)).Distinct().Count() })
            .ToDictionaryAsync(x => x.Id, x => x.Customers);
        Assert.That(counts, Is.EqualTo(new Dictionary<int, int> { [_cm1] = 1, [_cm2] = 1 }));
    }
}
