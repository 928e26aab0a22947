using PostalCrm.Sdk.Data;
using PostalCrm.Sdk.Security;
using PostalCrm.Testing;

namespace PostalCrm.Host.Tests;

/// <summary>
/// Permissions nothing running declares are retired: kept in the catalogue (audit) with their grants, hidden from
/// 角色权限 and not effective; declared again, they come back with their grants.
/// </summary>
[TestFixtureSource(typeof(TestDatabase), nameof(TestDatabase.Providers))]
public class PermissionRetirementTests(DatabaseProvider provider)
{
    private const string LeadsUpload = "sharing.leads.upload";

    /// <summary>A host on the database of <paramref name="first"/> with only the given plugins.</summary>
    private PostalCrmFactory Restart(PostalCrmFactory first, params string[] plugins) =>
        new(provider, enabledPlugins: plugins, settings: new Dictionary<string, string?>
        {
            ["Database:ConnectionString"] = first.Database.Settings.ConnectionString,
            ["DataFolder"] = first.Database.Folder,
        });

    private static async Task<bool> RetiredAsync(PostalCrmFactory app, string name)
    {
        using var db = app.Database.Open();
        return await db.PermissionCatalog.Where(p => p.Name == name).Select(p => p.Retired).FirstAsync();
    }

    [Test]
    public async Task Permissions_of_a_plugin_no_longer_loaded_are_retired_hidden_and_restored_with_their_grants()
    {
        using var first = new PostalCrmFactory(provider);
        using (var s = await first.LoginAsync(DemoUsers.Admin))
            Assert.That(await s.GetHtmlAsync("/admin/roles/city_centre"), Does.Contain(LeadsUpload));
        Assert.That(await RetiredAsync(first, LeadsUpload), Is.False);

        using (var without = Restart(first, "registration"))
        {
            using var s = await without.LoginAsync(DemoUsers.Admin);
            Assert.That(await RetiredAsync(first, LeadsUpload), Is.True, "kept in the catalogue, marked retired");
            Assert.That(await s.GetHtmlAsync("/admin/roles/city_centre"), Does.Not.Contain(LeadsUpload), "hidden from 角色权限");

            // Saving the role page (which no longer shows it) must not drop the retired grant.
            var page = await s.GetHtmlAsync("/admin/roles/city_centre");
            var shown = System.Text.RegularExpressions.Regex.Matches(page, "name=\"permissions\" value=\"([^\"]+)\" id=\"[^\"]+\" checked=\"checked\"")
                .Select(m => new KeyValuePair<string, string>("permissions", m.Groups[1].Value)).ToList();
            Assert.That(shown, Is.Not.Empty);
            var saved = await s.PostFormAsync("/admin/roles/city_centre", shown, tokenFrom: "/admin/roles/city_centre");
            Assert.That((int)saved.StatusCode, Is.EqualTo(302));
            using var db = first.Database.Open();
            Assert.That(await db.RoleGrants.AnyAsync(g => g.RoleCode == RoleCodes.CityCentre && g.Permission == LeadsUpload), Is.True, "grant kept");
        }

        using var again = Restart(first, "registration", "sharing");
        using (var s = await again.LoginAsync(DemoUsers.WuhanCentre))
        {
            Assert.That(await RetiredAsync(first, LeadsUpload), Is.False, "declared again");
            Assert.That((await s.GetAsync("/sharing/leads/upload")).StatusCode, Is.EqualTo(System.Net.HttpStatusCode.OK), "the kept grant works again");
        }
        using (var s = await again.LoginAsync(DemoUsers.Admin))
            Assert.That(await s.GetHtmlAsync("/admin/roles/city_centre"), Does.Contain(LeadsUpload));
    }
}
