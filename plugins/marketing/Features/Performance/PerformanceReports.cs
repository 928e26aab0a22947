using System.Globalization;
using PostalCrm.Plugins.Marketing.Common;
using PostalCrm.Sdk.Reporting;
using PostalCrm.Sdk.Security;

namespace PostalCrm.Plugins.Marketing.Features.Performance;

/// <summary>What reports/marketing/performance-statistics.liquid prints (model.*): money already formatted in 元.</summary>
public sealed record StatisticsReportModel(string Period, string UnitName, IReadOnlyList<string> Lines, IReadOnlyList<StatisticsReportRow> Rows,
    bool FiguresAvailable, string Note);

public sealed record StatisticsReportRow(string Name, string Unit, bool IsUnit, int Depth, string Total, IReadOnlyList<string> ByLine, int Customers);

/// <summary>What reports/marketing/performance-monthly.liquid prints (model.*).</summary>
public sealed record MonthlyReportModel(string ManagerName, string UnitName, string Range, IReadOnlyList<MonthlyReportRow> Months,
    string LastTwelve, string PreviousTwelve, string Change, bool FiguresAvailable, string Note);

public sealed record MonthlyReportRow(string Month, string Actual, string SameMonthLastYear, string Change, bool Down);

/// <summary>
/// F-4.2 业绩统计 as a report of the reporting server: parameters from, to (dates, default 1 January → today) and unitId
/// (an area in the user's scope, else 404); the managers in scope, rolled up by area. Table + charts; HTML, PDF, XLSX.
/// </summary>
public sealed class StatisticsReportSource(PerformanceService performance) : IReportSource
{
    public const string Id = "marketing/performance-statistics";

    public string ReportId => Id;

    public async Task<ReportData> LoadAsync(ReportRequest request, CancellationToken ct) =>
        Build(await performance.StatisticsAsync(Date(request, "from", "开始日期"), Date(request, "to", "结束日期"), Unit(request)));

    public async Task<IReadOnlyList<ReportChoice>> ChoicesAsync(string parameter, CancellationToken ct) =>
        parameter == "unitId" ? [.. (await performance.UnitChoicesAsync()).Select(u => new ReportChoice(Str(u.Id), u.Label))] : [];

    private static DateOnly? Date(ReportRequest r, string name, string label) =>
        r.Text(name) is not { } s ? null
        : DateOnly.TryParseExact(s, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d
        : throw new BusinessRuleException($"{label}无效");

    private static int? Unit(ReportRequest r) => r.Text("unitId") is null ? null : r.Number("unitId", "单位", 1);

    public static ReportData Build(StatisticsPage page)
    {
        var period = $"{Dates.Iso(page.From)} 至 {Dates.Iso(page.To)}";
        StatisticsReportRow Row(StatRow r, string name, string unit) => new(name, unit, r.IsUnit, r.Depth, Money.Show(r.TotalFen),
            [.. page.Lines.Select(l => Money.Show(r.ByLineFen.GetValueOrDefault(l.Id)))], r.Customers);
        var rows = page.Units.Select(u => Row(u, u.Name + " 合计", u.UnitName)).Concat(page.Managers.Select(m => Row(m, m.Name, m.UnitName))).ToList();
        var model = new StatisticsReportModel(period, page.UnitName, [.. page.Lines.Select(l => l.Name)], rows, page.FiguresAvailable,
            page.FiguresAvailable ? "" : Figures.MissingNote);

        IReadOnlyList<object?> Cells(StatRow r, string unit, string name) =>
            [unit, name, r.TotalFen / 100m, .. page.Lines.Select(l => (object?)(r.ByLineFen.GetValueOrDefault(l.Id) / 100m)), r.Customers];
        var table = new ReportTable("业绩统计", ["单位", "客户经理", "总收入(元)", .. page.Lines.Select(l => l.Name + "(元)"), "客户数"],
            [.. page.Units.Select(u => Cells(u, u.Name, "合计")), .. page.Managers.Select(m => Cells(m, m.UnitName, m.Name))]);

        var byLine = new ReportChart("各产品线收入(万元)", [.. page.Lines.Select(l => l.Name)],
            [new ReportSeries("收入", [.. page.Lines.Select(l => Wan(page.Managers.Sum(m => m.ByLineFen.GetValueOrDefault(l.Id))))])]);
        // Second chart: the areas directly below the chosen one, or (a district) its managers, the 20 highest.
        var children = page.Units.Where(u => u.Depth == 1).ToList();
        var second = children.Count > 0
            ? new ReportChart("下属单位收入(万元)", [.. children.Select(u => u.Name)], [new ReportSeries("收入", [.. children.Select(u => Wan(u.TotalFen))])])
            : new ReportChart("客户经理收入(万元)", [.. Top(page).Select(m => m.Name)], [new ReportSeries("收入", [.. Top(page).Select(m => Wan(m.TotalFen))])]);
        return new ReportData(model)
        {
            FileName = $"客户经理业绩统计-{page.UnitName}-{Dates.Iso(page.From)}至{Dates.Iso(page.To)}",
            Tables = [table],
            Charts = [byLine, second],
        };
    }

    /// <summary>Charts in 万元: the axis label of the server's SVG has room for about eight characters.</summary>
    public static decimal Wan(long fen) => decimal.Round(fen / 1_000_000m, 2, MidpointRounding.AwayFromZero);

    private static IEnumerable<StatRow> Top(StatisticsPage page) => page.Managers.OrderByDescending(m => m.TotalFen).Take(20);

    private static string Str(int i) => i.ToString(CultureInfo.InvariantCulture);
}

/// <summary>
/// F-4.3 各月明细 as a report: one manager (parameter managerId, a manager the user may pick, else 404) over the last 24
/// months, with the same month a year before and the change; table + bar chart of both series.
/// </summary>
public sealed class MonthlyReportSource(PerformanceService performance, ManagerScope managers) : IReportSource
{
    public const string Id = "marketing/performance-monthly";

    public string ReportId => Id;

    public async Task<ReportData> LoadAsync(ReportRequest request, CancellationToken ct) =>
        Build(await performance.MonthlyAsync(request.Number("managerId", "客户经理", 1)));

    public async Task<IReadOnlyList<ReportChoice>> ChoicesAsync(string parameter, CancellationToken ct) =>
        parameter == "managerId"
            ? [.. (await managers.ChoicesAsync()).Select(m => new ReportChoice(m.Id.ToString(CultureInfo.InvariantCulture), $"{m.Name}({m.UnitName})"))]
            : [];

    public static string ChangeText(decimal? percent) => percent is { } c ? (c > 0 ? "↑" : c < 0 ? "↓" : "") + Money.ShowPercent(c) : "—";

    public static ReportData Build(RevenueMonthsPage page)
    {
        var manager = page.Manager ?? throw new BusinessRuleException("请选择客户经理");
        var months = page.Months;
        var range = $"{months[0].Year}年{months[0].Month}月 至 {months[^1].Year}年{months[^1].Month}月";
        var last12 = months.Skip(12).Sum(m => m.ActualFen);
        var prev12 = months.Take(12).Sum(m => m.ActualFen);
        var change = prev12 > 0 ? decimal.Round((last12 - prev12) * 100m / prev12, 1, MidpointRounding.AwayFromZero) : (decimal?)null;
        var model = new MonthlyReportModel(manager.Name, manager.UnitName, range,
            [.. months.Select(m => new MonthlyReportRow($"{m.Year}年{m.Month}月", Money.Show(m.ActualFen), Money.Show(m.SameMonthLastYearFen ?? 0),
                ChangeText(m.ChangePercent), m.ChangePercent < 0))],
            Money.Show(last12), Money.Show(prev12), ChangeText(change), page.FiguresAvailable, page.FiguresAvailable ? "" : Figures.MissingNote);
        // Short labels (24 bars, ~25 px each): the month, with the year at January (the title names the range).
        var labels = months.Select(m => m.Month == 1 ? $"{m.Year % 100:D2}/1" : m.Month.ToString(CultureInfo.InvariantCulture)).ToList();
        var chart = new ReportChart($"{manager.Name} 各月收入(万元)", labels,
            [new ReportSeries("本期收入", [.. months.Select(m => StatisticsReportSource.Wan(m.ActualFen))]),
             new ReportSeries("去年同期", [.. months.Select(m => StatisticsReportSource.Wan(m.SameMonthLastYearFen ?? 0))])]);
        return new ReportData(model)
        {
            FileName = $"客户经理各月明细-{manager.Name}-{months[^1].Year}年{months[^1].Month}月",
            Tables = [new ReportTable("各月明细", ["月份", "收入(元)", "去年同期(元)", "同比(%)"],
                [.. months.Select(m => (IReadOnlyList<object?>)[$"{m.Year}年{m.Month}月", m.ActualFen / 100m, (m.SameMonthLastYearFen ?? 0) / 100m, m.ChangePercent])])],
            Charts = [chart],
        };
    }
}
