using PostalCrm.Sdk.Usage;

namespace PostalCrm.Plugins.Marketing.Common;

/// <summary>
/// The usage plugin's figures through the SDK contract. Without the usage plugin (disabled or absent) there is no
/// implementation: every figure is zero and pages show <see cref="MissingNote"/> instead of failing.
/// </summary>
public sealed class Figures(IEnumerable<IUsageFigures> sources)
{
    public const string MissingNote = "客户用邮插件未启用,收入数据显示为 0。";

    private readonly IUsageFigures? _source = sources.FirstOrDefault();

    public bool Available => _source is not null;

    public async Task<IReadOnlyList<UsageFigure>> RevenueAsync(DateOnly from, DateOnly to, IReadOnlyCollection<int> managers) =>
        _source is null || managers.Count == 0 ? [] : await _source.RevenueAsync(from, to, managers);

    /// <summary>Per manager × product line over the period, grouped by the usage plugin's database (业绩统计, 年计划).</summary>
    public async Task<IReadOnlyList<UsageLineTotal>> RevenueByLineAsync(DateOnly from, DateOnly to, IReadOnlyCollection<int> managers) =>
        _source is null || managers.Count == 0 ? [] : await _source.RevenueByLineAsync(from, to, managers);

    /// <summary>Per manager × month, grouped by the usage plugin's database (各月明细, plan completion).</summary>
    public async Task<IReadOnlyList<UsageMonthTotal>> RevenueByMonthAsync(DateOnly from, DateOnly to, IReadOnlyCollection<int> managers) =>
        _source is null || managers.Count == 0 ? [] : await _source.RevenueByMonthAsync(from, to, managers);

    public async Task<IReadOnlyDictionary<int, int>> CustomersServedAsync(DateOnly from, DateOnly to, IReadOnlyCollection<int> managers) =>
        _source is null || managers.Count == 0 ? new Dictionary<int, int>() : await _source.CustomersServedAsync(from, to, managers);

    public async Task<IReadOnlyList<UsageDayRecord>> DayRecordsAsync(int manager, DateOnly day) =>
        _source is null ? [] : await _source.DayRecordsAsync(manager, day);
}
