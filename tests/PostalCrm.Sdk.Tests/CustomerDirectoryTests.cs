using PostalCrm.Sdk.Customers;
using PostalCrm.Sdk.Data;
using PostalCrm.Sdk.Security;
using PostalCrm.Testing;

namespace PostalCrm.Sdk.Tests;

[TestFixtureSource(typeof(TestDatabase), nameof(TestDatabase.Providers))]
public class CustomerDirectoryTests(DatabaseProvider provider)
{
    private TestDatabase _db = null!;
    private int _jiangAnCustomer;
    private int _yichangCustomer;

    [OneTimeSetUp]
    public async Task Create()
    {
        _db = await Migrated.CreateAsync(provider);
        using var db = _db.Open();
        int Unit(string name) => db.OrgUnits.Where(u => u.Name == name).Select(u => u.Id).First();
        var cm1 = db.Users.Where(u => u.Login == DemoUsers.JiangAnCm1).Select(u => u.Id).First();
        _jiangAnCustomer = await db.InsertWithInt32IdentityAsync(new BusinessCustomer
        {
            Code = "C0001", Name = "武汉华信科技有限公司", ShortName = "华信科技", CityOrgId = Unit("武汉市"), DistrictOrgId = Unit("江岸区"), CreatedBy = cm1,
        });
        _yichangCustomer = await db.InsertWithInt32IdentityAsync(new BusinessCustomer
        {
            Code = "C0002", Name = "宜昌三峡物资公司", ShortName = "三峡物资", CityOrgId = Unit("宜昌市"), DistrictOrgId = Unit("西陵区"), CreatedBy = cm1,
        });
        await db.InsertAsync(new BusinessRelationship
        {
            CustomerId = _jiangAnCustomer, OrgUnitId = Unit("江岸区"), ManagerUserId = cm1, ProductLineId = db.ProductLines.First().Id, Approved = true,
        });
    }

    [OneTimeTearDown] public void Drop() => _db.Dispose();

    private async Task<(PostalDb Db, CustomerDirectory Directory)> As(string login)
    {
        var db = _db.Open();
        var user = await Users.AsAsync(db, login);
        return (db, new CustomerDirectory(db, user, new DataScope(user, db), []));
    }

    [Test]
    public async Task Identity_is_findable_by_anyone_by_fuzzy_name_short_name_or_code()
    {
        var (db, dir) = await As(DemoUsers.YichangCm1);
        using (db)
        {
            Assert.That((await dir.FindAsync("华信")).Select(c => c.ShortName), Is.EqualTo(new[] { "华信科技" }));
            Assert.That((await dir.FindAsync("C0002")).Single().DistrictName, Is.EqualTo("西陵区"));
            Assert.That(await dir.FindAsync(" "), Is.Empty);
        }
    }

    [Test]
    public async Task Details_follow_scope_cm_by_relationship_org_roles_by_area()
    {
        var (db1, cm1) = await As(DemoUsers.JiangAnCm1);
        using (db1)
        {
            Assert.That((await cm1.GetAsync(_jiangAnCustomer)).Name, Is.EqualTo("武汉华信科技有限公司"));
            await Assert.ThrowsAsync<OutOfScopeException>(() => cm1.GetAsync(_yichangCustomer));
        }
        var (db2, cm2) = await As(DemoUsers.JiangAnCm2);
        using (db2) await Assert.ThrowsAsync<OutOfScopeException>(() => cm2.GetAsync(_jiangAnCustomer));
        var (db3, dept) = await As(DemoUsers.JiangAnDept);
        using (db3)
        {
            Assert.That((await dept.GetAsync(_jiangAnCustomer)).Id, Is.EqualTo(_jiangAnCustomer));
            await Assert.ThrowsAsync<OutOfScopeException>(() => dept.GetAsync(_yichangCustomer));
        }
        var (db4, centre) = await As(DemoUsers.WuhanCentre);
        using (db4) Assert.That((await centre.InScope().Select(c => c.Id).ToListAsync()), Is.EqualTo(new[] { _jiangAnCustomer }));
    }

    [Test]
    public async Task A_grant_opens_only_the_granted_part()
    {
        var db = _db.Open();
        using (db)
        {
            var user = await Users.AsAsync(db, DemoUsers.WuchangCm1);
            var dir = new CustomerDirectory(db, user, new DataScope(user, db), [new FixedGrant(_jiangAnCustomer, CustomerDetail.Basic)]);
            Assert.That((await dir.GetAsync(_jiangAnCustomer, CustomerDetail.Basic)).Id, Is.EqualTo(_jiangAnCustomer));
            await Assert.ThrowsAsync<OutOfScopeException>(() => dir.GetAsync(_jiangAnCustomer, CustomerDetail.Business));
        }
    }

    private sealed class FixedGrant(int customerId, CustomerDetail detail) : ICustomerAccessGrants
    {
        public Task<CustomerDetail> GrantedAsync(int userId, int customer) => Task.FromResult(customer == customerId ? detail : CustomerDetail.None);
    }
}

/// <summary>F-4.6/F-4.7: development and other work choose among "该部门注册的所有客户" (<see cref="CustomerDirectory.RegisteredInAsync"/>).</summary>
[TestFixtureSource(typeof(TestDatabase), nameof(TestDatabase.Providers))]
public class CustomersRegisteredInADepartmentTests(DatabaseProvider provider)
{
    private TestDatabase _db = null!;
    private readonly Dictionary<string, int> _customers = [];
    private readonly Dictionary<string, int> _units = [];

    [OneTimeSetUp]
    public async Task Create()
    {
        _db = await Migrated.CreateAsync(provider);
        using var db = _db.Open();
        foreach (var name in new[] { "武汉市", "江岸区", "武昌区", "宜昌市", "西陵区" }) _units[name] = db.OrgUnits.Where(u => u.Name == name).Select(u => u.Id).First();
        var cm1 = db.Users.Where(u => u.Login == DemoUsers.JiangAnCm1).Select(u => u.Id).First();
        var line = db.ProductLines.First().Id;
        async Task Customer(string key, string city, string district, bool? relatedToJiangAn = null)
        {
            var id = await db.InsertWithInt32IdentityAsync(new BusinessCustomer
            {
                Code = "R" + key, Name = $"登记测试{key}有限公司", ShortName = key, CityOrgId = _units[city], DistrictOrgId = _units[district], CreatedBy = cm1,
            });
            if (relatedToJiangAn is { } approved)
                await db.InsertAsync(new BusinessRelationship { CustomerId = id, OrgUnitId = _units["江岸区"], ManagerUserId = cm1, ProductLineId = line, Approved = approved });
            _customers[key] = id;
        }
        await Customer("江岸", "武汉市", "江岸区");
        await Customer("武昌登记", "武汉市", "武昌区", relatedToJiangAn: true);    // registered by 江岸区 for a customer of another district of the city (F-3.1)
        await Customer("武昌待批", "武汉市", "武昌区", relatedToJiangAn: false);   // an application not approved: not registered
        await Customer("武昌", "武汉市", "武昌区");
        await Customer("西陵", "宜昌市", "西陵区");
    }

    [OneTimeTearDown] public void Drop() => _db.Dispose();

    private async Task<(PostalDb Db, CustomerDirectory Directory)> As(string login)
    {
        var db = _db.Open();
        var user = await Users.AsAsync(db, login);
        return (db, new CustomerDirectory(db, user, new DataScope(user, db), []));
    }

    private string[] Keys(IEnumerable<int> ids) => [.. _customers.Where(c => ids.Contains(c.Value)).Select(c => c.Key).Order(StringComparer.Ordinal)];

    [Test]
    public async Task F_4_6_registered_in_a_department_means_located_in_its_area_or_named_by_an_approved_relationship_of_one_of_its_units()
    {
        var (db, dir) = await As(DemoUsers.JiangAnCm2);
        using (db)
        {
            var mine = _customers.Values.ToList();
            Assert.That(Keys(await (await dir.RegisteredInAsync(_units["江岸区"])).Where(c => mine.Contains(c.Id)).Select(c => c.Id).ToListAsync()),
                Is.EqualTo(new[] { "武昌登记", "江岸" }.Order(StringComparer.Ordinal)));
            // A city's department: every district of the city; the other city's customer never.
            Assert.That(Keys(await (await dir.RegisteredInAsync(_units["武汉市"])).Where(c => mine.Contains(c.Id)).Select(c => c.Id).ToListAsync()),
                Is.EqualTo(new[] { "武昌", "武昌待批", "武昌登记", "江岸" }.Order(StringComparer.Ordinal)));
            // The fuzzy search among them: the same customers, found by any part of the name.
            Assert.That(Keys((await dir.FindRegisteredInAsync("登记测试", _units["江岸区"])).Select(c => c.Id)), Is.EqualTo(new[] { "武昌登记", "江岸" }.Order(StringComparer.Ordinal)));
            Assert.That(await dir.FindRegisteredInAsync("R西陵", _units["江岸区"]), Is.Empty);
            Assert.That((await dir.FindRegisteredInAsync("R西陵", _units["西陵区"])).Select(c => c.Id), Is.EqualTo(new[] { _customers["西陵"] }));
            Assert.That((await dir.FindAsync("登记测试")).Count, Is.EqualTo(5), "the open identity search still finds all");
            await Assert.ThrowsAsync<OutOfScopeException>(() => dir.RegisteredInAsync(int.MaxValue));
        }
    }
}
