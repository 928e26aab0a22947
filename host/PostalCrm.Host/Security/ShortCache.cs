using System.Collections.Concurrent;

namespace PostalCrm.Host.Security;

/// <summary>
/// A value per key, kept for a short while (issue 8: what a page reads on every view but rarely changes). An entry is
/// dropped when it expires, by <see cref="Forget"/>, and by any administration write on this node
/// (<see cref="UserContextCache.Clear"/>: users, roles, grants, org units); other nodes see such a write within the time to live.
/// A value loaded while its key was forgotten, or while an administration write committed, is not kept.
/// </summary>
public class ShortCache<TKey, TValue>(TimeProvider clock, UserContextCache users, TimeSpan timeToLive) where TKey : notnull
{
    private sealed record Slot(long Version, long Generation, DateTimeOffset Expires, TValue Value);

    private readonly ConcurrentDictionary<TKey, Slot> _slots = new();
    private readonly ConcurrentDictionary<TKey, long> _versions = new();

    public async Task<TValue> GetAsync(TKey key, Func<Task<TValue>> load)
    {
        var version = _versions.GetValueOrDefault(key);
        var generation = users.Generation;
        if (_slots.TryGetValue(key, out var slot) && slot.Version == version && slot.Generation == generation && slot.Expires > clock.GetUtcNow())
            return slot.Value;
        var value = await load();
        if (_versions.GetValueOrDefault(key) == version && users.Generation == generation)
            _slots[key] = new Slot(version, generation, clock.GetUtcNow() + timeToLive, value);
        return value;
    }

    /// <summary>The key's value changed: the next read loads it again.</summary>
    public void Forget(TKey key)
    {
        _versions.AddOrUpdate(key, 1, (_, v) => v + 1);
        _slots.TryRemove(key, out _);
    }
}
