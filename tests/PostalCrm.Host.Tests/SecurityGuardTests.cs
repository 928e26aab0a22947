using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Controllers;
using Microsoft.AspNetCore.Mvc.Infrastructure;
using Microsoft.AspNetCore.Mvc.ViewFeatures;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using PostalCrm.Host.Security;
using PostalCrm.Sdk.Data;
using PostalCrm.Sdk.Web;
using PostalCrm.Testing;

namespace PostalCrm.Host.Tests;

/// <summary>Platform guards over every action of the host and of every published plugin.</summary>
public class SecurityGuardTests
{
    private PostalCrmFactory _app = null!;
    private List<ControllerActionDescriptor> _actions = null!;

    [OneTimeSetUp]
    public void Start()
    {
        _app = new PostalCrmFactory(DatabaseProvider.Sqlite);
        _actions = [.. _app.Services.GetRequiredService<IActionDescriptorCollectionProvider>().ActionDescriptors.Items.OfType<ControllerActionDescriptor>()];
    }

    [OneTimeTearDown] public void Stop() => _app.Dispose();

    private static string Name(ControllerActionDescriptor a) => $"{a.ControllerName}.{a.ActionName}";

    [Test]
    public void Plugin_actions_are_part_of_the_check() =>
        Assert.That(_actions.Select(a => a.ControllerTypeInfo.Assembly.GetName().Name), Has.Some.StartWith("PostalCrm.Plugins."));

    [Test]
    public void Every_action_requires_a_signed_in_user_unless_explicitly_listed()
    {
        var anonymous = _actions.Where(a => a.EndpointMetadata.OfType<IAllowAnonymous>().Any()).Select(Name).ToHashSet();
        Assert.That(anonymous, Is.EquivalentTo(SecurityLists.Anonymous));
    }

    /// <summary>A plugin's exemption is its own declaration (the host names no plugin type).</summary>
    private static bool DeclaresApiKey(ControllerActionDescriptor a) =>
        a.MethodInfo.IsDefined(typeof(ApiKeyEndpointAttribute), true) || a.ControllerTypeInfo.IsDefined(typeof(ApiKeyEndpointAttribute), true);

    private static bool Exempt(ControllerActionDescriptor a) => SecurityLists.AntiforgeryExempt.Contains(Name(a)) || DeclaresApiKey(a);

    [Test]
    public void Antiforgery_is_switched_off_only_for_the_host_list_and_declared_api_key_endpoints()
    {
        var exempt = _actions
            .Where(a => a.FilterDescriptors.Select(f => f.Filter).OfType<IAntiforgeryPolicy>().LastOrDefault() is IgnoreAntiforgeryTokenAttribute)
            .Select(Name).ToHashSet();
        var expected = _actions.Where(Exempt).Select(Name).ToHashSet();
        Assert.That(expected, Is.SupersetOf(SecurityLists.AntiforgeryExempt));
        Assert.That(exempt, Is.EquivalentTo(expected));
    }

    [Test]
    public void Api_key_endpoints_are_declared_by_plugins_only_under_api_and_their_id()
    {
        var declared = _actions.Where(DeclaresApiKey).ToList();
        Assert.That(declared.Select(Name), Does.Contain("EBranchApplications.Create"), "the e-branch API declares itself");
        foreach (var a in declared)
        {
            var area = a.RouteValues.TryGetValue("area", out var id) ? id : null;
            Assert.That(area, Is.Not.Null.And.Not.Empty, $"{Name(a)}: only plugins declare API-key endpoints");
            Assert.That(a.AttributeRouteInfo?.Template, Does.StartWith($"api/{area}/"), Name(a));
        }
    }

    [Test]
    public async Task Every_post_without_a_token_is_refused_with_400()
    {
        // Give the administrator every permission, so that a 403 never hides a missing antiforgery check.
        using (var db = _app.Database.Open())
        {
            foreach (var p in await db.PermissionCatalog.Select(p => p.Name).ToListAsync())
                if (!await db.RoleGrants.AnyAsync(g => g.RoleCode == "admin" && g.Permission == p))
                    await db.InsertAsync(new PostalCrm.Sdk.Security.RoleGrant { RoleCode = "admin", Permission = p });
        }
        using var admin = await _app.LoginAsync(DemoUsers.Admin);
        var checkedUrls = new List<string>();
        foreach (var a in _actions.Where(a => !Exempt(a)))
        {
            var methods = a.ActionConstraints?.OfType<Microsoft.AspNetCore.Mvc.ActionConstraints.HttpMethodActionConstraint>().SelectMany(c => c.HttpMethods).ToList() ?? [];
            if (methods.Count > 0 && !methods.Contains("POST")) continue;
            var url = UrlOf(a);
            if (url is null) continue;
            var res = await admin.PostFormAsync(url, new { }, withToken: false);
            Assert.That(res.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest), $"POST {url} ({Name(a)}) without antiforgery token");
            checkedUrls.Add(url);
        }
        Assert.That(checkedUrls, Has.Some.StartWith("/Account/Logout"));
        Assert.That(checkedUrls, Has.Some.StartWith("/sharing"), "plugin POST actions were checked");
    }

    private static string? UrlOf(ControllerActionDescriptor a)
    {
        var template = a.AttributeRouteInfo?.Template;
        if (template is null) return $"/{a.ControllerName}/{a.ActionName}";
        return "/" + Regex.Replace(template, @"\{[^}]+\}", "1");
    }
}
