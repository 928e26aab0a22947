using PostalCrm.Host.Plugins;
using PostalCrm.Sdk.Plugins;

namespace PostalCrm.Host.Security;

/// <summary>
/// The permissions the host and the loaded plugins declare in this run, with their implications. A user's
/// effective permissions are their role grants that are still declared, plus every permission those imply.
/// </summary>
public sealed class DeclaredPermissions
{
    private readonly Dictionary<string, PermissionDefinition> _byName = new(StringComparer.Ordinal);
    // implying permission → permissions it implies (ImpliedBy read backwards).
    private readonly Dictionary<string, List<string>> _implies = new(StringComparer.Ordinal);

    public DeclaredPermissions(IEnumerable<PermissionDefinition> definitions)
    {
        foreach (var d in definitions)
        {
            _byName.TryAdd(d.Name, d);
            foreach (var by in d.ImpliedBy ?? [])
            {
                if (!_implies.TryGetValue(by, out var list)) _implies[by] = list = [];
                list.Add(d.Name);
            }
        }
    }

    /// <summary>The host's permissions and those of every plugin loaded at start-up (a plugin refused later keeps none).</summary>
    public static DeclaredPermissions From(PluginCatalog catalog) =>
        new([.. HostPermissions.All, .. catalog.Loaded.SelectMany(p => p.Instance!.Permissions)]);

    public IReadOnlySet<string> Names => _byName.Keys.ToHashSet(StringComparer.Ordinal);

    /// <summary>Granted ∩ declared, closed under implication.</summary>
    public HashSet<string> Effective(IEnumerable<string> granted)
    {
        var result = new HashSet<string>(StringComparer.Ordinal);
        var todo = new Stack<string>(granted.Where(_byName.ContainsKey));
        while (todo.TryPop(out var p))
        {
            if (!result.Add(p)) continue;
            if (_implies.TryGetValue(p, out var implied))
                foreach (var i in implied.Where(_byName.ContainsKey)) todo.Push(i);
        }
        return result;
    }
}
