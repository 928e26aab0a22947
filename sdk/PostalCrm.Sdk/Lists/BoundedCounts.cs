using System.Collections.Concurrent;

namespace PostalCrm.Sdk.Lists;

/// <summary>
/// The counts of lists, remembered per list and filter until the next write, for <see cref="TimeToLive"/> at most (issue 8):
/// a full page of a list (初审's 720 applications of a city, a city's records of two months) would otherwise count its rows
/// again on every request and every page turn — a tenth of such a page's cost. The host calls <see cref="Forget"/> on every
/// signed-in write request (a POST), when its response starts (the write is committed by then) and again when it ends, so
/// a change made through the portal, by the user or by a colleague, shows in every total on the next view. Only a write made
/// outside the portal (another process, SQL by hand) shows later, within the minute; a job of a plugin that writes in the
/// background calls <see cref="Forget"/> itself. The key names the list, the user and every filter value; it decides only
/// the count shown, never which rows are read, and a short page's count comes from its rows (<see cref="OfReadPageAsync{T}"/>).
/// </summary>
public sealed class BoundedCounts(TimeProvider clock)
{
    public static readonly TimeSpan TimeToLive = TimeSpan.FromMinutes(1);

    /// <summary>Entries kept at most; past it the expired ones are swept out (and all of them if none has expired).</summary>
    public const int MaxEntries = 20_000;

    /// <summary>
    /// A count as read: exact up to <paramref name="Limit"/> rows, or more than that when <paramref name="More"/>; or a
    /// figure (<paramref name="Figure"/>, <see cref="FigureAsync{T}"/>).
    /// </summary>
    private readonly record struct Kept(DateTimeOffset Expires, int Limit, int Total, bool More, object? Figure = null);

    private readonly ConcurrentDictionary<string, Kept> _kept = new(StringComparer.Ordinal);

    // The figures and counts being read now, with the generation each read began in (SharedAsync).
    private readonly ConcurrentDictionary<string, (long Generation, Task<object?> Read)> _reading = new(StringComparer.Ordinal);

    // Bumped by every Forget: a count read while a write committed is not kept (it may predate the write).
    private long _generation;

    /// <summary>Counts at most <see cref="BoundedCount.Limit"/> rows (or up to the asked page) and clamps the page; remembered under <paramref name="key"/>.</summary>
    public async Task<BoundedCount> OfAsync<T>(IQueryable<T> query, int page, int pageSize, string key, CancellationToken ct = default)
    {
        var limit = BoundedCount.LimitFor(page, pageSize);
        if (Remembered(key) is { Figure: null, Limit: > 0 } hit && (!hit.More || hit.Limit >= limit))
            return hit.More ? BoundedCount.Over(limit, page, pageSize) : BoundedCount.Exact(hit.Total, page, pageSize);
        var generation = Interlocked.Read(ref _generation);
        // Shared as a figure's read is, by requests that count up to the same limit (it depends on the page asked for).
        var counted = await SharedAsync($"{key}\n{limit}", generation, () => query.Take(limit + 1).CountAsync(ct), static _ => true);
        var bounded = BoundedCount.Counted(counted, limit, page, pageSize);
        Keep(key, generation, new Kept(default, limit, bounded.Total, bounded.More));
        return bounded;
    }

    /// <summary>The exact count of <paramref name="query"/>, remembered under <paramref name="key"/> (lists that are never long enough to need a bound).</summary>
    public Task<int> CountAsync<T>(IQueryable<T> query, string key, CancellationToken ct = default) => FigureAsync(key, () => query.CountAsync(ct));

    /// <summary>
    /// Another figure of a list — a sum of its rows, whether the user owns any, a short reference list it offers — read by
    /// <paramref name="read"/> and remembered under <paramref name="key"/> as a count is (until the next write, a minute at
    /// most). The value must not be changed by its users.
    /// </summary>
    public Task<T> FigureAsync<T>(string key, Func<Task<T>> read) => FigureAsync(key, read, static _ => true);

    /// <summary>
    /// <see cref="FigureAsync{T}(string, Func{Task{T}})"/>, but a remembered figure that fails <paramref name="stillGood"/>
    /// (a list of names that lacks an id just written elsewhere) is read again at once.
    /// </summary>
    public async Task<T> FigureAsync<T>(string key, Func<Task<T>> read, Func<T, bool> stillGood)
    {
        if (Remembered(key) is { Figure: T value } && stillGood(value)) return value;
        var generation = Interlocked.Read(ref _generation);
        var figure = await SharedAsync(key, generation, read, stillGood);
        Keep(key, generation, new Kept(default, 0, 0, false, figure));
        return figure;
    }

    /// <summary>
    /// <paramref name="read"/>, or the same read another request began under <paramref name="readKey"/> in the same
    /// generation. Requests that miss the same figure or count together share one read: at a minute's end, or after any
    /// write, the 32 requests in flight would otherwise each read the same 5,000 users' names (DisplayNames), or count the
    /// same 10,001 records, at once. A request joins only a read begun since the last write, and reads for itself when the
    /// shared one fails or lacks an id it needs.
    /// </summary>
    private async Task<T> SharedAsync<T>(string readKey, long generation, Func<Task<T>> read, Func<T, bool> stillGood)
    {
        var mine = new TaskCompletionSource<object?>(TaskCreationOptions.RunContinuationsAsynchronously);
        var reading = _reading.AddOrUpdate(readKey, (generation, mine.Task),
            (_, other) => other.Generation == generation && !other.Read.IsCompleted ? other : (generation, mine.Task));
        if (reading.Read != mine.Task)
        {
            try
            {
                if (await reading.Read is T shared && stillGood(shared)) return shared;
            }
            catch (Exception) when (!reading.Read.IsCompletedSuccessfully)
            {
                // The other request's read failed (its request was cancelled, say): this one reads below.
            }
            return await read();
        }
        try
        {
            var figure = await read();
            mine.SetResult(figure);
            return figure;
        }
        catch (Exception e)
        {
            mine.SetException(e);
            _ = mine.Task.Exception; // marked observed: perhaps no request is waiting for it
            throw;
        }
        finally
        {
            _reading.TryRemove(KeyValuePair.Create(readKey, reading));
        }
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

    /// <summary>Something was written: every remembered count is read again on its next use.</summary>
    public void Forget()
    {
        Interlocked.Increment(ref _generation);
        _kept.Clear();
    }

    private Kept? Remembered(string key) => _kept.TryGetValue(key, out var hit) && hit.Expires > clock.GetUtcNow() ? hit : null;

    private void Keep(string key, long generation, Kept counted)
    {
        var now = clock.GetUtcNow();
        if (_kept.Count >= MaxEntries) Sweep(now);
        _kept[key] = counted with { Expires = now + TimeToLive };
        // A write committed while this count ran: it may not include the write, so it is not kept.
        if (Interlocked.Read(ref _generation) != generation) _kept.TryRemove(key, out _);
    }

    private void Sweep(DateTimeOffset now)
    {
        foreach (var (key, entry) in _kept)
            if (entry.Expires <= now) _kept.TryRemove(key, out _);
        if (_kept.Count >= MaxEntries) _kept.Clear();
    }
}
