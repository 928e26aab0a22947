using System.Globalization;
using Microsoft.AspNetCore.Mvc;

namespace PostalCrm.Plugins.Contracts.Common;

/// <summary>
/// A list's per-row links from one resolved URL each: link generation per anchor (up to five per row, 100 on a page of
/// arrears) cost more CPU than the page's queries (issue 10, CPU profile). The route is resolved once with a marker id
/// that the row's id replaces, so the links stay exactly what the routes say.
/// </summary>
public sealed class RowLinks(IUrlHelper url)
{
    private const int Marker = 987654321;
    private static readonly string MarkerText = Marker.ToString(CultureInfo.InvariantCulture);
    private readonly Dictionary<(string Action, string? Controller), string> _templates = [];

    public string For(string action, int id, string? controller = null)
    {
        if (!_templates.TryGetValue((action, controller), out var template))
            _templates[(action, controller)] = template = url.Action(action, controller, new { id = Marker })
                ?? throw new InvalidOperationException($"no route for {controller}.{action}");
        return template.Replace(MarkerText, id.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal);
    }
}
