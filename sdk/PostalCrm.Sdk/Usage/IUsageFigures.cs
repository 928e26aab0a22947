namespace PostalCrm.Sdk.Usage;

/// <summary>
/// Read contract over the usage plugin's daily summary (用邮日汇总) for statistics of other plugins (营销管理, KPI):
/// revenue per customer manager × product line × day, in exact money (whole 分). Implemented by the usage plugin and
/// registered in its services; resolve it as <c>IEnumerable&lt;IUsageFigures&gt;</c> so a deployment without the usage
/// plugin answers no figures (empty) instead of failing.
/// </summary>
/// <remarks>
/// Ask at the grain you show: <see cref="RevenueByLineAsync"/> and <see cref="RevenueByMonthAsync"/> (SDK 1.4) are grouped
/// by the database, so a city's year is a few thousand rows instead of one per manager × line × day (~200,000). Their
/// default bodies group <see cref="RevenueAsync"/> in memory, so an implementation written for SDK 1.3 still compiles
/// and answers the same figures, only slower.
/// </remarks>
public interface IUsageFigures
{
    /// <summary>Actual revenue per manager × product line × day in [<paramref name="first"/>, <paramref name="last"/>] for the given managers.</summary>
    Task<IReadOnlyList<UsageFigure>> RevenueAsync(DateOnly first, DateOnly last, IReadOnlyCollection<int> managerUserIds, CancellationToken ct = default);

    /// <summary>Number of distinct customers with revenue per manager in the period (客户数 of 业绩统计).</summary>
    Task<IReadOnlyDictionary<int, int>> CustomersServedAsync(DateOnly first, DateOnly last, IReadOnlyCollection<int> managerUserIds, CancellationToken ct = default);

    /// <summary>One manager's usage records of one day (当日详情), in entry order.</summary>
    Task<IReadOnlyList<UsageDayRecord>> DayRecordsAsync(int managerUserId, DateOnly day, CancellationToken ct = default);

    /// <summary>
    /// Actual revenue per manager × product line over the whole period (业绩统计, 年计划's last-year actuals): one row per
    /// pair that has revenue. SDK 1.4.
    /// </summary>
    async Task<IReadOnlyList<UsageLineTotal>> RevenueByLineAsync(DateOnly first, DateOnly last, IReadOnlyCollection<int> managerUserIds, CancellationToken ct = default) =>
        [.. (await RevenueAsync(first, last, managerUserIds, ct))
            .GroupBy(f => (f.ManagerUserId, f.ProductLineId))
            .Select(g => new UsageLineTotal(g.Key.ManagerUserId, g.Key.ProductLineId, g.Sum(f => f.ActualFen), g.Sum(f => f.RecordCount)))];

    /// <summary>
    /// Actual revenue per manager × calendar month of the period (各月明细, plan completion): one row per pair that has
    /// revenue; a month cut by <paramref name="first"/> or <paramref name="last"/> counts only its days inside. SDK 1.4.
    /// </summary>
    async Task<IReadOnlyList<UsageMonthTotal>> RevenueByMonthAsync(DateOnly first, DateOnly last, IReadOnlyCollection<int> managerUserIds, CancellationToken ct = default) =>
        [.. (await RevenueAsync(first, last, managerUserIds, ct))
            .GroupBy(f => (f.ManagerUserId, f.Date.Year, f.Date.Month))
            .Select(g => new UsageMonthTotal(g.Key.ManagerUserId, g.Key.Year, g.Key.Month, g.Sum(f => f.ActualFen), g.Sum(f => f.RecordCount)))];
}

/// <param name="ActualFen">实际收入 in whole 分 (exact); <see cref="Yuan"/> converts.</param>
public sealed record UsageFigure(int ManagerUserId, int ProductLineId, DateOnly Date, long ActualFen, long RecordCount)
{
    public decimal Yuan => ActualFen / 100m;
}

/// <summary>A manager's revenue on one product line over a period (<see cref="IUsageFigures.RevenueByLineAsync"/>).</summary>
public sealed record UsageLineTotal(int ManagerUserId, int ProductLineId, long ActualFen, long RecordCount);

/// <summary>A manager's revenue in one calendar month (<see cref="IUsageFigures.RevenueByMonthAsync"/>).</summary>
public sealed record UsageMonthTotal(int ManagerUserId, int Year, int Month, long ActualFen, long RecordCount);

/// <summary>One usage record as 当日详情 shows it.</summary>
public sealed record UsageDayRecord(long Id, DateOnly Date, int CustomerId, string CustomerName, string ProductLine, string BusinessType,
    long? Volume, long? ReceivableFen, long ActualFen, string? Remarks);
