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

    /// <summary>Menu entries; each is shown only to users holding its permission.</summary>
    IReadOnlyList<MenuEntry> Menu { get; }

    /// <summary>Report templates this plugin owns (folder under <c>reports/</c>); empty by default.</summary>
    IReadOnlyList<string> ReportFolders => [];
}

/// <param name="Name">e.g. <c>sharing.leads.upload</c></param>
/// <param name="DisplayName">Chinese label shown on the role page.</param>
/// <param name="DefaultRoles">Role codes (see <see cref="Security.RoleCodes"/>) granted this permission when it first appears.</param>
public sealed record PermissionDefinition(string Name, string DisplayName, IReadOnlyList<string> DefaultRoles);

/// <param name="Group">Top menu label as in the manual, e.g. 信息共享 (see <see cref="MenuGroups"/>).</param>
/// <param name="Section">Optional second level, e.g. 中小企业; null for a direct item.</param>
/// <param name="Title">Item label, e.g. 信息上传.</param>
/// <param name="Url">Absolute app path.</param>
/// <param name="Permission">Shown only to holders of this permission.</param>
/// <param name="Order">Sort key inside the group.</param>
public sealed record MenuEntry(string Group, string? Section, string Title, string Url, string Permission, int Order = 100);

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
