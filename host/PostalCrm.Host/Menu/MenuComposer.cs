using PostalCrm.Host.Plugins;
using PostalCrm.Host.Security;
using PostalCrm.Sdk.Plugins;
using PostalCrm.Sdk.Security;

namespace PostalCrm.Host.Menu;

public sealed record MenuItem(string Title, string Url, int Order);
public sealed record MenuSection(string? Title, IReadOnlyList<MenuItem> Items);
public sealed record MenuGroup(string Title, IReadOnlyList<MenuSection> Sections);

/// <summary>
/// The menu of the enabled plugins and the host, cut down to the user's permissions. Each entry's link is resolved
/// from its controller and action inside its plugin (the plugin id is the MVC area; host entries have none).
/// </summary>
public sealed class MenuComposer(PluginCatalog catalog, LinkGenerator links, ILogger<MenuComposer> log)
{
    private readonly IReadOnlyList<(string? Area, MenuEntry Entry)> _entries =
    [
        .. HostPermissions.Menu.Select(e => ((string?)null, e)),
        .. catalog.Loaded.SelectMany(p => p.Instance!.Menu.Select(e => ((string?)p.Id, e))),
    ];

    /// <summary>Each entry's link, resolved once per path base: the routes are fixed once the plugins are loaded (every page
    /// renders the menu, and resolving ~40 links cost a measurable part of a page's time, issue 8).</summary>
    private readonly System.Collections.Concurrent.ConcurrentDictionary<(int Entry, string PathBase), string?> _urls = new();

    /// <summary>The menus composed so far, by the entries a user's permissions show and the path base: a handful of
    /// roles give a handful of menus, and every page renders one (issue 8: grouping and ordering ~40 entries per request).</summary>
    private readonly System.Collections.Concurrent.ConcurrentDictionary<(string Shown, string PathBase), IReadOnlyList<MenuGroup>> _menus = new();

    public IReadOnlyList<MenuGroup> For(ICurrentUser user, PathString pathBase = default)
    {
        if (!user.IsAuthenticated) return [];
        var shown = new char[_entries.Count];
        for (var i = 0; i < _entries.Count; i++) shown[i] = _entries[i].Entry.AnyOf.Any(user.Has) ? '1' : '0';
        return _menus.GetOrAdd((new string(shown), pathBase.Value ?? ""), key => Compose(key.Shown, pathBase));
    }

    private IReadOnlyList<MenuGroup> Compose(string shown, PathString pathBase)
    {
        var visible = new List<(string Group, string? Section, MenuItem Item)>();
        for (var i = 0; i < _entries.Count; i++)
        {
            var (area, e) = _entries[i];
            if (shown[i] != '1') continue;
            var url = _urls.GetOrAdd((i, pathBase.Value ?? ""), _ => Resolve(area, e, pathBase));
            if (url is null) continue;
            visible.Add((e.Group, e.Section, new MenuItem(e.Title, url, e.Order)));
        }
        var groupOrder = MenuGroups.Ordered.ToList();
        return
        [
            .. visible.GroupBy(e => e.Group)
                .OrderBy(g => groupOrder.IndexOf(g.Key) is var i and >= 0 ? i : int.MaxValue)
                .Select(g => new MenuGroup(g.Key,
                [
                    .. g.GroupBy(e => e.Section)
                        .OrderBy(s => s.Min(e => e.Item.Order))
                        .Select(s => new MenuSection(s.Key, [.. s.Select(e => e.Item).OrderBy(i => i.Order)])),
                ])),
        ];
    }

    private string? Resolve(string? area, MenuEntry e, PathString pathBase)
    {
        var values = new RouteValueDictionary { ["area"] = area };
        foreach (var (k, v) in e.Link.RouteValues ?? new Dictionary<string, string>()) values[k] = v;
        var url = links.GetPathByAction(e.Link.Action, e.Link.Controller, values, pathBase);
        // A plugin's menu naming an action it does not have: leave the item out rather than render a dead link.
        if (url is null) log.LogWarning("Menu entry {Title} of {Area}: no route for {Controller}.{Action}", e.Title, area ?? "host", e.Link.Controller, e.Link.Action);
        return url;
    }
}
