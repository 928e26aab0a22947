using System.Net;
using PostalCrm.Sdk.Data;
using PostalCrm.Testing;

namespace PostalCrm.Plugins.Registration.Tests;

[TestFixtureSource(typeof(TestDatabase), nameof(TestDatabase.Providers))]
public class PluginLoadTests(DatabaseProvider provider)
{
    private PostalCrmFactory _app = null!;

    [OneTimeSetUp] public void Start() => _app = new PostalCrmFactory(provider);
    [OneTimeTearDown] public void Stop() => _app.Dispose();

    [Test]
    public async Task The_plugin_loads_migrates_and_offers_its_menu_by_role()
    {
        using var s = await _app.LoginAsync(DemoUsers.Admin); // plugin details on /healthz are for administrators
        Assert.That(await s.Client.GetStringAsync("/healthz"), Does.Contain($"\"id\":\"registration\",\"version\":\"{RepoPaths.PluginVersion("registration")}\",\"status\":\"loaded\""));
        using var cm = await _app.LoginAsync(DemoUsers.JiangAnCm1);
        var cmMenu = await cm.GetHtmlAsync("/");
        Assert.That(cmMenu, Does.Contain("客户注册申报").And.Contain("客户注册维护").And.Not.Contain("客户注册审批"));
        using var centre = await _app.LoginAsync(DemoUsers.WuhanCentre);
        var centreMenu = await centre.GetHtmlAsync("/");
        Assert.That(centreMenu, Does.Contain("客户注册审批").And.Contain("客户资料调取审批").And.Not.Contain("客户注册申报"));
        Assert.That(System.Text.RegularExpressions.Regex.Count(centreMenu, "客户注册审批"), Is.EqualTo(1), "offered once");
        using var db = _app.Database.Open();
        Assert.That(await db.GetTable<PostalCrm.Plugins.Registration.Data.RegistrationApplication>().CountAsync(), Is.GreaterThan(0),
            "its table was migrated, and its demo data hook filled it");
        Assert.That((await cm.GetAsync("/registration/nothing-here")).StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
    }
}

[TestFixtureSource(typeof(TestDatabase), nameof(TestDatabase.Providers))]
public class ReviewIndexAccessTests(DatabaseProvider provider)
{
    private PostalCrmFactory _app = null!;

    [OneTimeSetUp] public void Start() => _app = new PostalCrmFactory(provider);
    [OneTimeTearDown] public void Stop() => _app.Dispose();

    [Test]
    public async Task F_3_3_the_review_screen_opens_for_any_reviewer_and_for_nobody_else()
    {
        foreach (var reviewer in new[] { DemoUsers.JiangAnDept, DemoUsers.WuhanEms, DemoUsers.WuhanCentre, DemoUsers.Province })
        {
            using var s = await _app.LoginAsync(reviewer);
            Assert.That((await s.GetAsync("/registration/review")).StatusCode, Is.EqualTo(HttpStatusCode.OK), reviewer);
        }
        using var cm = await _app.LoginAsync(DemoUsers.JiangAnCm1);
        Assert.That((await cm.GetAsync("/registration/review")).StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        Assert.That((await cm.GetAsync("/registration/review/customers?keyword=华")).StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
    }
}
