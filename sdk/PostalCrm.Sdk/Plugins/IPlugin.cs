using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace PostalCrm.Sdk.Plugins;

/// <summary>
/// The entry type of a plugin assembly. The host finds exactly one public implementation,
/// creates it with a parameterless constructor and asks it for everything below.
/// </summary>
public interface IPlugin
{
    /// <summary>Same as <c>id</c> in plugin.json.</summary>
    string Id { get; }

    /// <summary>Register the plugin's own services (scoped services may use <c>PostalDb</c>, <c>ICurrentUser</c>, …).</summary>
    void ConfigureServices(IServiceCollection services, IConfiguration configuration);

    /// <summary>Permissions named <c>&lt;plugin&gt;.&lt;area&gt;.&lt;action&gt;</c> with the roles that get them by default.</summary>
    IReadOnlyList<PermissionDefinition> Permissions { get; }

    /// <summary>Menu entries; each is shown only to users holding one of its permissions.</summary>
    IReadOnlyList<MenuEntry> Menu { get; }

    /// <summary>Report templates this plugin owns (folder under <c>reports/</c>); empty by default.</summary>
    IReadOnlyList<string> ReportFolders => [];
}

/// <param name="Name">e.g. <c>sharing.leads.upload</c></param>
/// <param name="DisplayName">Chinese label shown on the role page.</param>
/// <param name="DefaultRoles">Role codes (see <see cref="Security.RoleCodes"/>) granted this permission when it first appears.</param>
/// <param name="ImpliedBy">
/// Permissions whose holders hold this one too (e.g. "view the review list" implied by 预审, 初审 and 终审), so a
/// role needs no extra grant. Computed per request from the grants; never stored.
/// </param>
public sealed record PermissionDefinition(string Name, string DisplayName, IReadOnlyList<string> DefaultRoles, IReadOnlyList<string>? ImpliedBy = null);

/// <summary>
/// A menu target as a route, not a string: the host turns it into a URL with its LinkGenerator at render time,
/// inside the declaring plugin (its id is the MVC area of every controller of that plugin).
/// </summary>
/// <param name="Controller">Controller name without the <c>Controller</c> suffix; prefer <see cref="To{TController}"/>.</param>
/// <param name="Action">Action method name.</param>
/// <param name="RouteValues">Extra route values (optional).</param>
public sealed record MenuLink(string Controller, string Action, IReadOnlyDictionary<string, string>? RouteValues = null)
{
    /// <summary><c>MenuLink.To&lt;ApplyController&gt;(nameof(ApplyController.Index))</c>.</summary>
    public static MenuLink To<TController>(string action, IReadOnlyDictionary<string, string>? routeValues = null) =>
        new(ControllerName(typeof(TController)), action, routeValues);

    public static string ControllerName(Type controller) =>
        controller.Name.EndsWith("Controller", StringComparison.Ordinal) ? controller.Name[..^"Controller".Length] : controller.Name;
}

/// <param name="Group">Top menu label as in the manual, e.g. 信息共享 (see <see cref="MenuGroups"/>).</param>
/// <param name="Section">Optional second level, e.g. 中小企业; null for a direct item.</param>
/// <param name="Title">Item label, e.g. 信息上传.</param>
/// <param name="Link">Controller and action of the page (resolved by the host).</param>
/// <param name="AnyOf">Shown to holders of at least one of these permissions.</param>
/// <param name="Order">Sort key inside the group.</param>
public sealed record MenuEntry(string Group, string? Section, string Title, MenuLink Link, IReadOnlyList<string> AnyOf, int Order = 100)
{
    /// <summary>An entry shown to holders of one permission.</summary>
    public MenuEntry(string group, string? section, string title, MenuLink link, string permission, int order = 100)
        : this(group, section, title, link, [permission], order) { }
}

/// <summary>The manual's top-level menus, in the manual's order.</summary>
public static class MenuGroups
{
    public const string Customers = "客户管理";
    public const string Marketing = "营销管理";
    public const string Usage = "用邮管理";
    public const string Kpi = "KPI管理";
    public const string Sharing = "信息共享";
    public const string System = "系统管理";

    public static readonly IReadOnlyList<string> Ordered = [Customers, Marketing, Usage, Kpi, Sharing, System];
}
