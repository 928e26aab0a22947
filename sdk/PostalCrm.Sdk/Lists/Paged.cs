namespace PostalCrm.Sdk.Lists;

/// <summary>One page of a list: the rows, the page number (from 1), the size and the total. The host's <c>_Pager</c> partial shows its links.</summary>
public sealed class Paged<T>(IReadOnlyList<T> items, int page, int pageSize, long total)
{
    public IReadOnlyList<T> Items { get; } = items;
    public int Page { get; } = page;
    public int PageSize { get; } = pageSize;
    public long Total { get; } = total;
    public int Pages => (int)Math.Max(1, (Total + PageSize - 1) / PageSize);

    /// <summary>The model of the host's <c>_Pager</c> partial; <paramref name="route"/> holds the list's filters, kept on every link.</summary>
    public (int Page, int Pages, long Total, IDictionary<string, string> Route) PagerModel(IDictionary<string, string>? route = null) =>
        (Page, Pages, Total, route ?? new Dictionary<string, string>());
}

public static class Paged
{
    /// <summary>Counts the query, clamps the page into 1…pages and reads that page (the query must be ordered).</summary>
    public static async Task<Paged<T>> OfAsync<T>(IQueryable<T> query, int page, int pageSize, CancellationToken ct = default)
    {
        var total = await query.LongCountAsync(ct);
        var pages = (int)Math.Max(1, (total + pageSize - 1) / pageSize);
        page = Math.Clamp(page, 1, pages);
        var items = await query.Skip((page - 1) * pageSize).Take(pageSize).ToListAsync(ct);
        return new Paged<T>(items, page, pageSize, total);
    }

    /// <summary>
    /// <see cref="OfAsync{T}"/> with the asked page read first (SDK 1.18): a page short of full, and not past the end, is the
    /// last one, so its rows settle the total and no count statement is run (a search that finds a few rows: one statement
    /// less a request). A full page is counted; a page past the end is counted, clamped and read again.
    /// </summary>
    public static async Task<Paged<T>> OfPageFirstAsync<T>(IQueryable<T> query, int page, int pageSize, CancellationToken ct = default)
    {
        page = BoundedCount.AskedPage(page, pageSize);
        var items = await query.Skip((page - 1) * pageSize).Take(pageSize).ToListAsync(ct);
        if (items.Count > 0 && items.Count < pageSize || items.Count == 0 && page == 1)
            return new Paged<T>(items, page, pageSize, (long)(page - 1) * pageSize + items.Count);
        if (items.Count == 0) return await OfAsync(query, page, pageSize, ct);
        return new Paged<T>(items, page, pageSize, await query.LongCountAsync(ct));
    }

    /// <summary>The page of rows already in memory (a cached report's rows), the page clamped into 1…pages.</summary>
    public static Paged<T> Of<T>(IReadOnlyList<T> all, int page, int pageSize)
    {
        var pages = Math.Max(1, (all.Count + pageSize - 1) / pageSize);
        page = Math.Clamp(page, 1, pages);
        return new Paged<T>([.. all.Skip((page - 1) * pageSize).Take(pageSize)], page, pageSize, all.Count);
    }
}

/// <summary>A count stopped at a bound (issue 8): <see cref="Total"/> rows, or at least that many when <see cref="More"/> ("10,000+").</summary>
public sealed record BoundedCount(int Total, bool More, int Page, int Pages)
{
    /// <summary>Rows counted at most per list request (or up to the page asked for, if further).</summary>
    public const int Limit = 10_000;

    /// <summary>
    /// Counts at most <see cref="Limit"/> rows of <paramref name="query"/> (or enough for the asked page plus one) and
    /// clamps the page into what was counted: a list page never counts a whole city's rows per request.
    /// </summary>
    public static async Task<BoundedCount> OfAsync<T>(IQueryable<T> query, int page, int pageSize, CancellationToken ct = default)
    {
        var limit = LimitFor(page, pageSize);
        return Counted(await query.Take(limit + 1).CountAsync(ct), limit, page, pageSize);
    }

    /// <summary>The count of a query's first <paramref name="limit"/> + 1 rows, as a bounded count for <paramref name="page"/>.</summary>
    internal static BoundedCount Counted(int counted, int limit, int page, int pageSize) =>
        counted > limit ? Over(limit, page, pageSize) : Of(counted, false, page, pageSize);

    /// <summary>Rows counted for a page: <see cref="Limit"/>, or enough for the asked page plus one.</summary>
    public static int LimitFor(int page, int pageSize) => Math.Max(Limit, (Math.Max(1, page) + 1) * pageSize);

    /// <summary>The page asked for, from 1 and small enough that its first row's offset fits an <see cref="int"/>.</summary>
    public static int AskedPage(int page, int pageSize) => Math.Clamp(page, 1, int.MaxValue / pageSize - 1);

    /// <summary>A count known exactly (not bounded).</summary>
    public static BoundedCount Exact(int total, int page, int pageSize) => Of(total, false, page, pageSize);

    /// <summary>The count of a query known to have more than <paramref name="limit"/> rows.</summary>
    public static BoundedCount Over(int limit, int page, int pageSize) => Of(limit, true, page, pageSize);

    private static BoundedCount Of(int total, bool more, int page, int pageSize)
    {
        var pages = Math.Max(1, (total + pageSize - 1) / pageSize);
        return new BoundedCount(total, more, Math.Clamp(page, 1, pages), pages);
    }
}
