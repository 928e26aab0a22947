using PostalCrm.Sdk.Organisation;
using PostalCrm.Sdk.Security;

namespace PostalCrm.Plugins.Sharing.Common;

/// <summary>
/// Who sees what is shared with an area (F-7.1 SME leads, F-7.2 marketing cases): everyone in that area and
/// below it, and the levels above it, which oversee it. A user of a sibling area (another city) does not.
/// </summary>
public sealed class AreaSharing(ICurrentUser me, OrgTree tree, DataScope scope)
{
    private IReadOnlyList<int>? _visible;

    /// <summary>Areas whose shares the current user sees: every area above the user's own, and the user's subtree.</summary>
    public async Task<IReadOnlyList<int>> VisibleAreaIdsAsync()
    {
        if (_visible is null)
        {
            var above = await tree.LineageAsync(me.Area);
            var below = await scope.UnitIdsAsync();
            _visible = [.. above.Select(u => u.Id).Union(below)];
        }
        return _visible;
    }

    /// <summary>Throws <see cref="OutOfScopeException"/> (answered 404) unless the user sees what is shared with the area.</summary>
    public async Task EnsureVisibleAsync(int shareAreaId)
    {
        if (!(await VisibleAreaIdsAsync()).Contains(shareAreaId)) throw new OutOfScopeException();
    }

    /// <summary>The city (市/州) of the current user's area; the province itself for a provincial user.</summary>
    public async Task<OrgUnit> CurrentCityAsync()
    {
        var lineage = await tree.LineageAsync(me.Area);
        return lineage.Last(u => u.Kind == OrgUnitKind.Area && u.Level <= OrgLevel.City);
    }
}
