using PostalCrm.Plugins.Usage.Data;
using PostalCrm.Sdk.Data;
using PostalCrm.Sdk.Usage;

namespace PostalCrm.Plugins.Usage.Common;

/// <summary>
/// The SDK's <see cref="IUsageFigures"/> over <see cref="UsageDaily"/> (statistics of 营销管理 and KPI). Callers pass the
/// managers they may see (their own scope rule); this class adds none. Grouped on the database, money in whole 分.
/// </summary>
public sealed class UsageFigures(PostalDb db) : IUsageFigures
{
    // Date ranges through SqlDates: the bare column lets ix_usage_daily_manager_date seek manager and date range on SQLite.
    public async Task<IReadOnlyList<UsageFigure>> RevenueAsync(DateOnly first, DateOnly last, IReadOnlyCollection<int> managerUserIds, CancellationToken ct = default)
    {
        if (managerUserIds.Count == 0) return [];
        var ids = managerUserIds.Distinct().ToList();
        var rows = await (
            from d in db.GetTable<UsageDaily>()
            where SqlDates.OnOrAfter(d.UsageDate, first) && SqlDates.OnOrBefore(d.UsageDate, last) && ids.Contains(d.ManagerUserId)
            group d by new { d.ManagerUserId, d.ProductLineId, d.UsageDate } into g
            select new { g.Key.ManagerUserId, g.Key.ProductLineId, g.Key.UsageDate, Actual = g.Sum(x => x.ActualFen), Count = g.Sum(x => x.RecordCount) })
            .ToListAsync(ct);
        return [.. rows.Select(r => new UsageFigure(r.ManagerUserId, r.ProductLineId, r.UsageDate, r.Actual, r.Count))];
    }

    /// <summary>Grouped by the database over <c>ix_usage_daily_manager_date</c> (a seek per manager, totals read from the index).</summary>
    public async Task<IReadOnlyList<UsageLineTotal>> RevenueByLineAsync(DateOnly first, DateOnly last, IReadOnlyCollection<int> managerUserIds, CancellationToken ct = default)
    {
        if (managerUserIds.Count == 0) return [];
        var ids = managerUserIds.Distinct().ToList();
        var rows = await (
            from d in db.GetTable<UsageDaily>()
            where SqlDates.OnOrAfter(d.UsageDate, first) && SqlDates.OnOrBefore(d.UsageDate, last) && ids.Contains(d.ManagerUserId)
            group d by new { d.ManagerUserId, d.ProductLineId } into g
            select new { g.Key.ManagerUserId, g.Key.ProductLineId, Actual = g.Sum(x => x.ActualFen), Count = g.Sum(x => x.RecordCount) })
            .ToListAsync(ct);
        return [.. rows.Select(r => new UsageLineTotal(r.ManagerUserId, r.ProductLineId, r.Actual, r.Count))];
    }

    /// <summary>Grouped by the database on the date's year and month (same index as <see cref="RevenueByLineAsync"/>).</summary>
    public async Task<IReadOnlyList<UsageMonthTotal>> RevenueByMonthAsync(DateOnly first, DateOnly last, IReadOnlyCollection<int> managerUserIds, CancellationToken ct = default)
    {
        if (managerUserIds.Count == 0) return [];
        var ids = managerUserIds.Distinct().ToList();
        var rows = await (
            from d in db.GetTable<UsageDaily>()
            where SqlDates.OnOrAfter(d.UsageDate, first) && SqlDates.OnOrBefore(d.UsageDate, last) && ids.Contains(d.ManagerUserId)
            group d by new { d.ManagerUserId, d.UsageDate.Year, d.UsageDate.Month } into g
            select new { g.Key.ManagerUserId, g.Key.Year, g.Key.Month, Actual = g.Sum(x => x.ActualFen), Count = g.Sum(x => x.RecordCount) })
            .ToListAsync(ct);
        return [.. rows.Select(r => new UsageMonthTotal(r.ManagerUserId, r.Year, r.Month, r.Actual, r.Count))];
    }

    public async Task<IReadOnlyDictionary<int, int>> CustomersServedAsync(DateOnly first, DateOnly last, IReadOnlyCollection<int> managerUserIds, CancellationToken ct = default)
    {
        if (managerUserIds.Count == 0) return new Dictionary<int, int>();
        var ids = managerUserIds.Distinct().ToList();
        var pairs =
            from d in db.GetTable<UsageDaily>()
            where SqlDates.OnOrAfter(d.UsageDate, first) && SqlDates.OnOrBefore(d.UsageDate, last) && ids.Contains(d.ManagerUserId)
            group d by new { d.ManagerUserId, d.CustomerId } into g
            select g.Key;
        var rows = await (from p in pairs group p by p.ManagerUserId into g select new { Manager = g.Key, Count = g.Count() }).ToListAsync(ct);
        return rows.ToDictionary(r => r.Manager, r => r.Count);
    }

    public async Task<IReadOnlyList<UsageDayRecord>> DayRecordsAsync(int managerUserId, DateOnly day, CancellationToken ct = default)
    {
        var rows = await (
            from r in db.GetTable<UsageRecord>()
            where r.ManagerUserId == managerUserId && r.UsageDate == day
            join c in db.BusinessCustomers on r.CustomerId equals c.Id
            join l in db.ProductLines on r.ProductLineId equals l.Id
            join t in db.BusinessTypes on r.BusinessTypeId equals t.Id
            orderby r.Id
            select new UsageDayRecord(r.Id, r.UsageDate, r.CustomerId, c.Name, l.Name, t.Name, r.Volume, r.ReceivableFen, r.ActualFen, r.Remarks))
            .ToListAsync(ct);
        return rows;
    }
}
