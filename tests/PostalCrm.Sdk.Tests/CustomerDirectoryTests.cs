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
