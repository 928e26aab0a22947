using PostalCrm.Host.Plugins;
using PostalCrm.Host.Security;
using PostalCrm.Sdk.Plugins;
using PostalCrm.Sdk.Security;

namespace PostalCrm.Host.Menu;

public sealed record MenuSection(string? Title, IReadOnlyList<MenuEntry> Items);
public sealed record MenuGroup(string Title, IReadOnlyList<MenuSection> Sections);

/// <summary>The menu of the enabled plugins and the host, cut down to the user's permissions.</summary>
public sealed class MenuComposer(PluginCatalog catalog)
{
    private readonly IReadOnlyList<MenuEntry> _entries =
        [.. HostPermissions.Menu, .. catalog.Loaded.SelectMany(p => p.Instance!.Menu)];

    public IReadOnlyList<MenuGroup> For(ICurrentUser user)
    {
        if (!user.IsAuthenticated) return [];
        // An item may be offered under several permissions (e.g. 客户注册审批 to pre- and initial reviewers): once.
        var visible = _entries.Where(e => user.Has(e.Permission)).DistinctBy(e => e.Url).ToList();
        var groupOrder = MenuGroups.Ordered.ToList();
        return
        [
            .. visible.GroupBy(e => e.Group)
                .OrderBy(g => groupOrder.IndexOf(g.Key) is var i and >= 0 ? i : int.MaxValue)
                .Select(g => new MenuGroup(g.Key,
                [
                    .. g.GroupBy(e => e.Section)
                        .OrderBy(s => s.Min(e => e.Order))
                        .Select(s => new MenuSection(s.Key, [.. s.OrderBy(e => e.Order)])),
                ])),
        ];
    }
}
