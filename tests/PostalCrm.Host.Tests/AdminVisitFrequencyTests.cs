using System.Globalization;
using System.Net;
using PostalCrm.Host.Security;
using PostalCrm.Sdk.Data;
using PostalCrm.Sdk.Organisation;
using PostalCrm.Sdk.Security;
using PostalCrm.Testing;
using static PostalCrm.Host.Tests.AdminTestHelpers;

namespace PostalCrm.Host.Tests;

/// <summary>维护频次: key-account departments and city centres set visits per month for the customers of their area.</summary>
[TestFixtureSource(typeof(TestDatabase), nameof(TestDatabase.Providers))]
public class AdminVisitFrequencyTests(DatabaseProvider provider)
{
    private PostalCrmFactory _app = null!;
    private int _jiangan1, _jiangan2, _wuchang, _yichang;

    [OneTimeSetUp]
    public async Task Start()
    {
        _app = new PostalCrmFactory(provider);
        using var warm = _app.Session();
        await warm.GetAsync("/Account/Login");
        _jiangan1 = await _app.InsertCustomerAsync("VF-JA-01", "武汉江岸某某贸易有限公司", "420102");
        _jiangan2 = await _app.InsertCustomerAsync("VF-JA-02", "江岸测试物流公司", "420102");
        _wuchang = await _app.InsertCustomerAsync("VF-WC-01", "武昌测试科技公司", "420106");
        _yichang = await _app.InsertCustomerAsync("VF-YC-01", "宜昌测试电力公司", "420502");
    }

    [OneTimeTearDown] public void Stop() => _app.Dispose();

    private static string S(int v) => v.ToString(CultureInfo.InvariantCulture);

    private static List<KeyValuePair<string, string>> Items(params (int Customer, string Visits)[] items) =>
        [.. items.SelectMany((x, i) => new[]
        {
            new KeyValuePair<string, string>($"items[{i}].CustomerId", S(x.Customer)),
            new KeyValuePair<string, string>($"items[{i}].Visits", x.Visits),
        })];

    [Test]
    public async Task A_department_whose_area_has_no_customers_sees_the_empty_state()
    {
        // A new district (汉南区) without customers, with a department user, straight in the database.
        using (var db = _app.Db())
        {
            var wuhan = await db.OrgUnits.FirstAsync(u => u.Code == "420100");
            var area = await db.InsertWithInt32IdentityAsync(new OrgUnit
                { Code = "420113", Name = "汉南区", ParentId = wuhan.Id, Level = OrgLevel.District, Kind = OrgUnitKind.Area, Path = "" });
            await db.OrgUnits.Where(u => u.Id == area).Set(u => u.Path, $"{wuhan.Path}{area}/").UpdateAsync();
            var dept = await db.InsertWithInt32IdentityAsync(new OrgUnit
                { Code = "420113KA", Name = "汉南区大客户部", ParentId = area, Level = OrgLevel.District, Kind = OrgUnitKind.KeyAccountDept, Path = "" });
            await db.OrgUnits.Where(u => u.Id == dept).Set(u => u.Path, $"{wuhan.Path}{area}/{dept}/").UpdateAsync();
            var user = await db.InsertWithInt32IdentityAsync(new UserAccount
                { Login = "hn_dept", DisplayName = "汉南大客户部", OrgUnitId = dept, PasswordHash = LoginService.Hash(DemoUsers.Password) });
            await db.InsertAsync(new UserRole { UserId = user, RoleCode = RoleCodes.DistrictDept });
        }
        using var s = await _app.LoginAsync("hn_dept");
        var html = await s.GetHtmlAsync("/admin/visit-frequencies");
        Assert.That(html, Does.Contain("id=\"empty-state\"").And.Contains("本辖区暂无商务客户"));
        Assert.That(html, Does.Not.Contain("VF-JA-01"));
    }

    [Test]
    public async Task A_district_department_lists_only_its_districts_customers_and_sets_their_frequency()
    {
        using var dept = await _app.LoginAsync(DemoUsers.JiangAnDept);
        // The test's own customers (the demo's fill pages before them, ordered by code).
        var html = await dept.GetHtmlAsync("/admin/visit-frequencies?q=VF-");
        Assert.That(html, Does.Contain("VF-JA-01").And.Contains("VF-JA-02").And.Contains("武汉江岸某某贸易有限公司"));
        Assert.That(html, Does.Not.Contain("VF-WC-01").And.Not.Contain("VF-YC-01"));
        Assert.That(html, Does.Not.Contain("empty-state"));

        AssertRedirect(await dept.PostFormAsync("/admin/visit-frequencies", Items((_jiangan1, "4"), (_jiangan2, ""))), "/admin/visit-frequencies");
        var jaDept = await _app.UnitIdAsync("420102KA");
        using (var db = _app.Db())
        {
            var f = await db.VisitFrequencies.SingleAsync(v => v.CustomerId == _jiangan1);
            Assert.That((f.OrgUnitId, f.VisitsPerMonth, f.UpdatedBy), Is.EqualTo((jaDept, 4, await _app.UserIdAsync(DemoUsers.JiangAnDept))));
            Assert.That(await db.VisitFrequencies.AnyAsync(v => v.CustomerId == _jiangan2), Is.False, "blank sets nothing");
            var audit = await db.AuditEntries.SingleAsync(a => a.Entity == "visit_frequency" && a.EntityId == S(f.Id));
            Assert.That((audit.Action, audit.BeforeJson, audit.UserLogin), Is.EqualTo(("create", (string?)null, DemoUsers.JiangAnDept)));
            Assert.That(audit.AfterJson, Does.Contain("\"VisitsPerMonth\":4"));
        }
        Assert.That(await dept.GetHtmlAsync("/admin/visit-frequencies?q=VF-JA-01"), Does.Contain("name=\"items[0].Visits\" value=\"4\""));

        // Change, then clear: an update and a delete, each audited before → after.
        AssertRedirect(await dept.PostFormAsync("/admin/visit-frequencies", Items((_jiangan1, "6"))), "/admin/visit-frequencies");
        using (var db = _app.Db())
        {
            Assert.That(await db.VisitFrequencies.Where(v => v.CustomerId == _jiangan1).Select(v => v.VisitsPerMonth).SingleAsync(), Is.EqualTo(6));
            var update = await db.AuditEntries.SingleAsync(a => a.Entity == "visit_frequency" && a.Action == "update");
            Assert.That(update.BeforeJson, Does.Contain("\"VisitsPerMonth\":4"));
            Assert.That(update.AfterJson, Does.Contain("\"VisitsPerMonth\":6"));
        }
        await dept.GetAsync("/admin/visit-frequencies");
        AssertRedirect(await dept.PostFormAsync("/admin/visit-frequencies", Items((_jiangan1, " "))), "/admin/visit-frequencies");
        using (var db = _app.Db())
        {
            Assert.That(await db.VisitFrequencies.AnyAsync(v => v.CustomerId == _jiangan1 && v.OrgUnitId == jaDept), Is.False);
            Assert.That(await db.AuditEntries.CountAsync(a => a.Entity == "visit_frequency" && a.Action == "delete"), Is.EqualTo(1));
        }
    }

    [Test]
    public async Task A_district_department_cannot_set_a_frequency_for_a_customer_of_another_city()
    {
        using var dept = await _app.LoginAsync(DemoUsers.JiangAnDept);
        await dept.GetAsync("/admin/visit-frequencies");
        var before = await _app.AuditCountAsync();

        var res = await dept.PostFormAsync("/admin/visit-frequencies", Items((_yichang, "3")));
        Assert.That(res.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        // Mixed with an in-scope customer: still refused as a whole.
        var mixed = await dept.PostFormAsync("/admin/visit-frequencies", Items((_jiangan2, "2"), (_wuchang, "3")));
        Assert.That(mixed.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));

        var jaDept = await _app.UnitIdAsync("420102KA");
        using var db = _app.Db();
        Assert.That(await db.VisitFrequencies.AnyAsync(v => v.CustomerId == _yichang), Is.False);
        Assert.That(await db.VisitFrequencies.AnyAsync(v => v.OrgUnitId == jaDept && (v.CustomerId == _wuchang || v.CustomerId == _jiangan2)), Is.False);
        Assert.That(await _app.AuditCountAsync(), Is.EqualTo(before));
    }

    [Test]
    public async Task Values_outside_0_to_31_are_refused_and_nothing_is_saved()
    {
        using var dept = await _app.LoginAsync(DemoUsers.JiangAnDept);
        await dept.GetAsync("/admin/visit-frequencies");
        foreach (var bad in new[] { "32", "-1", "abc", "2.5" })
        {
            var res = await dept.PostFormAsync("/admin/visit-frequencies", Items((_jiangan2, "3"), (_jiangan1, bad)));
            var html = await res.BodyAsync();
            Assert.That(res.StatusCode, Is.EqualTo(HttpStatusCode.OK), bad);
            Assert.That(Errors(html), Does.Contain("的维护频次必须是 0–31 之间的整数"), bad);
        }
        using var db = _app.Db();
        Assert.That(await db.VisitFrequencies.AnyAsync(v => v.CustomerId == _jiangan2), Is.False);
    }

    [Test]
    public async Task A_city_centre_sees_every_district_of_its_city_and_keeps_its_own_setting()
    {
        using var centre = await _app.LoginAsync(DemoUsers.WuhanCentre);
        var html = await centre.GetHtmlAsync("/admin/visit-frequencies?q=VF-");
        Assert.That(html, Does.Contain("VF-JA-01").And.Contains("VF-WC-01"));
        Assert.That(html, Does.Not.Contain("VF-YC-01"));

        var filtered = await centre.GetHtmlAsync("/admin/visit-frequencies?q=" + Uri.EscapeDataString("武昌测试"));
        Assert.That(filtered, Does.Contain("VF-WC-01").And.Not.Contain("VF-JA-01"));

        AssertRedirect(await centre.PostFormAsync("/admin/visit-frequencies", Items((_wuchang, "0"))), "/admin/visit-frequencies");
        var whCentre = await _app.UnitIdAsync("420100KA");
        using var db = _app.Db();
        var f = await db.VisitFrequencies.SingleAsync(v => v.CustomerId == _wuchang);
        Assert.That((f.OrgUnitId, f.VisitsPerMonth), Is.EqualTo((whCentre, 0)));

        // 宜昌's customer is out of the 武汉 centre's scope too.
        var res = await centre.PostFormAsync("/admin/visit-frequencies", Items((_yichang, "1")));
        Assert.That(res.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
    }
}
