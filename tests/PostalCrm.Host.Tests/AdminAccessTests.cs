using System.Net;
using System.Reflection;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using PostalCrm.Sdk.Data;
using PostalCrm.Sdk.Security;
using PostalCrm.Testing;
using static PostalCrm.Host.Tests.AdminTestHelpers;

namespace PostalCrm.Host.Tests;

/// <summary>Every administration URL answers only to holders of its permission, on the server.</summary>
[TestFixtureSource(typeof(TestDatabase), nameof(TestDatabase.Providers))]
public class AdminAccessTests(DatabaseProvider provider)
{
    private PostalCrmFactory _app = null!;

    [OneTimeSetUp] public void Start() => _app = new PostalCrmFactory(provider);
    [OneTimeTearDown] public void Stop() => _app.Dispose();

    /// <summary>Every routed admin endpoint of the running host, with its route parameters filled in.</summary>
    private List<(string Method, string Url)> AdminEndpoints()
    {
        var endpoints = _app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.TrimStart('/').StartsWith("admin/", StringComparison.OrdinalIgnoreCase) == true);
        var list = new List<(string, string)>();
        foreach (var e in endpoints)
        {
            var url = "/" + Regex.Replace(e.RoutePattern.RawText!.TrimStart('/'), @"\{([a-z]+)[^}]*\}", m => m.Groups[1].Value == "code" ? "admin" : "1");
            foreach (var method in e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["GET"])
                list.Add((method, url));
        }
        return list;
    }

    [Test]
    public void The_host_has_all_the_admin_pages()
    {
        var urls = AdminEndpoints().Select(e => e.Url).ToHashSet();
        foreach (var url in new[] { "/admin/org-units", "/admin/users", "/admin/roles", "/admin/number-ranges", "/admin/reference/product-lines",
                     "/admin/reference/levels", "/admin/reference/industries", "/admin/reference/indicators", "/admin/plugins", "/admin/visit-frequencies" })
            Assert.That(urls, Does.Contain(url));
        Assert.That(AdminEndpoints().Count(e => e.Method == "POST"), Is.GreaterThanOrEqualTo(25));
    }

    [Test]
    public async Task A_customer_manager_gets_403_on_every_admin_url_get_and_post_and_nothing_changes()
    {
        var endpoints = AdminEndpoints();
        var auditBefore = await _app.AuditCountAsync();
        using var cm = await _app.LoginAsync(DemoUsers.JiangAnCm1);
        await cm.GetAsync("/");
        foreach (var (method, url) in endpoints)
        {
            var res = method == "GET"
                ? await cm.Client.GetAsync(url)
                : await cm.PostFormAsync(url, Form(("name", "越权"), ("Login", "hacker"), ("permissions", "admin.users.manage")));
            Assert.That(res.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden), $"{method} {url}");
        }
        using (var cmGet = await _app.LoginAsync(DemoUsers.JiangAnCm2))
        {
            // Also for the pages with ids and without a form (GET to a POST-only URL is 405, never 200).
            foreach (var url in new[] { "/admin/users/1/edit", "/admin/org-units/1/add", "/admin/roles/admin" })
                Assert.That((await cmGet.Client.GetAsync(url)).StatusCode, Is.EqualTo(HttpStatusCode.Forbidden), url);
        }
        Assert.That(await _app.AuditCountAsync(), Is.EqualTo(auditBefore));
        using var db = _app.Db();
        Assert.That(await db.Users.AnyAsync(u => u.Login == "hacker"), Is.False);
    }

    [Test]
    public async Task A_district_department_may_maintain_visit_frequencies_but_nothing_else()
    {
        using var dept = await _app.LoginAsync(DemoUsers.JiangAnDept);
        Assert.That((await dept.Client.GetAsync("/admin/visit-frequencies")).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        foreach (var url in new[] { "/admin/users", "/admin/org-units", "/admin/roles", "/admin/number-ranges", "/admin/reference/levels", "/admin/plugins" })
            Assert.That((await dept.Client.GetAsync(url)).StatusCode, Is.EqualTo(HttpStatusCode.Forbidden), url);
        var home = await dept.GetHtmlAsync("/");
        Assert.That(home, Does.Contain("维护频次"));
        Assert.That(home, Does.Not.Contain("用户管理"));
    }

    [Test]
    public async Task The_administrator_opens_every_admin_page()
    {
        using var admin = await _app.LoginAsync(DemoUsers.Admin);
        var home = await admin.GetHtmlAsync("/");
        foreach (var title in new[] { "机构管理", "用户管理", "角色权限", "号码段管理", "专业与业务类型", "客户级别", "行业", "关注指标目录", "插件管理" })
            Assert.That(home, Does.Contain(title), title);
        var province = await _app.UnitIdAsync("420000");
        var adminId = await _app.UserIdAsync(DemoUsers.Admin);
        var pages = new Dictionary<string, string>
        {
            ["/admin/org-units"] = "江岸区大客户部",
            [$"/admin/org-units/{province}/add"] = "添加下级机构",
            [$"/admin/org-units/{province}/rename"] = "湖北省",
            ["/admin/users"] = "江岸客户经理陈静",
            ["/admin/users/create"] = "新增用户",
            [$"/admin/users/{adminId}/edit"] = "系统管理员",
            ["/admin/roles"] = "客户经理",
            ["/admin/roles/customer_manager"] = "操作手册下载",
            ["/admin/number-ranges"] = "42010200000001",
            ["/admin/reference/product-lines"] = "全业务",
            ["/admin/reference/levels"] = "钻石级",
            ["/admin/reference/industries"] = "政府机关",
            ["/admin/reference/indicators"] = "投递及时率",
            ["/admin/plugins"] = "sharing",
        };
        foreach (var (url, text) in pages)
        {
            var html = await admin.GetHtmlAsync(url);
            Assert.That(html, Does.Contain(text), url);
        }
    }

    [Test]
    public void Every_admin_action_requires_a_permission()
    {
        var controllers = typeof(Program).Assembly.GetTypes()
            .Where(t => t.Namespace?.StartsWith("PostalCrm.Host.Features", StringComparison.Ordinal) == true && typeof(Controller).IsAssignableFrom(t))
            .ToList();
        Assert.That(controllers, Has.Count.GreaterThanOrEqualTo(7));
        foreach (var c in controllers)
        {
            var classLevel = c.GetCustomAttributes<RequirePermissionAttribute>().Any();
            foreach (var action in c.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly))
                Assert.That(classLevel || action.GetCustomAttributes<RequirePermissionAttribute>().Any(), Is.True, $"{c.Name}.{action.Name}");
        }
    }
}
