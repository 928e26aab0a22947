using System.Net;
using System.Text.Json.Nodes;
using LinqToDB.Data;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using PostalCrm.Host.Data;
using PostalCrm.Host.Plugins;
using PostalCrm.Sdk.Data;
using PostalCrm.Sdk.Numbering;
using PostalCrm.Sdk.Security;
using PostalCrm.Testing;

namespace PostalCrm.Host.Tests;

/// <summary>
/// The demo data hooks (Seed:Demo on an empty database): order, run-once, and coherence of what they write — on the
/// real host with the published plugins, on both databases.
/// </summary>
[TestFixtureSource(typeof(TestDatabase), nameof(TestDatabase.Providers))]
public class DemoDataTests(DatabaseProvider provider)
{
    private PostalCrmFactory _app = null!;

    [OneTimeSetUp]
    public void Start()
    {
        _app = new PostalCrmFactory(provider);
        _ = _app.Services;
    }

    [OneTimeTearDown] public void Stop() => _app.Dispose();

    private DatabaseInitialiser Initialiser(PostalCrmFactory app) => app.Services.GetServices<IHostedService>().OfType<DatabaseInitialiser>().Single();

    private long Count(string table)
    {
        using var db = _app.Database.Open();
        return db.Execute<long>($"SELECT COUNT(*) FROM {table}");
    }

    [Test]
    public void Seeding_time_is_reported()
    {
        var report = Initialiser(_app).DemoReport;
        Assert.That(report, Is.Not.Null, "the demo hooks ran on the fresh database");
        TestContext.Progress.WriteLine($"demo data on {provider}: {report}");
        Assert.That(report!.Steps.Where(s => s.Error is not null), Is.Empty, report.ToString());
    }

    [Test]
    public void The_host_part_runs_first_then_the_plugins_hooks()
    {
        var owners = Initialiser(_app).DemoReport!.Steps.Select(s => s.Owner).ToList();
        // Every published plugin brings demo data; they follow the host's part in the catalogue's dependency order.
        var plugins = _app.Services.GetRequiredService<PluginCatalog>().InDependencyOrder().Select(p => p.Id).ToList();
        Assert.That(plugins, Does.Contain("registration").And.Contain("sharing"));
        Assert.That(owners, Is.EqualTo(new[] { "host" }.Concat(plugins)));
    }

    [Test]
    public async Task A_plugins_hook_runs_after_the_hooks_of_the_plugins_it_depends_on()
    {
        // registration made to depend on sharing: sharing's demo data must now come first.
        var folder = CopyPlugins("registration", json => json["dependsOn"] = new JsonObject { ["sharing"] = "[1.0,2.0)" });
        try
        {
            using var app = new PostalCrmFactory(provider, pluginFolder: folder);
            _ = app.Services;
            var report = Initialiser(app).DemoReport!;
            var owners = report.Steps.Select(s => s.Owner).ToList();
            Assert.That(owners[0], Is.EqualTo("host"), report.ToString());
            Assert.That(owners.IndexOf("sharing"), Is.GreaterThan(0).And.LessThan(owners.IndexOf("registration")), report.ToString());
            Assert.That(report.Steps.Where(s => s.Error is not null), Is.Empty, report.ToString());
            using var s = await app.LoginAsync(DemoUsers.JiangAnCm1);
            Assert.That((await s.GetAsync("/registration/customers")).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        }
        finally { Directory.Delete(folder, true); }
    }

    [Test]
    public async Task A_second_start_adds_nothing()
    {
        string[] tables =
        [
            "business_customers", "key_accounts", "business_relationships", "contacts", "stored_files", "users",
            "registration_applications", "registration_reviews", "registration_access_requests", "sharing_sme_leads",
            "sharing_marketing_cases", "sharing_file_transfers", "sharing_manuals",
        ];
        var before = tables.ToDictionary(t => t, Count);
        long NextSerials()
        {
            using var db = _app.Database.Open();
            return db.NumberRanges.Sum(r => r.NextSerial);
        }
        var serials = NextSerials();

        // The whole start-up path again on the same, already seeded database.
        await Initialiser(_app).StartAsync(CancellationToken.None);

        Assert.That(tables.ToDictionary(t => t, Count), Is.EqualTo(before));
        Assert.That(NextSerials(), Is.EqualTo(serials));
        Assert.That(before["business_customers"], Is.GreaterThan(200), "the first start did seed the demo");
    }

    [Test]
    public async Task Every_relationships_manager_is_a_customer_manager_of_its_unit()
    {
        using var db = _app.Database.Open();
        var rels = await db.BusinessRelationships.ToListAsync();
        var users = (await db.Users.ToListAsync()).ToDictionary(u => u.Id);
        var managers = (await db.UserRoles.Where(r => r.RoleCode == RoleCodes.CustomerManager).Select(r => r.UserId).ToListAsync()).ToHashSet();
        Assert.That(rels, Has.Count.GreaterThan(250));
        Assert.That(rels.Where(b => !managers.Contains(b.ManagerUserId) || users[b.ManagerUserId].OrgUnitId != b.OrgUnitId), Is.Empty);

        // Each customer manager has dozens of own customers.
        foreach (var login in new[] { DemoUsers.JiangAnCm1, DemoUsers.JiangAnCm2, DemoUsers.WuchangCm1, DemoUsers.YichangCm1 })
        {
            var id = users.Values.Single(u => u.Login == login).Id;
            Assert.That(rels.Where(b => b.ManagerUserId == id).Select(b => b.CustomerId).Distinct().Count(), Is.GreaterThanOrEqualTo(24), login);
        }
    }

    [Test]
    public async Task Every_key_account_number_lies_in_its_units_range_below_the_next_number()
    {
        using var db = _app.Database.Open();
        var allocator = new NumberAllocator(db);
        var accounts = await db.KeyAccounts.ToListAsync();
        Assert.That(accounts.Where(k => k.Number is null), Is.Empty);
        Assert.That(accounts.Select(k => k.Number).Distinct().Count(), Is.EqualTo(accounts.Count), "numbers are unique");
        foreach (var group in accounts.GroupBy(k => k.OrgUnitId))
        {
            var range = await allocator.RangeForAsync(group.Key);
            Assert.That(range, Is.Not.Null);
            foreach (var k in group)
            {
                Assert.That(k.Number, Does.StartWith(range!.UnitCode), k.Name);
                var serial = long.Parse(k.Number![range.UnitCode.Length..], System.Globalization.CultureInfo.InvariantCulture);
                Assert.That(serial, Is.InRange(range.StartSerial, range.EndSerial), k.Number);
                Assert.That(serial, Is.LessThan(range.NextSerial), $"{k.Number}: the range's next number must be beyond it");
            }
        }
        // Developed customers each have a numbered key account; imported ones are master data only.
        var developed = await db.BusinessCustomers.Where(c => c.Developed).Select(c => c.Id).ToListAsync();
        Assert.That(developed.Except(accounts.Select(k => k.CustomerId)), Is.Empty);
        Assert.That(await db.BusinessCustomers.AnyAsync(c => !c.Developed), Is.True);
    }

    [Test]
    public void Applications_exist_at_every_stage()
    {
        using var db = _app.Database.Open();
        // status: 0 待预审, 1 预审通过, 2 初审通过, 3 开发成功, 4 rejected (stage 1 预审, 2 初审, 3 终审 = 开发失败)
        var rows = db.Query<AppRow>("SELECT status AS Status, rejected_stage AS Stage, round AS Round FROM registration_applications").ToList();
        Assert.Multiple(() =>
        {
            Assert.That(rows.Count(r => r.Status == 0 && r.Round == 1), Is.GreaterThan(0), "待预审");
            Assert.That(rows.Count(r => r.Status == 1), Is.GreaterThan(0), "预审通过");
            Assert.That(rows.Count(r => r.Status == 2), Is.GreaterThan(0), "初审通过");
            Assert.That(rows.Count(r => r.Status == 3), Is.GreaterThan(0), "开发成功");
            Assert.That(rows.Count(r => r.Status == 4 && r.Stage == 3), Is.GreaterThan(0), "开发失败");
            Assert.That(rows.Count(r => r.Status == 4 && r.Stage is 1 or 2), Is.GreaterThan(0), "驳回, awaiting 重新申请");
            Assert.That(rows.Count(r => r.Status == 0 && r.Round > 1), Is.GreaterThan(0), "重新申请 (round 2)");
        });
        var access = db.Query<int>("SELECT status FROM registration_access_requests").ToList();
        Assert.That(access.Distinct().Order(), Is.EqualTo(new[] { 0, 1, 2 }), "access requests pending, approved and rejected");

        // 开发成功 results name the customer's numbered key account.
        var broken = db.Execute<long>(
            "SELECT COUNT(*) FROM registration_applications a LEFT JOIN key_accounts k ON k.id = a.result_key_account_id " +
            "WHERE a.status = 3 AND (k.id IS NULL OR k.number <> a.key_account_no OR k.customer_id <> a.result_customer_id)");
        Assert.That(broken, Is.Zero);
    }

    [Test]
    public async Task Every_page_shows_content_and_demo_files_download()
    {
        using var cm = await _app.LoginAsync(DemoUsers.JiangAnCm1);
        foreach (var url in new[] { "/sharing/leads", "/sharing/cases", "/sharing/transfers", "/sharing/manuals", "/registration/customers" })
            Assert.That((await cm.GetAsync(url)).StatusCode, Is.EqualTo(HttpStatusCode.OK), url);

        int leadId;
        long size;
        using (var db = _app.Database.Open())
        {
            var wuhan = await db.OrgUnits.Where(u => u.Code == "420100").Select(u => u.Id).FirstAsync();
            var lead = db.Query<LeadRow>(
                "SELECT l.id AS Id, f.size AS Size FROM sharing_sme_leads l JOIN stored_files f ON f.id = l.file_id WHERE l.share_area_id = @a ORDER BY l.id",
                new DataParameter("a", wuhan)).First();
            (leadId, size) = (lead.Id, lead.Size);
        }
        var res = await cm.GetAsync($"/sharing/leads/{leadId}/download");
        Assert.That(res.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var bytes = await res.Content.ReadAsByteArrayAsync();
        Assert.That(bytes, Has.Length.EqualTo(size));
        Assert.That(bytes[..2], Is.EqualTo("PK"u8.ToArray()), "a .docx (zip)");

        using var yc = await _app.LoginAsync(DemoUsers.YichangCentre);
        Assert.That(await yc.GetHtmlAsync("/"), Does.Contain("宜昌中心孙丽"));
    }

    [Test]
    public async Task The_same_rows_on_every_run()
    {
        static async Task<List<string>> Names(PostalCrmFactory app)
        {
            using var db = app.Database.Open();
            return await db.BusinessCustomers.OrderBy(c => c.Id).Select(c => c.Name + "|" + c.Code).ToListAsync();
        }
        using var again = new PostalCrmFactory(provider);
        _ = again.Services;
        Assert.That(await Names(again), Is.EqualTo(await Names(_app)));
    }

    [Test]
    public async Task Minimal_demo_seeds_only_the_org_tree_and_users()
    {
        using var app = new PostalCrmFactory(provider, settings: new Dictionary<string, string?> { ["Seed:DemoData"] = "minimal" });
        _ = app.Services;
        Assert.That(Initialiser(app).DemoReport, Is.Null);
        using var db = app.Database.Open();
        Assert.That(await db.BusinessCustomers.CountAsync(), Is.Zero);
        Assert.That(await db.Users.AnyAsync(u => u.Login == DemoUsers.YichangCentre), Is.True);
        Assert.That(db.Execute<long>("SELECT COUNT(*) FROM registration_applications"), Is.Zero);
    }

    private sealed class AppRow
    {
        public int Status { get; set; }
        public int? Stage { get; set; }
        public int Round { get; set; }
    }

    private sealed class LeadRow
    {
        public int Id { get; set; }
        public long Size { get; set; }
    }

    /// <summary>A copy of the published plugins with one plugin's descriptor changed.</summary>
    private static string CopyPlugins(string plugin, Action<JsonObject> change)
    {
        RepoPaths.RequirePublishedPlugins();
        var target = Path.Combine(Path.GetTempPath(), "postalcrm-plugins-" + Guid.NewGuid().ToString("N"));
        foreach (var file in Directory.GetFiles(RepoPaths.Plugins, "*", SearchOption.AllDirectories))
        {
            var dest = Path.Combine(target, Path.GetRelativePath(RepoPaths.Plugins, file));
            Directory.CreateDirectory(Path.GetDirectoryName(dest)!);
            File.Copy(file, dest);
        }
        var descriptor = Path.Combine(target, plugin, "plugin.json");
        var json = JsonNode.Parse(File.ReadAllText(descriptor))!.AsObject();
        change(json);
        File.WriteAllText(descriptor, json.ToJsonString());
        return target;
    }
}
