namespace PostalCrm.Plugins.Usage.Common;

/// <summary>One page of a list: the rows, the page number (from 1), the size and the total.</summary>
public sealed class Paged<T>(IReadOnlyList<T> items, int page, int pageSize, long total)
{
    public IReadOnlyList<T> Items { get; } = items;
    public int Page { get; } = page;
    public int PageSize { get; } = pageSize;
    public long Total { get; } = total;
    public int Pages => (int)Math.Max(1, (Total + PageSize - 1) / PageSize);
}

public static class Paged
{
    public static async Task<Paged<T>> OfAsync<T>(IQueryable<T> query, int page, int pageSize, CancellationToken ct = default)
    {
        var total = await query.LongCountAsync(ct);
        var pages = (int)Math.Max(1, (total + pageSize - 1) / pageSize);
        page = Math.Clamp(page, 1, pages);
        var items = await query.Skip((page - 1) * pageSize).Take(pageSize).ToListAsync(ct);
        return new Paged<T>(items, page, pageSize, total);
    }
}
