namespace PostalCrm.Sdk.Usage;

/// <summary>
/// Read contract over the usage plugin's daily summary (用邮日汇总) for statistics of other plugins (营销管理, KPI):
/// revenue per customer manager × product line × day, in exact money (whole 分). Implemented by the usage plugin and
/// registered in its services; resolve it as <c>IEnumerable&lt;IUsageFigures&gt;</c> so a deployment without the usage
/// plugin answers no figures (empty) instead of failing.
/// </summary>
public interface IUsageFigures
{
    /// <summary>Actual revenue per manager × product line × day in [<paramref name="first"/>, <paramref name="last"/>] for the given managers.</summary>
    Task<IReadOnlyList<UsageFigure>> RevenueAsync(DateOnly first, DateOnly last, IReadOnlyCollection<int> managerUserIds, CancellationToken ct = default);

    /// <summary>Number of distinct customers with revenue per manager in the period (客户数 of 业绩统计).</summary>
    Task<IReadOnlyDictionary<int, int>> CustomersServedAsync(DateOnly first, DateOnly last, IReadOnlyCollection<int> managerUserIds, CancellationToken ct = default);

    /// <summary>One manager's usage records of one day (当日详情), in entry order.</summary>
    Task<IReadOnlyList<UsageDayRecord>> DayRecordsAsync(int managerUserId, DateOnly day, CancellationToken ct = default);
}

/// <param name="ActualFen">实际收入 in whole 分 (exact); <see cref="Yuan"/> converts.</param>
public sealed record UsageFigure(int ManagerUserId, int ProductLineId, DateOnly Date, long ActualFen, long RecordCount)
{
    public decimal Yuan => ActualFen / 100m;
}

/// <summary>One usage record as 当日详情 shows it.</summary>
public sealed record UsageDayRecord(long Id, DateOnly Date, int CustomerId, string CustomerName, string ProductLine, string BusinessType,
    long? Volume, long? ReceivableFen, long ActualFen, string? Remarks);
