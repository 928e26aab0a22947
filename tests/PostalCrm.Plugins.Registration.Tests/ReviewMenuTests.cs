using System.Net;
using System.Text.RegularExpressions;
using PostalCrm.Sdk.Data;
using PostalCrm.Sdk.Security;
using PostalCrm.Testing;

namespace PostalCrm.Plugins.Registration.Tests;

/// <summary>
/// 客户注册审批 is one menu entry for every kind of reviewer: its permission (审批查看) is implied by 预审, 初审 and 终审.
/// Own host: the test gives a demo user a role of its own.
/// </summary>
[TestFixtureSource(typeof(TestDatabase), nameof(TestDatabase.Providers))]
public class ReviewMenuTests(DatabaseProvider provider)
{
    private PostalCrmFactory _app = null!;

    [OneTimeSetUp] public void Start() => _app = new PostalCrmFactory(provider);
    [OneTimeTearDown] public void Stop() => _app.Dispose();

    private static string[] MenuItems(string html, string title) =>
        [.. Regex.Matches(html, $"<a class=\"dropdown-item\" href=\"([^\"]*)\">{title}</a>").Select(m => m.Groups[1].Value)];

    [Test]
    public async Task F_3_3_a_role_holding_only_final_review_sees_the_review_menu_entry_once_and_the_review_summary()
    {
        using (var db = _app.Database.Open())
        {
            await db.InsertAsync(new Role { Code = "final_only", Name = "终审专员" });
            await db.InsertAsync(new RoleGrant { RoleCode = "final_only", Permission = RegistrationPermissions.FinalReview });
            var uid = await db.Users.Where(u => u.Login == DemoUsers.Province).Select(u => u.Id).FirstAsync();
            await db.UserRoles.Where(r => r.UserId == uid).DeleteAsync();
            await db.InsertAsync(new UserRole { UserId = uid, RoleCode = "final_only" });
        }
        using var s = await _app.LoginAsync(DemoUsers.Province);
        var home = await s.GetHtmlAsync("/");
        Assert.That(MenuItems(home, "客户注册审批"), Is.EqualTo(new[] { "/registration/review" }), "one 客户注册审批 entry");
        Assert.That(MenuItems(home, "客户注册申报"), Is.Empty);
        Assert.That((await s.GetAsync("/registration/review")).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That((await s.GetAsync("/registration/review/pre")).StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
    }

    [Test]
    public async Task A_pre_reviewer_sees_the_review_menu_entry_once()
    {
        using var s = await _app.LoginAsync(DemoUsers.JiangAnDept);
        var home = await s.GetHtmlAsync("/");
        Assert.That(MenuItems(home, "客户注册审批"), Is.EqualTo(new[] { "/registration/review" }));
    }
}
