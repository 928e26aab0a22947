using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using PostalCrm.Host.Security;
using PostalCrm.Sdk.Data;
using PostalCrm.Sdk.Security;
using PostalCrm.Testing;
using static PostalCrm.Host.Tests.AdminTestHelpers;

namespace PostalCrm.Host.Tests;

/// <summary>用户管理 and 角色权限: one-time passwords, forced change, sessions ended by reset and disable, grants.</summary>
[TestFixtureSource(typeof(TestDatabase), nameof(TestDatabase.Providers))]
public class AdminUserTests(DatabaseProvider provider) : AdminFixture(provider)
{
    private const string NewPassword = "Neu#Pass2026";
    /// <summary>
    /// Issue 8: a list's count is remembered (BoundedCounts) until the next write through the portal: a user written by
    /// hand in the database leaves the total as it was, any signed-in POST makes it counted again.
    /// </summary>
    [Test]
    public async Task The_user_lists_count_is_remembered_until_a_write_through_the_portal()
    {
        Assert.That(await Admin.GetHtmlAsync("/admin/users?q=cntkeep"), Does.Contain("共 0 个用户"));
        using (var db = App.Db())
        {
            await db.InsertAsync(new UserAccount
            {
                Login = "cntkeep_sql", DisplayName = "计数用户", OrgUnitId = await App.UnitIdAsync("420102"), PasswordHash = "-", Disabled = true,
                CreatedAt = DateTime.UtcNow,
            });
        }
        Assert.That(await Admin.GetHtmlAsync("/admin/users?q=cntkeep"), Does.Contain("共 0 个用户"), "written outside the portal: remembered");

        await App.CreateUserAsync(Admin, "cntkeep_web", "420102", RoleCodes.CustomerManager);
        Assert.That(await Admin.GetHtmlAsync("/admin/users?q=cntkeep"), Does.Contain("共 2 个用户"), "a write through the portal: counted again");
    }

    [Test]
    public async Task The_user_list_names_every_role_of_a_user_in_its_row()
    {
        await App.CreateUserAsync(Admin, "tworoles", "420102", RoleCodes.DistrictDept, RoleCodes.CustomerManager);
        var list = await Admin.GetHtmlAsync("/admin/users?q=tworoles");
        var row = Regex.Match(list, "<tr data-login=\"tworoles\".*?</tr>", RegexOptions.Singleline).Value;
        Assert.That(row, Does.Contain("<td>客户经理、区县大客户部</td>"), "both roles, in their codes' order");
    }

    [Test]
    public async Task Created_user_gets_a_one_time_password_that_works_once_and_forces_the_change_page()
    {
        var otp = await App.CreateUserAsync(Admin, "new_cm", "420102", RoleCodes.CustomerManager);
        Assert.That(LoginService.CheckStrength(otp), Is.Null, "the one-time password is itself strong");

        using (var db = App.Db())
        {
            var user = await db.Users.FirstAsync(u => u.Login == "new_cm");
            Assert.That(user.MustChangePassword, Is.True);
            Assert.That(user.PasswordHash, Does.Not.Contain(otp));
            Assert.That(user.EmployeeNo, Is.EqualTo("T-new_cm"));
            Assert.That(await db.UserRoles.Where(r => r.UserId == user.Id).Select(r => r.RoleCode).ToListAsync(), Is.EqualTo(new[] { RoleCodes.CustomerManager }));
            var audit = await db.AuditEntries.SingleAsync(a => a.Entity == "user" && a.EntityId == user.Id.ToString(CultureInfo.InvariantCulture) && a.Action == "create");
            Assert.That(audit.AfterJson, Does.Contain("new_cm").And.Contains("customer_manager"));
            Assert.That(audit.AfterJson, Does.Not.Contain(otp).And.Not.Contains("PasswordHash").And.Not.Contains(user.PasswordHash));
            Assert.That(audit.UserLogin, Is.EqualTo(DemoUsers.Admin));
        }

        // The list shows the user, never the password again.
        var list = await Admin.GetHtmlAsync("/admin/users?q=new_cm");
        Assert.That(list, Does.Contain("测试用户new_cm").And.Contains("待改密码"));
        var row = Regex.Match(list, "<tr data-login=\"new_cm\".*?</tr>", RegexOptions.Singleline).Value;
        Assert.That(row, Does.Contain("<td>江岸区</td>").And.Contains("<td>客户经理</td>"), "the row names its unit and its roles");
        Assert.That(row, Does.Contain("/admin/users/").And.Contains("/reset-password").And.Contains("name=\"__RequestVerificationToken\""),
            "each row's form carries the antiforgery token");
        Assert.That(list, Does.Not.Contain(otp));

        // First login: every page leads to the change page until the password is changed.
        using (var s = App.Session())
        {
            AssertRedirect(await s.LoginAsync("new_cm", otp), "/Account/ChangePassword");
            AssertRedirect(await s.GetAsync("/"), "/Account/ChangePassword");
            var change = await s.GetHtmlAsync("/Account/ChangePassword");
            Assert.That(change, Does.Contain("请先修改密码"));
            var res = await s.PostFormAsync("/Account/ChangePassword",
                Form(("OldPassword", otp), ("NewPassword", NewPassword), ("ConfirmPassword", NewPassword)));
            AssertRedirect(res, "/");
            Assert.That(await s.GetHtmlAsync("/"), Does.Contain("测试用户new_cm"));
        }

        // Once: the one-time password no longer opens the account; the new one does.
        using (var again = App.Session())
        {
            var res = await again.LoginAsync("new_cm", otp);
            Assert.That(res.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(await res.BodyAsync(), Does.Contain("用户名或密码错误"));
        }
        using var ok = await App.LoginAsync("new_cm", NewPassword);
    }

    /// <summary>
    /// 用户管理 lists the users of the administrator's area and below, in login order, with their total (issue 8 dropped the
    /// units filter for the province's administrator only): checked against the rule written out on the org tree's paths.
    /// </summary>
    [Test]
    public async Task The_user_list_is_the_administrators_area_and_below_in_login_order_with_its_total()
    {
        var otp = await App.CreateUserAsync(Admin, "wh_admin", "420100", RoleCodes.Admin);
        using var city = await App.FirstLoginAsync("wh_admin", otp, NewPassword);

        async Task<(int Total, List<string> Logins)> ExpectedAsync(string areaCode)
        {
            using var db = App.Db();
            var path = await db.OrgUnits.Where(u => u.Code == areaCode).Select(u => u.Path).FirstAsync();
            var users = from u in db.Users join o in db.OrgUnits on u.OrgUnitId equals o.Id where o.Path.StartsWith(path) select u;
            return (await users.CountAsync(), await users.OrderBy(u => u.Login).Select(u => u.Login).Take(50).ToListAsync());
        }
        static (int Total, List<string> Logins) Listed(string html) =>
            (int.Parse(Regex.Match(html, "共 (\\d+) 个用户").Groups[1].Value, CultureInfo.InvariantCulture),
             [.. Regex.Matches(html, "<tr data-login=\"([^\"]+)\"").Select(m => WebUtility.HtmlDecode(m.Groups[1].Value))]);

        var province = Listed(await Admin.GetHtmlAsync("/admin/users"));
        Assert.That(province.Logins, Does.Contain(DemoUsers.Admin).And.Contain(DemoUsers.YichangCm1).And.Contain("wh_admin"));
        Assert.That(province, Is.EqualTo(await ExpectedAsync("420000")), "the province: every user");

        var wuhan = Listed(await city.GetHtmlAsync("/admin/users"));
        Assert.That(wuhan.Logins, Does.Contain(DemoUsers.JiangAnCm1).And.Contain("wh_admin"));
        Assert.That(wuhan.Logins, Does.Not.Contain(DemoUsers.Admin).And.Not.Contain(DemoUsers.YichangCm1).And.Not.Contain(DemoUsers.Province));
        Assert.That(wuhan, Is.EqualTo(await ExpectedAsync("420100")), "武汉市 and below only");
    }

    [Test]
    public async Task Duplicate_login_and_missing_fields_are_refused_in_chinese_and_create_nothing()
    {
        var before = await CountUsersAsync();
        var unit = (await App.UnitIdAsync("420102")).ToString(CultureInfo.InvariantCulture);

        var dup = await Admin.PostFormAsync("/admin/users/create",
            Form(("Login", "JA_CM1"), ("DisplayName", "重复"), ("OrgUnitId", unit), ("Roles", RoleCodes.CustomerManager)), tokenFrom: "/admin/users/create");
        var dupHtml = await dup.BodyAsync();
        Assert.That(dup.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(Errors(dupHtml), Does.Contain("登录名“JA_CM1”已被使用"));
        Assert.That(dupHtml, Does.Not.Contain("one-time-password"));
        Assert.That(dupHtml, Does.Contain("value=\"重复\""), "the form keeps what was typed");

        var noRole = await Admin.PostFormAsync("/admin/users/create",
            Form(("Login", "no_role"), ("DisplayName", "无角色"), ("OrgUnitId", unit)), tokenFrom: "/admin/users/create");
        Assert.That(Errors(await noRole.BodyAsync()), Does.Contain("请至少选择一个角色"));

        var noName = await Admin.PostFormAsync("/admin/users/create",
            Form(("Login", "no_name"), ("DisplayName", " "), ("OrgUnitId", unit), ("Roles", RoleCodes.CustomerManager)), tokenFrom: "/admin/users/create");
        Assert.That(Errors(await noName.BodyAsync()), Does.Contain("请输入姓名"));

        var badLogin = await Admin.PostFormAsync("/admin/users/create",
            Form(("Login", "张 三"), ("DisplayName", "张三"), ("OrgUnitId", unit), ("Roles", RoleCodes.CustomerManager)), tokenFrom: "/admin/users/create");
        Assert.That(Errors(await badLogin.BodyAsync()), Does.Contain("登录名只能包含字母、数字"));

        var badRole = await Admin.PostFormAsync("/admin/users/create",
            Form(("Login", "bad_role"), ("DisplayName", "坏角色"), ("OrgUnitId", unit), ("Roles", "superuser")), tokenFrom: "/admin/users/create");
        Assert.That(Errors(await badRole.BodyAsync()), Does.Contain("所选角色不存在"));

        Assert.That(await CountUsersAsync(), Is.EqualTo(before));
    }

    [Test]
    public async Task Reset_password_ends_the_old_session_and_shows_a_new_one_time_password_once()
    {
        var otp = await App.CreateUserAsync(Admin, "reset_me", "420106", RoleCodes.CustomerManager);
        using var old = await App.FirstLoginAsync("reset_me", otp, NewPassword);
        Assert.That(await old.GetHtmlAsync("/"), Does.Contain("测试用户reset_me"));
        var id = await App.UserIdAsync("reset_me");
        string stampBefore;
        using (var db = App.Db()) stampBefore = await db.Users.Where(u => u.Id == id).Select(u => u.SecurityStamp).FirstAsync();

        var res = await Admin.PostFormAsync($"/admin/users/{id}/reset-password", Form(), tokenFrom: "/admin/users");
        Assert.That(res.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(res.Headers.CacheControl?.NoStore, Is.True);
        var fresh = OneTimePassword(await res.BodyAsync());
        Assert.That(fresh, Is.Not.EqualTo(otp));

        // The old session ends on its next request.
        AssertRedirect(await old.GetAsync("/"), "/Account/Login");

        using (var db = App.Db())
        {
            var user = await db.Users.FirstAsync(u => u.Id == id);
            Assert.That(user.MustChangePassword, Is.True);
            Assert.That(user.SecurityStamp, Is.Not.EqualTo(stampBefore));
            Assert.That(await db.AuditEntries.CountAsync(a => a.Entity == "user" && a.EntityId == id.ToString(CultureInfo.InvariantCulture) && a.Action == "reset-password"), Is.EqualTo(1));
        }

        // The previous password is gone; the new one-time password must be changed at once.
        using (var s = App.Session())
            Assert.That(await (await s.LoginAsync("reset_me", NewPassword)).BodyAsync(), Does.Contain("用户名或密码错误"));
        using var again = await App.FirstLoginAsync("reset_me", fresh, "Zweit#Pass2026");
    }

    [Test]
    public async Task A_disabled_user_is_logged_out_on_the_next_request_and_cannot_log_in_until_enabled()
    {
        var otp = await App.CreateUserAsync(Admin, "disable_me", "420102", RoleCodes.CustomerManager);
        using var session = await App.FirstLoginAsync("disable_me", otp, NewPassword);
        var id = await App.UserIdAsync("disable_me");

        AssertRedirect(await Admin.PostFormAsync($"/admin/users/{id}/disable", Form(), tokenFrom: "/admin/users"), "/admin/users");
        AssertRedirect(await session.GetAsync("/"), "/Account/Login");
        using (var s = App.Session())
            Assert.That(await (await s.LoginAsync("disable_me", NewPassword)).BodyAsync(), Does.Contain("该账号已停用"));
        Assert.That(await Admin.GetHtmlAsync("/admin/users?q=disable_me"), Does.Contain("已停用"));

        AssertRedirect(await Admin.PostFormAsync($"/admin/users/{id}/enable", Form(), tokenFrom: "/admin/users"), "/admin/users");
        using var back = await App.LoginAsync("disable_me", NewPassword);
        using var db = App.Db();
        Assert.That(await db.AuditEntries.Where(a => a.Entity == "user" && a.EntityId == id.ToString(CultureInfo.InvariantCulture))
            .Select(a => a.Action).ToListAsync(), Is.SupersetOf(new[] { "create", "disable", "enable" }));
    }

    [Test]
    public async Task The_administrator_cannot_disable_or_demote_themselves()
    {
        var id = await App.UserIdAsync(DemoUsers.Admin);
        var res = await Admin.PostFormAsync($"/admin/users/{id}/disable", Form(), tokenFrom: "/admin/users");
        Assert.That(Errors(await res.BodyAsync()), Does.Contain("不能停用本人的账号"));

        var province = (await App.UnitIdAsync("420000")).ToString(CultureInfo.InvariantCulture);
        var demote = await Admin.PostFormAsync($"/admin/users/{id}/edit",
            Form(("DisplayName", "系统管理员"), ("OrgUnitId", province), ("Roles", RoleCodes.CustomerManager)), tokenFrom: $"/admin/users/{id}/edit");
        Assert.That(Errors(await demote.BodyAsync()), Does.Contain("不能取消本人的系统管理员角色"));

        using var db = App.Db();
        Assert.That(await db.Users.Where(u => u.Id == id).Select(u => u.Disabled).FirstAsync(), Is.False);
        Assert.That(await db.UserRoles.AnyAsync(r => r.UserId == id && r.RoleCode == RoleCodes.Admin), Is.True);
        Assert.That((await Admin.GetAsync("/admin/users")).StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task Edit_changes_unit_and_roles_with_an_audited_before_and_after()
    {
        var otp = await App.CreateUserAsync(Admin, "edit_me", "420102", RoleCodes.CustomerManager);
        using var session = await App.FirstLoginAsync("edit_me", otp, NewPassword);
        var id = await App.UserIdAsync("edit_me");
        var dept = await App.UnitIdAsync("420102KA");

        var res = await Admin.PostFormAsync($"/admin/users/{id}/edit",
            Form(("DisplayName", "改名用户"), ("EmployeeNo", "E-9"), ("Phone", "13800000000"), ("OrgUnitId", dept.ToString(CultureInfo.InvariantCulture)),
                ("Roles", RoleCodes.DistrictDept), ("Roles", RoleCodes.CustomerManager)), tokenFrom: $"/admin/users/{id}/edit");
        AssertRedirect(res, "/admin/users");

        using (var db = App.Db())
        {
            var user = await db.Users.FirstAsync(u => u.Id == id);
            Assert.That((user.DisplayName, user.EmployeeNo, user.Phone, user.OrgUnitId), Is.EqualTo(("改名用户", "E-9", "13800000000", dept)));
            Assert.That(await db.UserRoles.Where(r => r.UserId == id).OrderBy(r => r.RoleCode).Select(r => r.RoleCode).ToListAsync(),
                Is.EqualTo(new[] { RoleCodes.CustomerManager, RoleCodes.DistrictDept }));
            var audit = await db.AuditEntries.SingleAsync(a => a.Entity == "user" && a.EntityId == id.ToString(CultureInfo.InvariantCulture) && a.Action == "update");
            Assert.That(audit.BeforeJson, Does.Contain("测试用户edit_me"));
            Assert.That(audit.AfterJson, Does.Contain("改名用户").And.Contains("district_dept"));
        }

        // The new role counts on the user's next request, in the same session.
        var home = await session.GetHtmlAsync("/");
        Assert.That(home, Does.Contain("改名用户").And.Contains("维护频次"));

        // Filter by unit (and below): the dept shows the user, 武昌区 does not.
        var filtered = await Admin.GetHtmlAsync($"/admin/users?unitId={dept}");
        Assert.That(filtered, Does.Contain("edit_me"));
        Assert.That(filtered, Does.Contain($"<option value=\"{dept}\" selected=\"selected\">"), "the chosen unit stays selected in the filter");
        Assert.That(System.Text.RegularExpressions.Regex.Count(filtered, "selected=\"selected\""), Is.EqualTo(1), "and no other");
        Assert.That(await Admin.GetHtmlAsync($"/admin/users?unitId={await App.UnitIdAsync("420106")}"), Does.Not.Contain("edit_me"));
    }

    [Test]
    public async Task A_role_grant_change_shows_and_hides_a_menu_entry_on_the_next_request()
    {
        using var cm = await App.LoginAsync(DemoUsers.WuchangCm1);
        Assert.That(await cm.GetHtmlAsync("/"), Does.Not.Contain("插件管理"));
        Assert.That((await cm.Client.GetAsync("/admin/plugins")).StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));

        List<string> original;
        using (var db = App.Db())
            original = await db.RoleGrants.Where(g => g.RoleCode == RoleCodes.CustomerManager).Select(g => g.Permission).ToListAsync();
        Assert.That(original, Does.Not.Contain("admin.plugins.view"));

        var page = await Admin.GetHtmlAsync("/admin/roles/customer_manager");
        Assert.That(page, Does.Contain("插件查看").And.Contains("系统管理(主程序)"));

        var granted = Form([.. original.Append("admin.plugins.view").Select(p => ("permissions", p))]);
        AssertRedirect(await Admin.PostFormAsync("/admin/roles/customer_manager", granted), "/admin/roles/customer_manager");
        Assert.That(await cm.GetHtmlAsync("/"), Does.Contain("插件管理"));
        Assert.That(await cm.GetHtmlAsync("/admin/plugins"), Does.Contain("sharing"));

        var restored = Form([.. original.Select(p => ("permissions", p))]);
        AssertRedirect(await Admin.PostFormAsync("/admin/roles/customer_manager", restored, tokenFrom: "/admin/roles/customer_manager"), "/admin/roles/customer_manager");
        Assert.That(await cm.GetHtmlAsync("/"), Does.Not.Contain("插件管理"));
        Assert.That((await cm.Client.GetAsync("/admin/plugins")).StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));

        using var check = App.Db();
        var audits = await check.AuditEntries.Where(a => a.Entity == "role_permissions" && a.EntityId == RoleCodes.CustomerManager).OrderBy(a => a.Id).ToListAsync();
        Assert.That(audits, Has.Count.EqualTo(2));
        Assert.That(audits[0].BeforeJson, Does.Not.Contain("admin.plugins.view"));
        Assert.That(audits[0].AfterJson, Does.Contain("admin.plugins.view"));
        Assert.That(audits[1].AfterJson, Does.Not.Contain("admin.plugins.view"));
    }

    [Test]
    public async Task The_administrator_role_keeps_role_management_and_unknown_permissions_are_refused()
    {
        List<string> grants;
        using (var db = App.Db())
            grants = await db.RoleGrants.Where(g => g.RoleCode == RoleCodes.Admin).Select(g => g.Permission).ToListAsync();

        var without = Form([.. grants.Where(p => p != "admin.roles.manage").Select(p => ("permissions", p))]);
        var res = await Admin.PostFormAsync("/admin/roles/admin", without, tokenFrom: "/admin/roles/admin");
        Assert.That(Errors(await res.BodyAsync()), Does.Contain("系统管理员必须保留“角色权限管理”权限"));

        var unknown = Form([.. grants.Append("evil.everything").Select(p => ("permissions", p))]);
        var res2 = await Admin.PostFormAsync("/admin/roles/admin", unknown, tokenFrom: "/admin/roles/admin");
        Assert.That(Errors(await res2.BodyAsync()), Does.Contain("不存在的权限"));

        using var check = App.Db();
        Assert.That(await check.RoleGrants.Where(g => g.RoleCode == RoleCodes.Admin).Select(g => g.Permission).ToListAsync(), Is.EquivalentTo(grants));
        Assert.That((await Admin.GetAsync("/admin/roles/nobody")).StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
    }

    private async Task<int> CountUsersAsync()
    {
        using var db = App.Db();
        return await db.Users.CountAsync();
    }
}
