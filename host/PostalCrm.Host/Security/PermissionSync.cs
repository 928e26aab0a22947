using PostalCrm.Sdk.Data;
using PostalCrm.Sdk.Plugins;
using PostalCrm.Sdk.Security;

namespace PostalCrm.Host.Security;

public static class PermissionSync
{
    /// <summary>
    /// Records permissions seen for the first time and grants them to their default roles. A permission already
    /// known keeps whatever grants the administrator has since given or taken away.
    /// </summary>
    public static async Task SyncAsync(PostalDb db, string source, IEnumerable<PermissionDefinition> definitions)
    {
        var known = (await db.PermissionCatalog.Select(p => p.Name).ToListAsync()).ToHashSet(StringComparer.Ordinal);
        var roles = (await db.Roles.Select(r => r.Code).ToListAsync()).ToHashSet(StringComparer.Ordinal);
        foreach (var d in definitions.Where(d => !known.Contains(d.Name)))
        {
            await db.InsertAsync(new PermissionCatalogEntry { Name = d.Name, DisplayName = d.DisplayName, Source = source });
            foreach (var role in d.DefaultRoles.Where(roles.Contains).Distinct())
                await db.InsertAsync(new RoleGrant { RoleCode = role, Permission = d.Name });
        }
    }

    /// <summary>
    /// Marks retired every catalogue permission that nothing running declares (its plugin was disabled, removed, or
    /// no longer has it) and un-retires the declared ones. Rows and grants stay: audit keeps the names, and a
    /// plugin enabled again (or a permission declared again) gets its grants back as they were.
    /// </summary>
    public static async Task RetireUndeclaredAsync(PostalDb db, IReadOnlySet<string> declared)
    {
        var names = declared.ToList();
        await db.PermissionCatalog.Where(p => !names.Contains(p.Name) && !p.Retired).Set(p => p.Retired, true).UpdateAsync();
        await db.PermissionCatalog.Where(p => names.Contains(p.Name) && p.Retired).Set(p => p.Retired, false).UpdateAsync();
    }
}
