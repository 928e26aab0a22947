using LinqToDB;
using LinqToDB.Mapping;
using PostalCrm.Sdk.Customers;
using PostalCrm.Sdk.Data;
using PostalCrm.Sdk.Lists;
using PostalCrm.Sdk.Security;
using PostalCrm.Testing;

namespace PostalCrm.Sdk.Tests;

/// <summary>
/// SPEC §2: every named scope rule × every demo role × records inside and outside the role's scope, as lists (the filter
/// the database evaluates) and as single records (404 through <see cref="ScopeQueries.SingleInScopeAsync{T}"/>).
/// The expectations are written out by hand from the org tree of the demo province, not computed by the rules.
/// </summary>
[TestFixtureSource(typeof(TestDatabase), nameof(TestDatabase.Providers))]
public class DataScopeMatrixTests(DatabaseProvider provider)
{
    /// <summary>A stand-in for any plugin's scoped record: a unit, an owner, an area it is shared with, a customer.</summary>
    [Table("scope_probe")]
    public sealed class Probe
    {
        [Column("id"), PrimaryKey] public int Id { get; set; }
        [Column("name", Length = 10), NotNull] public string Name { get; set; } = "";
        [Column("org_unit_id")] public int OrgUnitId { get; set; }
        [Column("owner_user_id")] public int OwnerUserId { get; set; }
        [Column("share_area_id")] public int ShareAreaId { get; set; }
    }

    public enum Rule { UnitAndBelow, UnitAndBelowForList, Owned, Records, AreaShared, Customers, CustomersInArea }

    private const string Admin = DemoUsers.Admin, Sheng = DemoUsers.Province, WhCentre = DemoUsers.WuhanCentre, WhEms = DemoUsers.WuhanEms,
        JaDept = DemoUsers.JiangAnDept, JaCm1 = DemoUsers.JiangAnCm1, JaCm2 = DemoUsers.JiangAnCm2, WcCm1 = DemoUsers.WuchangCm1,
        YcCm1 = DemoUsers.YichangCm1;

    // Probes: JA 江岸区大客户部 (owner ja_cm1, shared with 江岸区), WC 武昌区 (wc_cm1, 武昌区), WH 武汉市大客户中心 (wh_center, 武汉市),
    // YC 西陵区大客户部 (yc_cm1, 宜昌市), HB 湖北省大客户中心 (sheng, 湖北省).
    // Customers: cJA 江岸区 (ja_cm1 approved), cWC 武昌区 (wc_cm1 approved), cXL 西陵区 (yc_cm1 approved), cPEND 江岸区 (ja_cm2, not approved).
    private static readonly Dictionary<(Rule, string), string[]> Expected = new()
    {
        [(Rule.UnitAndBelow, Admin)] = ["JA", "WC", "WH", "YC", "HB"],
        [(Rule.UnitAndBelow, Sheng)] = ["JA", "WC", "WH", "YC", "HB"],
        [(Rule.UnitAndBelow, WhCentre)] = ["JA", "WC", "WH"],
        [(Rule.UnitAndBelow, WhEms)] = ["JA", "WC", "WH"],
        [(Rule.UnitAndBelow, JaDept)] = ["JA"],
        [(Rule.UnitAndBelow, JaCm1)] = ["JA"],
        [(Rule.UnitAndBelow, JaCm2)] = ["JA"],
        [(Rule.UnitAndBelow, WcCm1)] = ["WC"],
        [(Rule.UnitAndBelow, YcCm1)] = ["YC"],

        // The list pages' form (SDK 1.5): the same rows; at the root no filter at all.
        [(Rule.UnitAndBelowForList, Admin)] = ["JA", "WC", "WH", "YC", "HB"],
        [(Rule.UnitAndBelowForList, Sheng)] = ["JA", "WC", "WH", "YC", "HB"],
        [(Rule.UnitAndBelowForList, WhCentre)] = ["JA", "WC", "WH"],
        [(Rule.UnitAndBelowForList, WhEms)] = ["JA", "WC", "WH"],
        [(Rule.UnitAndBelowForList, JaDept)] = ["JA"],
        [(Rule.UnitAndBelowForList, JaCm1)] = ["JA"],
        [(Rule.UnitAndBelowForList, JaCm2)] = ["JA"],
        [(Rule.UnitAndBelowForList, WcCm1)] = ["WC"],
        [(Rule.UnitAndBelowForList, YcCm1)] = ["YC"],

        [(Rule.Owned, Admin)] = [],
        [(Rule.Owned, Sheng)] = ["HB"],
        [(Rule.Owned, WhCentre)] = ["WH"],
        [(Rule.Owned, WhEms)] = [],
        [(Rule.Owned, JaDept)] = [],
        [(Rule.Owned, JaCm1)] = ["JA"],
        [(Rule.Owned, JaCm2)] = [],
        [(Rule.Owned, WcCm1)] = ["WC"],
        [(Rule.Owned, YcCm1)] = ["YC"],

        // Org roles: their area and below (and their own); a customer manager: only their own.
        [(Rule.Records, Admin)] = ["JA", "WC", "WH", "YC", "HB"],
        [(Rule.Records, Sheng)] = ["JA", "WC", "WH", "YC", "HB"],
        [(Rule.Records, WhCentre)] = ["JA", "WC", "WH"],
        [(Rule.Records, WhEms)] = ["JA", "WC", "WH"],
        [(Rule.Records, JaDept)] = ["JA"],
        [(Rule.Records, JaCm1)] = ["JA"],
        [(Rule.Records, JaCm2)] = [],
        [(Rule.Records, WcCm1)] = ["WC"],
        [(Rule.Records, YcCm1)] = ["YC"],

        // Shared with an area: that area and below, and the levels above it; never a sibling area.
        [(Rule.AreaShared, Admin)] = ["JA", "WC", "WH", "YC", "HB"],
        [(Rule.AreaShared, Sheng)] = ["JA", "WC", "WH", "YC", "HB"],
        [(Rule.AreaShared, WhCentre)] = ["JA", "WC", "WH", "HB"],
        [(Rule.AreaShared, WhEms)] = ["JA", "WC", "WH", "HB"],
        [(Rule.AreaShared, JaDept)] = ["JA", "WH", "HB"],
        [(Rule.AreaShared, JaCm1)] = ["JA", "WH", "HB"],
        [(Rule.AreaShared, JaCm2)] = ["JA", "WH", "HB"],
        [(Rule.AreaShared, WcCm1)] = ["WC", "WH", "HB"],
        [(Rule.AreaShared, YcCm1)] = ["YC", "HB"],

        // Customer details by role: a CM through an approved relationship, org roles by the customer's district.
        [(Rule.Customers, Admin)] = ["cJA", "cWC", "cXL", "cPEND"],
        [(Rule.Customers, Sheng)] = ["cJA", "cWC", "cXL", "cPEND"],
        [(Rule.Customers, WhCentre)] = ["cJA", "cWC", "cPEND"],
        [(Rule.Customers, WhEms)] = ["cJA", "cWC", "cPEND"],
        [(Rule.Customers, JaDept)] = ["cJA", "cPEND"],
        [(Rule.Customers, JaCm1)] = ["cJA"],
        [(Rule.Customers, JaCm2)] = [],
        [(Rule.Customers, WcCm1)] = ["cWC"],
        [(Rule.Customers, YcCm1)] = ["cXL"],

        // Customers whose district lies in the user's area (SDK 1.5, an equality on the city or district column); no
        // "or own" branch, whatever the role: the caller decides who may use it (资料调取审批: the centres).
        [(Rule.CustomersInArea, Admin)] = ["cJA", "cWC", "cXL", "cPEND"],
        [(Rule.CustomersInArea, Sheng)] = ["cJA", "cWC", "cXL", "cPEND"],
        [(Rule.CustomersInArea, WhCentre)] = ["cJA", "cWC", "cPEND"],
        [(Rule.CustomersInArea, WhEms)] = ["cJA", "cWC", "cPEND"],
        [(Rule.CustomersInArea, JaDept)] = ["cJA", "cPEND"],
        [(Rule.CustomersInArea, JaCm1)] = ["cJA", "cPEND"],
        [(Rule.CustomersInArea, JaCm2)] = ["cJA", "cPEND"],
        [(Rule.CustomersInArea, WcCm1)] = ["cWC"],
        [(Rule.CustomersInArea, YcCm1)] = ["cXL"],
    };

    private static readonly string[] AllProbes = ["JA", "WC", "WH", "YC", "HB"];
    private static readonly string[] AllCustomers = ["cJA", "cWC", "cXL", "cPEND"];

    public static IEnumerable<TestCaseData> Cases() =>
        Expected.Keys.Select(k => new TestCaseData(k.Item1, k.Item2).SetName($"SPEC_2_scope_{k.Item1}_as_{k.Item2}"));

    private TestDatabase _db = null!;
    private Dictionary<string, int> _customers = [];

    [OneTimeSetUp]
    public async Task Create()
    {
        _db = await Migrated.CreateAsync(provider);
        using var db = _db.Open();
        await db.CreateTableAsync<Probe>();
        int Unit(string name) => db.OrgUnits.Where(u => u.Name == name).Select(u => u.Id).First();
        int User(string login) => db.Users.Where(u => u.Login == login).Select(u => u.Id).First();
        var probes = new (string Name, string Unit, string Owner, string Area)[]
        {
            ("JA", "江岸区大客户部", JaCm1, "江岸区"), ("WC", "武昌区", WcCm1, "武昌区"), ("WH", "武汉市大客户中心", WhCentre, "武汉市"),
            ("YC", "西陵区大客户部", YcCm1, "宜昌市"), ("HB", "湖北省大客户中心", Sheng, "湖北省"),
        };
        var id = 1;
        foreach (var p in probes)
            await db.InsertAsync(new Probe { Id = id++, Name = p.Name, OrgUnitId = Unit(p.Unit), OwnerUserId = User(p.Owner), ShareAreaId = Unit(p.Area) });

        var line = db.ProductLines.Select(p => p.Id).First();
        var customers = new (string Name, string City, string District, string Manager, bool Approved)[]
        {
            ("cJA", "武汉市", "江岸区", JaCm1, true), ("cWC", "武汉市", "武昌区", WcCm1, true), ("cXL", "宜昌市", "西陵区", YcCm1, true),
            ("cPEND", "武汉市", "江岸区", JaCm2, false),
        };
        foreach (var c in customers)
        {
            var cid = await db.InsertWithInt32IdentityAsync(new BusinessCustomer
            {
                Code = "SCOPE-" + c.Name, Name = "范围测试" + c.Name, ShortName = c.Name, CityOrgId = Unit(c.City), DistrictOrgId = Unit(c.District),
                CreatedBy = User(c.Manager),
            });
            await db.InsertAsync(new BusinessRelationship
            {
                CustomerId = cid, OrgUnitId = Unit(c.District), ManagerUserId = User(c.Manager), ProductLineId = line, Approved = c.Approved,
            });
            _customers[c.Name] = cid;
        }
    }

    [OneTimeTearDown] public void Drop() => _db.Dispose();

    [TestCaseSource(nameof(Cases))]
    public async Task Rule_lists_and_single_records_follow_the_table(Rule rule, string login)
    {
        using var db = _db.Open();
        var user = await Users.AsAsync(db, login);
        var scope = new DataScope(user, db);
        var expected = Expected[(rule, login)];

        if (rule == Rule.CustomersInArea)
        {
            var byId = _customers.ToDictionary(kv => kv.Value, kv => kv.Key);
            var all = _customers.Values.ToList();
            var inArea = await scope.CustomersInArea(db.BusinessCustomers.Where(c => all.Contains(c.Id))).Select(c => c.Id).ToListAsync();
            Assert.That(inArea.Select(i => byId[i]), Is.EquivalentTo(expected), "list");
            // The same rule as a condition on a record's customer column.
            var records = await scope.RecordsOfCustomersInArea(db.BusinessCustomers.Where(c => all.Contains(c.Id)), c => c.Id).Select(c => c.Id).ToListAsync();
            Assert.That(records.Select(i => byId[i]), Is.EquivalentTo(expected), "records about the customers");
            foreach (var name in AllCustomers)
                await AssertSingle(scope.CustomersInArea(db.BusinessCustomers).Where(c => c.Id == _customers[name]), expected.Contains(name), name);
            return;
        }

        if (rule == Rule.Customers)
        {
            var names = _customers.ToDictionary(kv => kv.Value, kv => kv.Key);
            var ids = _customers.Values.ToList();
            var listed = await scope.Customers(db.BusinessCustomers.Where(c => ids.Contains(c.Id)), c => c.Id).Select(c => c.Id).ToListAsync();
            Assert.That(listed.Select(i => names[i]), Is.EquivalentTo(expected), "list");
            // The same rule written on the customer rows (list pages) and the directory's InScope list the same.
            var rows = await scope.CustomerRows(db.BusinessCustomers.Where(c => ids.Contains(c.Id))).Select(c => c.Id).ToListAsync();
            Assert.That(rows.Select(i => names[i]), Is.EquivalentTo(expected), "list on the rows");
            // The list pages' form of the rule (an equality a (unit, name, id) index serves, issue 8) lists the same.
            var forList = await scope.CustomerRowsForListAsync(db.BusinessCustomers.Where(c => ids.Contains(c.Id)));
            Assert.That((await forList.Rows.Select(c => c.Id).ToListAsync()).Select(i => names[i]), Is.EquivalentTo(expected), "list page rows");
            var directory = new CustomerDirectory(db, user, scope, []);
            Assert.That(await directory.InScope().Where(c => ids.Contains(c.Id)).Select(c => c.Id).ToListAsync(), Is.EquivalentTo(listed), "directory InScope");
            foreach (var name in AllCustomers)
            {
                var single = scope.Customers(db.BusinessCustomers, c => c.Id).Where(c => c.Id == _customers[name]);
                await AssertSingle(single, expected.Contains(name), name);
                // Identity stays findable by anyone, in scope or not (SPEC §2).
                Assert.That((await directory.FindAsync("范围测试" + name)).Select(c => c.Id), Does.Contain(_customers[name]), "identity " + name);
                if (expected.Contains(name)) Assert.That((await directory.GetAsync(_customers[name], CustomerDetail.All)).Id, Is.EqualTo(_customers[name]));
                else await Assert.ThrowsAsync<OutOfScopeException>(() => directory.GetAsync(_customers[name]), "details " + name);
            }
            return;
        }

        IQueryable<Probe> Apply(IQueryable<Probe> q) => rule switch
        {
            Rule.UnitAndBelow => scope.UnitAndBelow(q, p => p.OrgUnitId),
            Rule.UnitAndBelowForList => scope.UnitAndBelowForList(q, p => p.OrgUnitId),
            Rule.Owned => scope.Owned(q, p => p.OwnerUserId),
            Rule.Records => scope.Records(q, p => p.OrgUnitId, p => p.OwnerUserId),
            _ => scope.AreaShared(q, p => p.ShareAreaId),
        };
        var table = db.GetTable<Probe>();
        Assert.That(await Apply(table).Select(p => p.Name).ToListAsync(), Is.EquivalentTo(expected), "list");
        // The list pages' forms (SDK 1.9): the same rows, and their pages — cut unit by unit on PostgreSQL below the root —
        // hold them in order, a page of two at a time, each once.
        var list = rule switch
        {
            Rule.UnitAndBelow => scope.UnitAndBelowList(table, p => p.OrgUnitId),
            Rule.Records => await scope.RecordListAsync(table, p => p.OrgUnitId, p => p.OwnerUserId),
            _ => null,
        };
        if (list is not null)
        {
            Assert.That(await list.Rows.Select(p => p.Name).ToListAsync(), Is.EquivalentTo(expected), "list page rows");
            var paged = new List<string>();
            for (var skip = 0; skip < AllProbes.Length; skip += 2)
                paged.AddRange(await list.Page(q => q.OrderByDescending(p => p.Id), skip, 2).Select(p => p.Name).ToListAsync());
            Assert.That(paged, Is.EqualTo(AllProbes.Where(expected.Contains).Reverse()), "pages, newest (highest id) first");
        }
        if (rule == Rule.UnitAndBelow)
        {
            // The form for a page whose filters leave few rows (SDK 1.19; on PostgreSQL the area's units read first, one array).
            var few = await scope.FewRowsListAsync(table, p => p.OrgUnitId);
            Assert.That(await few.Rows.Select(p => p.Name).ToListAsync(), Is.EquivalentTo(expected), "few-rows list rows");
            Assert.That(await few.Page(q => q.OrderByDescending(p => p.Id), 0, AllProbes.Length).Select(p => p.Name).ToListAsync(),
                Is.EqualTo(AllProbes.Where(expected.Contains).Reverse()), "few-rows page");
        }
        if (rule == Rule.Records)
        {
            // With "owns any" remembered (SDK 1.11): the same rows when read and when remembered.
            var remembered = new BoundedCounts(new MovableClock());
            for (var view = 1; view <= 2; view++)
            {
                var again = await scope.RecordListAsync(table, p => p.OrgUnitId, p => p.OwnerUserId, remembered, "matrix|owns");
                Assert.That(await again.Rows.Select(p => p.Name).ToListAsync(), Is.EquivalentTo(expected), $"list page rows, view {view} with owns-any remembered");
            }
        }
        foreach (var name in AllProbes)
            await AssertSingle(Apply(table).Where(p => p.Name == name), expected.Contains(name), name);
    }

    private static async Task AssertSingle<T>(IQueryable<T> single, bool inScope, string name)
    {
        if (inScope) Assert.That(await single.SingleInScopeAsync(), Is.Not.Null, name);
        else await Assert.ThrowsAsync<OutOfScopeException>(() => single.SingleInScopeAsync(), name + " must answer 404");
    }

    [Test]
    public async Task SPEC_2_list_page_rows_keep_an_org_roles_own_customer_outside_its_area()
    {
        using var db = _db.Open();
        var user = await Users.AsAsync(db, WhCentre);
        var scope = new DataScope(user, db);
        var ids = _customers.Values.ToList();
        var names = _customers.ToDictionary(kv => kv.Value, kv => kv.Key);
        async Task<(bool Indexed, List<string> Names)> ListAsync()
        {
            var rows = await scope.CustomerRowsForListAsync(db.BusinessCustomers.Where(c => ids.Contains(c.Id)));
            return (rows.NameOrderIndexed, [.. (await rows.Rows.Select(c => c.Id).ToListAsync()).Select(i => names[i])]);
        }

        // The same with the check remembered (SDK 1.12): it stays until the next write forgets it.
        var remembered = new BoundedCounts(new MovableClock());
        async Task<bool> RememberedIndexedAsync() => (await scope.CustomerRowsForListAsync(db.BusinessCustomers.Where(c => ids.Contains(c.Id)), remembered)).NameOrderIndexed;

        var before = await ListAsync();
        Assert.That(before.Indexed, Is.True, "a city centre that manages no customer: an equality on the city serves rule and order");
        Assert.That(before.Names, Is.EquivalentTo(new[] { "cJA", "cWC", "cPEND" }));
        Assert.That(await RememberedIndexedAsync(), Is.True);

        // The centre becomes the manager of a 宜昌 customer: it sees it too, so the list falls back to the full rule.
        var relationship = await db.InsertWithInt32IdentityAsync(new BusinessRelationship
        {
            CustomerId = _customers["cXL"], OrgUnitId = user.Area.Id, ManagerUserId = user.Id,
            ProductLineId = db.ProductLines.Select(p => p.Id).First(), Approved = true,
        });
        try
        {
            var after = await ListAsync();
            Assert.That(after.Indexed, Is.False);
            Assert.That(after.Names, Is.EquivalentTo(new[] { "cJA", "cWC", "cPEND", "cXL" }));
            Assert.That(await RememberedIndexedAsync(), Is.True, "remembered: a write by SQL shows after the next write through the portal");
            remembered.Forget();
            Assert.That(await RememberedIndexedAsync(), Is.False, "after a write the check is read again");
        }
        finally
        {
            await db.BusinessRelationships.Where(r => r.Id == relationship).DeleteAsync();
        }
    }

    [Test]
    public async Task CoversUnit_is_the_unit_and_below_rule_for_a_single_unit()
    {
        using var db = _db.Open();
        var scope = new DataScope(await Users.AsAsync(db, WhCentre), db);
        int Unit(string name) => db.OrgUnits.Where(u => u.Name == name).Select(u => u.Id).First();
        Assert.That(await scope.CoversUnitAsync(Unit("江岸区大客户部")), Is.True);
        Assert.That(await scope.CoversUnitAsync(Unit("武汉市")), Is.True);
        Assert.That(await scope.CoversUnitAsync(Unit("宜昌市")), Is.False);
        Assert.That(await scope.CoversUnitAsync(Unit("湖北省")), Is.False);
        await Assert.ThrowsAsync<OutOfScopeException>(() => scope.EnsureUnitAsync(Unit("西陵区")));
    }
}
