using Microsoft.Extensions.DependencyInjection;
using PostalCrm.Plugins.Marketing.Common;
using PostalCrm.Sdk.Data;
using PostalCrm.Sdk.Excel;
using PostalCrm.Sdk.Lists;
using PostalCrm.Sdk.Organisation;
using PostalCrm.Sdk.Security;
using PostalCrm.Sdk.Time;
using PostalCrm.Sdk.Usage;

namespace PostalCrm.Plugins.Marketing.Features.Performance;

public sealed record LineHead(int Id, string Name);

/// <summary>One row of 业绩统计: a manager, or a unit's roll-up (sum of the managers below it).</summary>
public sealed record StatRow(string Name, string UnitName, int Depth, bool IsUnit, long TotalFen, IReadOnlyDictionary<int, long> ByLineFen, int Customers, int? ManagerId);

public sealed class StatisticsPage
{
    public DateOnly From { get; init; }
    public DateOnly To { get; init; }
    /// <summary>The unit the statistics are limited to (null: the user's whole area).</summary>
    public int? UnitId { get; init; }
    public string UnitName { get; init; } = "";
    /// <summary>The areas the user may limit the statistics to (their own and those below), indented by depth.</summary>
    public IReadOnlyList<UnitChoice> UnitChoices { get; init; } = [];
    public IReadOnlyList<LineHead> Lines { get; init; } = [];
    public IReadOnlyList<StatRow> Units { get; init; } = [];
    public IReadOnlyList<StatRow> Managers { get; init; } = [];
    public bool FiguresAvailable { get; init; }

    /// <summary>Managers' rows per page on screen: a city has ~250, and 13 figures each (export and print give them all).</summary>
    public const int ManagersPerPage = 50;

    /// <summary>One page of the managers' rows (the unit totals above them stay those of every manager).</summary>
    public Paged<StatRow> ManagersOnPage(int page) => Paged.Of(Managers, page, ManagersPerPage);
}

/// <summary>业绩统计 on screen: the statistics and the page of managers' rows shown.</summary>
public sealed record StatisticsView(StatisticsPage Report, Paged<StatRow> Managers);

public sealed record UnitChoice(int Id, string Label);

public sealed record MonthBar(int Year, int Month, long ActualFen, long? SameMonthLastYearFen)
{
    public decimal? ChangePercent => SameMonthLastYearFen is long l && l > 0 ? decimal.Round((ActualFen - l) * 100m / l, 1, MidpointRounding.AwayFromZero) : null;
}

public sealed class RevenueMonthsPage
{
    public IReadOnlyList<ManagerChoice> Managers { get; init; } = [];
    public ManagerChoice? Manager { get; init; }
    public IReadOnlyList<MonthBar> Months { get; init; } = [];
    public bool FiguresAvailable { get; init; }
    public long Max => Months.Count == 0 ? 0 : Months.Max(m => m.ActualFen);
}

public sealed record DayRow(DateOnly Date, long ActualFen, long Records);

public sealed class BusinessPage
{
    public string Month { get; init; } = "";
    public IReadOnlyList<DayRow> Days { get; init; } = [];
    public bool FiguresAvailable { get; init; }
}

public sealed class DayDetailPage
{
    public DateOnly Date { get; init; }
    public IReadOnlyList<UsageDayRecord> Records { get; init; } = [];
}

/// <summary>F-4.2 业绩统计, F-4.3 各月明细, F-4.4 业务明细 — all from the usage plugin's daily summary through the SDK contract.</summary>
public sealed class PerformanceService(PostalDb db, ManagerScope managers, Figures figures, ICurrentUser me, DataScope scope, TimeProvider clock,
    StatisticsCache cache, BoundedCounts remembered)
{
    public static ExcelSheetSpec ExportSpec(IReadOnlyList<LineHead> lines) => new("业绩统计",
        [ExcelColumn.Text("单位", "unit"), ExcelColumn.Text("客户经理", "manager"), ExcelColumn.Money("总收入(元)", "total"),
         .. lines.Select(l => ExcelColumn.Money(l.Name + "(元)", "line" + l.Id)), ExcelColumn.WholeNumber("客户数", "customers")]);

    /// <summary>
    /// F-4.2 for a period, limited to a unit (its managers and the areas below it) when one is given: a unit outside the
    /// user's area is answered 404, like a manager id.
    /// </summary>
    public async Task<StatisticsPage> StatisticsAsync(DateOnly? from, DateOnly? to, int? unitId = null)
    {
        var today = clock.Today();
        var f = from ?? new DateOnly(today.Year, 1, 1);
        var t = to ?? today;
        if (f > t) throw new BusinessRuleException("开始日期不能晚于结束日期");
        if (t.DayNumber - f.DayNumber > 366 * 3) throw new BusinessRuleException("统计期间最长三年");
        if (unitId is { } uid) await scope.EnsureUnitAsync(uid);
        // The managers of the page (scope rule, then the chosen unit: a city's ~500) are remembered per user and unit until
        // the next write (BoundedCounts); the rest of the page comes from the cache for up to a minute when the same
        // managers were counted for the same area and period.
        var (choices, choiceIds) = await remembered.FigureAsync($"marketing/statistics-managers|{me.Id}|{unitId}", () => ManagersOfAsync(unitId));
        var key = new StatisticsCache.Key(me.Area.Id, unitId, f, t, choiceIds);
        return await cache.GetAsync(key, () => ComputeStatisticsAsync(f, t, unitId, choices));
    }

    /// <summary>
    /// The managers the user may pick in the area (or the chosen unit), with their ids joined for the statistics cache's
    /// key (remembered with them, not joined again on every view). OrgTree.Within names its root by id.
    /// </summary>
    private async Task<(IReadOnlyList<ManagerChoice> Choices, string Ids)> ManagersOfAsync(int? unitId)
    {
        var inArea = new OrgTree(db).Within(unitId is { } chosenId ? new OrgUnit { Id = chosenId } : me.Area).Select(u => u.Id);
        var choices = await (from m in managers.PickableWithUnits()
                             where inArea.Contains(m.User.OrgUnitId)
                             orderby m.Unit.Path, m.User.Login
                             select new ManagerChoice(m.User.Id, m.User.DisplayName, m.User.EmployeeNo, m.User.Login, m.User.OrgUnitId, m.Unit.Name))
            .ToListAsync();
        return (choices, string.Join(",", choices.Select(c => c.Id)));
    }

    private async Task<StatisticsPage> ComputeStatisticsAsync(DateOnly f, DateOnly t, int? unitId, IReadOnlyList<ManagerChoice> choices)
    {
        var units = (await db.OrgUnits.ToListAsync()).ToDictionary(u => u.Id);
        var area = unitId is { } chosen ? units[chosen] : me.Area;
        var lines = await db.ProductLines.Where(l => l.Active).OrderBy(l => l.Sort).Select(l => new LineHead(l.Id, l.Name)).ToListAsync();
        var ids = choices.Select(c => c.Id).ToList();
        // Totals per manager × line come grouped from the database (a city's year: ~1,000 rows, not ~200,000 day rows).
        var revenue = await figures.RevenueByLineAsync(f, t, ids);
        var served = await figures.CustomersServedAsync(f, t, ids);
        var byManager = revenue.GroupBy(r => r.ManagerUserId).ToDictionary(g => g.Key,
            g => (IReadOnlyDictionary<int, long>)g.GroupBy(x => x.ProductLineId).ToDictionary(x => x.Key, x => x.Sum(y => y.ActualFen)));
        var rows = choices.Select(c =>
        {
            var lineMap = byManager.GetValueOrDefault(c.Id) ?? new Dictionary<int, long>();
            return new StatRow(c.Name, c.UnitName, 0, false, lineMap.Values.Sum(), lineMap, served.GetValueOrDefault(c.Id), c.Id);
        }).ToList();

        // Roll-up: every area (district → city → province) in the user's scope (or the chosen unit) that has managers below it.
        var totals = new Dictionary<int, (long Total, Dictionary<int, long> Lines, int Customers)>();
        foreach (var (c, row) in choices.Zip(rows))
        {
            foreach (var id in OrgTree.ParsePath(units[c.OrgUnitId].Path))
            {
                var u = units[id];
                if (u.Kind != OrgUnitKind.Area || !OrgTree.IsWithin(u, area)) continue;
                var cur = totals.GetValueOrDefault(id, (0, new Dictionary<int, long>(), 0));
                foreach (var (line, fen) in row.ByLineFen) cur.Lines[line] = cur.Lines.GetValueOrDefault(line) + fen;
                totals[id] = (cur.Total + row.TotalFen, cur.Lines, cur.Customers + row.Customers);
            }
        }
        var rootDepth = OrgTree.ParsePath(area.Path).Count;
        var unitRows = totals.Keys.Select(id => units[id]).OrderBy(u => u.Path, StringComparer.Ordinal)
            .Select(u => new StatRow(u.Name, OrgUnit.LevelName(u.Level), OrgTree.ParsePath(u.Path).Count - rootDepth, true, totals[u.Id].Total,
                totals[u.Id].Lines, totals[u.Id].Customers, null)).ToList();
        return new StatisticsPage
        {
            From = f, To = t, UnitId = unitId, UnitName = area.Name, UnitChoices = UnitChoicesOf(units.Values), Lines = lines, Units = unitRows,
            Managers = rows, FiguresAvailable = figures.Available,
        };
    }

    /// <summary>The areas within the user's area, indented by depth (the unit parameter of 业绩统计).</summary>
    public async Task<IReadOnlyList<UnitChoice>> UnitChoicesAsync() => UnitChoicesOf(await db.OrgUnits.ToListAsync());

    private IReadOnlyList<UnitChoice> UnitChoicesOf(IEnumerable<OrgUnit> all)
    {
        var area = me.Area;
        var rootDepth = OrgTree.ParsePath(area.Path).Count;
        return [.. all.Where(u => u.Kind == OrgUnitKind.Area && OrgTree.IsWithin(u, area)).OrderBy(u => u.Path, StringComparer.Ordinal)
            .Select(u => new UnitChoice(u.Id, new string('\u3000', OrgTree.ParsePath(u.Path).Count - rootDepth) + u.Name))];
    }

    public static IEnumerable<IReadOnlyList<object?>> ExportRows(StatisticsPage page) =>
        page.Managers.Select(r => (IReadOnlyList<object?>)[r.UnitName, r.Name, r.TotalFen / 100m,
            .. page.Lines.Select(l => (object?)(r.ByLineFen.GetValueOrDefault(l.Id) / 100m)), r.Customers]);

    /// <summary>F-4.3: the last 24 months (this month included) with the same month a year before for the change.</summary>
    public async Task<RevenueMonthsPage> MonthlyAsync(int? managerId)
    {
        var choices = await managers.ChoicesAsync();
        var id = managerId ?? await managers.DefaultAsync();
        if (id is null) return new RevenueMonthsPage { Managers = choices, FiguresAvailable = figures.Available };
        var manager = await managers.GetAsync(id.Value);
        var today = clock.Today();
        var first = new DateOnly(today.Year, today.Month, 1).AddMonths(-35);
        var revenue = await figures.RevenueByMonthAsync(first, today, [manager.Id]);
        var byMonth = revenue.GroupBy(r => (r.Year, r.Month)).ToDictionary(g => g.Key, g => g.Sum(x => x.ActualFen));
        var months = Enumerable.Range(0, 24).Select(i => new DateOnly(today.Year, today.Month, 1).AddMonths(i - 23))
            .Select(m => new MonthBar(m.Year, m.Month, byMonth.GetValueOrDefault((m.Year, m.Month)),
                byMonth.GetValueOrDefault((m.Year - 1, m.Month)))).ToList();
        return new RevenueMonthsPage { Managers = choices, Manager = manager, Months = months, FiguresAvailable = figures.Available };
    }

    /// <summary>F-4.4: the signed-in manager's own revenue per day of a month.</summary>
    public async Task<BusinessPage> BusinessAsync(string? month)
    {
        var today = clock.Today();
        var (y, m) = month is null ? (today.Year, today.Month) : Plans.PlanService.ParseMonth(month);
        var revenue = await figures.RevenueAsync(Dates.FirstOfMonth(y, m), Dates.LastOfMonth(y, m), [me.Id]);
        var days = revenue.GroupBy(r => r.Date).OrderBy(g => g.Key).Select(g => new DayRow(g.Key, g.Sum(x => x.ActualFen), g.Sum(x => x.RecordCount))).ToList();
        return new BusinessPage { Month = $"{y:D4}-{m:D2}", Days = days, FiguresAvailable = figures.Available };
    }

    /// <summary>当日详情: the signed-in manager's usage records of the day (only their own).</summary>
    public async Task<DayDetailPage> DayAsync(DateOnly date) => new() { Date = date, Records = await figures.DayRecordsAsync(me.Id, date) };
}

public static class PerformanceFeature
{
    /// <summary>The pages and the two printed reports (reports/marketing/performance-statistics, performance-monthly).</summary>
    public static IServiceCollection AddPerformanceFeature(this IServiceCollection services) => services
        .AddScoped<PerformanceService>()
        .AddSingleton<StatisticsCache>()
        .AddScoped<StatisticsReportSource>()
        .AddScoped<MonthlyReportSource>()
        .AddScoped<Sdk.Reporting.IReportSource>(sp => sp.GetRequiredService<StatisticsReportSource>())
        .AddScoped<Sdk.Reporting.IReportSource>(sp => sp.GetRequiredService<MonthlyReportSource>());
}
