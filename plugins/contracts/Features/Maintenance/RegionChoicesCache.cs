using System.Collections.Concurrent;
using PostalCrm.Sdk.Organisation;

namespace PostalCrm.Plugins.Contracts.Features.Maintenance;

/// <summary>
/// 按地区查看's choices for an area, kept briefly: they depend on the area alone (its id and path), the area tree changes
/// rarely, and reading it cost every list request a statement of its own (issue 10). An administrator's change to the
/// tree shows within <see cref="TimeToLive"/>. Choosing a region is still checked against the user's scope on the server.
/// </summary>
public sealed class RegionChoicesCache(TimeProvider clock)
{
    public static readonly TimeSpan TimeToLive = TimeSpan.FromSeconds(30);

    private sealed record Entry(DateTimeOffset Expires, IReadOnlyList<RegionChoice> Choices);

    private readonly ConcurrentDictionary<(int Id, string Path), Entry> _byArea = new();

    public async Task<IReadOnlyList<RegionChoice>> GetAsync(OrgUnit area, Func<Task<IReadOnlyList<RegionChoice>>> load)
    {
        var key = (area.Id, area.Path);
        var now = clock.GetUtcNow();
        if (_byArea.TryGetValue(key, out var hit) && hit.Expires > now) return hit.Choices;
        var choices = await load();
        _byArea[key] = new Entry(now + TimeToLive, choices);
        return choices;
    }
}
