using System.Collections.Concurrent;

namespace PostalCrm.Sdk.Lists;

/// <summary>
/// <see cref="BoundedCount"/> with the counts that reached the bound remembered for <see cref="TimeToLive"/> per list
/// and filter (issue 8): a city's list that says "10,000+" would otherwise count 10,001 index entries again on every
/// request and every page turn. A count under the bound is never remembered, so a short list always shows a new or
/// removed row at once; a list over the bound says "10,000+" either way. The key names the list, the user and every
/// filter value; it decides only the count shown, never which rows are read.
/// </summary>
public sealed class BoundedCounts(TimeProvider clock)
{
    public static readonly TimeSpan TimeToLive = TimeSpan.FromMinutes(1);

    /// <summary>Entries kept at most; past it the expired ones are swept out (and all of them if none has expired).</summary>
    public const int MaxEntries = 20_000;

    private readonly ConcurrentDictionary<string, (DateTimeOffset Expires, int Limit)> _overBound = new(StringComparer.Ordinal);

    public async Task<BoundedCount> OfAsync<T>(IQueryable<T> query, int page, int pageSize, string key, CancellationToken ct = default)
    {
        var limit = BoundedCount.LimitFor(page, pageSize);
        var now = clock.GetUtcNow();
        if (_overBound.TryGetValue(key, out var hit) && hit.Expires > now && hit.Limit >= limit) return BoundedCount.Over(limit, page, pageSize);
        var counted = await BoundedCount.OfAsync(query, page, pageSize, ct);
        if (counted.More)
        {
            if (_overBound.Count >= MaxEntries) Sweep(now);
            _overBound[key] = (now + TimeToLive, limit);
        }
        return counted;
    }

    /// <summary>
    /// The count of a list whose asked page was read first: a page short of full, and not past the end, is the last one,
    /// so its rows settle the total without a count statement (a filter that finds a few rows: one statement less per
    /// request). A full page, or an empty one past the first, is counted as <see cref="OfAsync{T}"/> does; when that
    /// clamps the page (it was past the end), the caller reads the returned page instead.
    /// </summary>
    public Task<BoundedCount> OfReadPageAsync<T>(IQueryable<T> query, int page, int pageSize, int rowsOnPage, string key, CancellationToken ct = default)
    {
        page = BoundedCount.AskedPage(page, pageSize);
        return rowsOnPage > 0 && rowsOnPage < pageSize || rowsOnPage == 0 && page == 1
            ? Task.FromResult(BoundedCount.Exact((page - 1) * pageSize + rowsOnPage, page, pageSize))
            : OfAsync(query, page, pageSize, key, ct);
    }

    private void Sweep(DateTimeOffset now)
    {
        foreach (var (key, entry) in _overBound)
            if (entry.Expires <= now) _overBound.TryRemove(key, out _);
        if (_overBound.Count >= MaxEntries) _overBound.Clear();
    }
}
