using Microsoft.AspNetCore.Mvc;
using PostalCrm.Host.Plugins;
using PostalCrm.Host.Security;
using PostalCrm.Sdk.Audit;
using PostalCrm.Sdk.Data;
using PostalCrm.Sdk.Security;

namespace PostalCrm.Host.Features.Roles;

public sealed record RoleRow(Role Role, int Users, int Permissions);

public sealed record PermissionGroup(string Source, string Title, IReadOnlyList<PermissionCatalogEntry> Permissions);

public sealed class RoleEditPage
{
    public required Role Role { get; init; }
    public IReadOnlyList<PermissionGroup> Groups { get; init; } = [];
    public IReadOnlySet<string> Granted { get; init; } = new HashSet<string>();
}

/// <summary>
/// 角色权限: which permissions each role holds. Permissions are read from the database on every request
/// (<see cref="CurrentUserMiddleware"/>), so a change takes effect on the users' next request.
/// </summary>
[Route("admin/roles"), RequirePermission(HostPermissions.Roles)]
public sealed class RolesController(PostalDb db, AuditLog audit, PluginCatalog plugins) : Controller
{
    [HttpGet("")]
    public async Task<IActionResult> Index()
    {
        var roles = await db.Roles.ToListAsync();
        var users = (await db.UserRoles.GroupBy(r => r.RoleCode).Select(g => new { g.Key, Count = g.Count() }).ToListAsync())
            .ToDictionary(x => x.Key, x => x.Count);
        var grants = (await db.RoleGrants.GroupBy(r => r.RoleCode).Select(g => new { g.Key, Count = g.Count() }).ToListAsync())
            .ToDictionary(x => x.Key, x => x.Count);
        var order = RoleCodes.All.ToList();
        var rows = roles
            .OrderBy(r => order.IndexOf(r.Code) is var i and >= 0 ? i : int.MaxValue).ThenBy(r => r.Code, StringComparer.Ordinal)
            .Select(r => new RoleRow(r, users.GetValueOrDefault(r.Code), grants.GetValueOrDefault(r.Code)))
            .ToList();
        return View("Index", rows);
    }

    [HttpGet("{code}")]
    public async Task<IActionResult> Edit(string code)
    {
        var role = await FindAsync(code);
        var granted = await db.RoleGrants.Where(g => g.RoleCode == role.Code).Select(g => g.Permission).ToListAsync();
        return View("Edit", await PageAsync(role, granted));
    }

    [HttpPost("{code}")]
    public async Task<IActionResult> Edit(string code, List<string>? permissions)
    {
        var role = await FindAsync(code);
        var chosen = (permissions ?? []).Where(p => !string.IsNullOrWhiteSpace(p)).ToHashSet(StringComparer.Ordinal);
        return await this.ChangeAsync(db, async () =>
            {
                // Retired permissions are not offered; their grants stay untouched (re-enabling the plugin restores them).
                var known = (await db.PermissionCatalog.Where(p => !p.Retired).Select(p => p.Name).ToListAsync()).ToHashSet(StringComparer.Ordinal);
                if (!chosen.IsSubsetOf(known)) throw new BusinessRuleException("提交的权限中有系统中不存在的权限,请刷新页面后重试");
                if (role.Code == RoleCodes.Admin && !chosen.Contains(HostPermissions.Roles))
                    throw new BusinessRuleException("系统管理员必须保留“角色权限管理”权限,否则将无人能再分配权限");

                var before = (await db.RoleGrants.Where(g => g.RoleCode == role.Code).Select(g => g.Permission).ToListAsync())
                    .Where(known.Contains).ToList();
                var removed = before.Except(chosen).ToList();
                var added = chosen.Except(before).ToList();
                if (removed.Count == 0 && added.Count == 0) return;
                foreach (var p in removed) await db.RoleGrants.Where(g => g.RoleCode == role.Code && g.Permission == p).DeleteAsync();
                foreach (var p in added) await db.InsertAsync(new RoleGrant { RoleCode = role.Code, Permission = p });
                await audit.WriteAsync("role_permissions", role.Code, "update",
                    new { Role = role.Code, Permissions = before.Order(StringComparer.Ordinal).ToList() },
                    new { Role = role.Code, Permissions = chosen.Order(StringComparer.Ordinal).ToList() });
            },
            $"已保存角色“{role.Name}”的权限", () => RedirectToAction(nameof(Edit), new { code = role.Code }),
            async () => View("Edit", await PageAsync(role, chosen)));
    }

    private async Task<Role> FindAsync(string code) =>
        await db.Roles.FirstOrDefaultAsync(r => r.Code == code) ?? throw new OutOfScopeException("角色不存在");

    private async Task<RoleEditPage> PageAsync(Role role, IEnumerable<string> granted)
    {
        var catalog = await db.PermissionCatalog.Where(p => !p.Retired).ToListAsync();
        var groups = catalog
            .GroupBy(p => p.Source)
            .OrderBy(g => g.Key == "host" ? 0 : 1).ThenBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new PermissionGroup(g.Key, SourceTitle(g.Key), [.. g.OrderBy(p => p.Name, StringComparer.Ordinal)]))
            .ToList();
        return new RoleEditPage { Role = role, Groups = groups, Granted = granted.ToHashSet(StringComparer.Ordinal) };
    }

    private string SourceTitle(string source)
    {
        if (source == "host") return "系统管理(主程序)";
        var plugin = plugins.All.FirstOrDefault(p => string.Equals(p.Id, source, StringComparison.OrdinalIgnoreCase));
        if (plugin is null) return $"插件 {source}(未安装)";
        var name = string.IsNullOrEmpty(plugin.Name) ? plugin.Id : plugin.Name;
        return plugin.State == PluginState.Loaded ? $"{name}({plugin.Id})" : $"{name}({plugin.Id},{plugin.StateName})";
    }
}
