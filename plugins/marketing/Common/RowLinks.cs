using System.Globalization;
using Microsoft.AspNetCore.Mvc;

namespace PostalCrm.Plugins.Marketing.Common;

/// <summary>
/// A list's per-row links from one resolved URL per action: an anchor tag helper per row resolves the route each time,
/// which cost more CPU than the page's query (issue 8). The route is resolved once with a marker id that the row's id
/// replaces, so the links stay exactly what the routes say.
/// </summary>
public sealed class RowLinks(IUrlHelper url)
{
    private const int Marker = 987654321;
    private static readonly string MarkerText = Marker.ToString(CultureInfo.InvariantCulture);
    private readonly Dictionary<string, string> _templates = [];

    public string For(string action, int id)
    {
        if (!_templates.TryGetValue(action, out var template))
            _templates[action] = template = url.Action(action, new { id = Marker }) ?? throw new InvalidOperationException($"no route for {action}");
        return template.Replace(MarkerText, id.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal);
    }
}
