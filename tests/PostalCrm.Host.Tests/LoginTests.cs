using LinqToDB;
using Microsoft.Extensions.DependencyInjection;
using System.Net;
using PostalCrm.Sdk.Data;
using PostalCrm.Testing;

namespace PostalCrm.Host.Tests;

[TestFixtureSource(typeof(TestDatabase), nameof(TestDatabase.Providers))]
public class LoginTests(DatabaseProvider provider)
{
    private PostalCrmFactory _app = null!;

    [OneTimeSetUp] public void Start() => _app = new PostalCrmFactory(provider);
    [OneTimeTearDown] public void Stop() => _app.Dispose();

    [Test]
    public async Task F_1_1_a_demo_user_logs_in_and_sees_the_portal()
    {
        using var s = await _app.LoginAsync(DemoUsers.JiangAnCm1);
        var html = await s.GetHtmlAsync("/");
        Assert.That(html, Does.Contain("江岸客户经理陈静"));
        Assert.That(html, Does.Contain("退出"));
    }

    [Test]
    public async Task F_1_1_wrong_password_is_refused_with_a_chinese_message()
    {
        using var s = _app.Session();
        var res = await s.LoginAsync(DemoUsers.JiangAnCm2, "wrong");
        Assert.That(res.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(await res.Content.ReadAsStringAsync(), Does.Contain("用户名或密码错误"));
    }

    [Test]
    public async Task F_1_1_five_failures_lock_the_account_even_for_the_right_password()
    {
        using var s = _app.Session();
        for (var i = 0; i < 5; i++) await s.LoginAsync(DemoUsers.YichangCm1, "wrong" + i);
        var res = await s.LoginAsync(DemoUsers.YichangCm1, DemoUsers.Password);
        Assert.That(await res.Content.ReadAsStringAsync(), Does.Contain("锁定"));
        Assert.That(res.Headers.Location, Is.Null);
    }

    [Test]
    public async Task F_1_1_a_reset_password_must_be_changed_before_anything_else()
    {
        using (var db = _app.Database.Open())
            await db.Users.Where(u => u.Login == DemoUsers.WuhanEms).Set(u => u.MustChangePassword, true).UpdateAsync();
        using var s = _app.Session();
        var login = await s.LoginAsync(DemoUsers.WuhanEms, DemoUsers.Password);
        Assert.That(login.Headers.Location!.ToString(), Does.Contain("/Account/ChangePassword"));
        var home = await s.GetAsync("/");
        Assert.That(home.Headers.Location!.ToString(), Does.Contain("/Account/ChangePassword"));

        var changed = await s.PostFormAsync("/Account/ChangePassword",
            new { OldPassword = DemoUsers.Password, NewPassword = "Wuhan#Ems2027", ConfirmPassword = "Wuhan#Ems2027" }, tokenFrom: "/Account/ChangePassword");
        Assert.That(changed.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        Assert.That((await s.GetAsync("/")).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        using (var db = _app.Database.Open())
            Assert.That(await db.Users.Where(u => u.Login == DemoUsers.WuhanEms).Select(u => u.MustChangePassword).FirstAsync(), Is.False);
    }

    [Test]
    public async Task F_1_2_a_weak_or_mismatched_new_password_is_refused_on_the_page()
    {
        using var s = await _app.LoginAsync(DemoUsers.Province);
        var res = await s.PostFormAsync("/Account/ChangePassword",
            new { OldPassword = DemoUsers.Password, NewPassword = "short", ConfirmPassword = "short" }, tokenFrom: "/Account/ChangePassword");
        Assert.That(await res.Content.ReadAsStringAsync(), Does.Contain("新密码至少 8 位"));
        res = await s.PostFormAsync("/Account/ChangePassword",
            new { OldPassword = DemoUsers.Password, NewPassword = "Abcdef#123", ConfirmPassword = "Abcdef#124" }, tokenFrom: "/Account/ChangePassword");
        Assert.That(await res.Content.ReadAsStringAsync(), Does.Contain("两次输入的新密码不一致"));
        await s.LoginAsync(DemoUsers.Province, DemoUsers.Password); // the old password still works
    }

    [Test]
    public async Task A_disabled_user_is_logged_out_on_the_next_request()
    {
        using var s = await _app.LoginAsync(DemoUsers.WuhanCentre);
        Assert.That((await s.GetAsync("/")).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        using (var db = _app.Database.Open())
            await db.Users.Where(u => u.Login == DemoUsers.WuhanCentre).Set(u => u.Disabled, true).UpdateAsync();
        var next = await s.GetAsync("/");
        Assert.That(next.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        Assert.That(next.Headers.Location!.ToString(), Does.Contain("/Account/Login"));
        var again = await s.LoginAsync(DemoUsers.WuhanCentre, DemoUsers.Password);
        Assert.That(await again.Content.ReadAsStringAsync(), Does.Contain("已停用"));
    }

    [Test]
    public async Task The_user_context_is_cached_between_requests_yet_a_disabled_user_is_out_on_the_next_request()
    {
        using var s = await _app.LoginAsync(DemoUsers.JiangAnDept);
        Assert.That((await s.GetAsync("/")).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var cache = _app.Services.GetRequiredService<PostalCrm.Host.Security.UserContextCache>();
        PostalCrm.Sdk.Security.UserAccount row;
        using (var db = _app.Database.Open()) row = await db.Users.FirstAsync(u => u.Login == DemoUsers.JiangAnDept);
        Assert.That(cache.Find(row), Is.Not.Null, "unit, roles and permissions are kept after a request");
        Assert.That(cache.Find(new PostalCrm.Sdk.Security.UserAccount { Id = row.Id, SecurityStamp = "other", OrgUnitId = row.OrgUnitId }), Is.Null, "another security stamp misses");
        Assert.That(cache.Find(new PostalCrm.Sdk.Security.UserAccount { Id = row.Id, SecurityStamp = row.SecurityStamp, OrgUnitId = row.OrgUnitId + 1 }), Is.Null, "another unit misses");

        // Disabled directly in the database (as another node would): the cached entry does not keep the user in.
        using (var db = _app.Database.Open())
            await db.Users.Where(u => u.Login == DemoUsers.JiangAnDept).Set(u => u.Disabled, true).UpdateAsync();
        try
        {
            var next = await s.GetAsync("/");
            Assert.That(next.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
            Assert.That(next.Headers.Location!.ToString(), Does.Contain("/Account/Login"));
        }
        finally
        {
            using var db = _app.Database.Open();
            await db.Users.Where(u => u.Login == DemoUsers.JiangAnDept).Set(u => u.Disabled, false).UpdateAsync();
        }
    }

    [Test]
    public async Task Anonymous_pages_redirect_to_login()
    {
        using var s = _app.Session();
        var res = await s.GetAsync("/sharing/manuals");
        Assert.That(res.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        Assert.That(res.Headers.Location!.ToString(), Does.Contain("/Account/Login"));
    }

    [Test]
    public async Task A_post_without_antiforgery_token_changes_nothing()
    {
        using var s = _app.Session();
        await s.GetAsync("/Account/Login");
        var res = await s.PostFormAsync("/Account/Login", new { Login = DemoUsers.JiangAnCm1, Password = DemoUsers.Password }, withToken: false);
        Assert.That(res.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(res.Headers.Location, Is.Null);
    }

    [Test]
    public async Task Healthz_reports_database_and_plugins_to_an_administrator()
    {
        // Anonymous callers get the status only (SecurityFindingsTests): the details need a signed-in administrator.
        using var s = await _app.LoginAsync(DemoUsers.Admin);
        var res = await s.Client.GetAsync("/healthz");
        Assert.That(res.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var json = await res.Content.ReadAsStringAsync();
        Assert.That(json, Does.Contain("\"database\":{\"status\":\"ok\""));
        Assert.That(json, Does.Contain($"\"id\":\"sharing\",\"version\":\"{RepoPaths.PluginVersion("sharing")}\",\"status\":\"loaded\""));
    }

    [Test]
    public async Task Every_response_carries_the_security_headers()
    {
        using var s = _app.Session();
        var res = await s.GetAsync("/Account/Login");
        Assert.That(res.Headers.GetValues("X-Content-Type-Options"), Is.EqualTo(new[] { "nosniff" }));
        Assert.That(res.Headers.GetValues("X-Frame-Options"), Is.EqualTo(new[] { "DENY" }));
    }

    [Test]
    public async Task Menu_follows_permissions()
    {
        using var cm = await _app.LoginAsync(DemoUsers.JiangAnCm1);
        var cmHtml = await cm.GetHtmlAsync("/");
        Assert.That(cmHtml, Does.Contain("密码修改"));
        Assert.That(cmHtml, Does.Not.Contain("插件管理"));
        Assert.That(cmHtml, Does.Not.Contain("用户管理"));

        using var admin = await _app.LoginAsync(DemoUsers.Admin);
        var adminHtml = await admin.GetHtmlAsync("/");
        Assert.That(adminHtml, Does.Contain("插件管理"));
        Assert.That(adminHtml, Does.Contain("用户管理"));
        Assert.That(adminHtml, Does.Contain("操作手册"));
    }
}

public class BootstrapTests
{
    [Test]
    public async Task First_start_without_demo_creates_an_admin_whose_one_time_password_must_be_changed()
    {
        using var tdb = TestDatabase.Create(DatabaseProvider.Sqlite);
        PostalCrm.Host.Data.SchemaMigrator.Migrate(tdb.Settings, typeof(PostalDb).Assembly, "vi_sdk");
        using var db = tdb.Open();
        await PostalCrm.Host.Data.Seeder.SeedBaseAsync(db);
        var password = await PostalCrm.Host.Data.Seeder.SeedBootstrapAsync(db, TimeProvider.System, "420000", "湖北省");
        Assert.That(password, Is.Not.Null.And.Length.GreaterThanOrEqualTo(10));
        var admin = await db.Users.SingleAsync();
        Assert.That(admin.MustChangePassword, Is.True);
        Assert.That(PostalCrm.Host.Security.LoginService.Verify(admin, password!), Is.True);
        Assert.That(await PostalCrm.Host.Data.Seeder.SeedBootstrapAsync(db, TimeProvider.System, "420000", "湖北省"), Is.Null, "runs only once");
    }
}

public class ChineseMessagesTests
{
    [Test]
    public async Task Missing_fields_are_reported_in_chinese()
    {
        using var app = new PostalCrmFactory(DatabaseProvider.Sqlite);
        using var s = app.Session();
        var res = await s.PostFormAsync("/Account/Login", new { Login = "", Password = "" }, tokenFrom: "/Account/Login");
        var html = await res.Content.ReadAsStringAsync();
        Assert.That(html, Does.Contain("请输入用户名"));
        Assert.That(html, Does.Not.Contain("field is required"));
        Assert.That(html, Does.Not.Contain("is not valid"));
    }
}
