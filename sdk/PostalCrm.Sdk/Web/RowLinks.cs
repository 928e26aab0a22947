using System.Globalization;
using Microsoft.AspNetCore.Mvc;

namespace PostalCrm.Sdk.Web;

/// <summary>
/// A list's per-row links from one resolved URL per action: an anchor tag helper per row resolves its route each time,
/// which cost more CPU than the page's queries (issues 8 and 10, CPU profiles; up to 100 links on a page of arrears).
/// The route is resolved once with a marker id that the row's id replaces, so the links stay exactly what the routes say.
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
