using System.Collections.Concurrent;

namespace PostalCrm.Plugins.Marketing.Features.Performance;

/// <summary>
/// 业绩统计's computed pages for a short while (issue 8): a city's year read the usage plugin's daily summary on every
/// request (0.4 s of CPU on SQLite). The key is everything the page is made of — the user's area (the unit choices), the
/// chosen unit, the period and the exact managers the scope rule let through on this request (the scope itself is
/// applied on every request, before the cache) — so two users share an entry only when they would see the same page.
/// An entry is served for at most <see cref="MaxAge"/>: usage figures arrive by import in the usage plugin, which this
/// plugin cannot hear of, so new figures show at the latest a minute later. Concurrent misses of one key share one
/// computation, and the cache holds at most <see cref="MaxEntries"/> pages.
/// </summary>
public sealed class StatisticsCache(TimeProvider clock)
{
    public static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(60);
    public const int MaxEntries = 200;

    public sealed record Key(int AreaId, int? UnitId, DateOnly From, DateOnly To, string Managers);

    /// <summary>The page is computed once, by the request that put the entry in (it awaits it, so its database scope lives).</summary>
    private sealed record Entry(DateTimeOffset At, Lazy<Task<StatisticsPage>> Page)
    {
        public bool FreshAt(DateTimeOffset now) => now - At < MaxAge && !(Page.IsValueCreated && (Page.Value.IsFaulted || Page.Value.IsCanceled));
    }

    private readonly ConcurrentDictionary<Key, Entry> _entries = new();

    public async Task<StatisticsPage> GetAsync(Key key, Func<Task<StatisticsPage>> compute)
    {
        var now = clock.GetUtcNow();
        var mine = new Entry(now, new Lazy<Task<StatisticsPage>>(compute));
        var entry = _entries.AddOrUpdate(key, mine, (_, old) => old.FreshAt(now) ? old : mine);
        if (ReferenceEquals(entry, mine)) Trim(now);
        try
        {
            return await entry.Page.Value;
        }
        catch
        {
            _entries.TryRemove(new KeyValuePair<Key, Entry>(key, entry));
            throw;
        }
    }

    /// <summary>Drops expired entries when over the bound, and everything if that is not enough.</summary>
    private void Trim(DateTimeOffset now)
    {
        if (_entries.Count <= MaxEntries) return;
        foreach (var (k, e) in _entries)
            if (now - e.At >= MaxAge) _entries.TryRemove(new KeyValuePair<Key, Entry>(k, e));
        if (_entries.Count > MaxEntries) _entries.Clear();
    }
}
