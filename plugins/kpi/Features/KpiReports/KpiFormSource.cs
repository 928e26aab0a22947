using PostalCrm.Plugins.Kpi.Common;
using PostalCrm.Plugins.Kpi.Data;
using PostalCrm.Sdk.Data;
using PostalCrm.Sdk.Organisation;
using PostalCrm.Sdk.Reporting;
using PostalCrm.Sdk.Security;

namespace PostalCrm.Plugins.Kpi.Features.KpiReports;

/// <summary>What the template reports/kpi/kpi-form.liquid prints (model.*).</summary>
public sealed record KpiFormModel(string CustomerName, string CustomerCode, string Period, int Year, int Month, string ManagerName,
    string ManagerPhone, string UnitName, IReadOnlyList<KpiFormRow> Rows, string Total, decimal TotalValue);

public sealed record KpiFormRow(int No, string Indicator, string Unit, string Target, string Weight, string Actual, string Score);

/// <summary>
/// The data of the printed KPI form (F-6.2 打印): the saved report of a customer and month, read through the customer's scope
/// (out of scope → 404), header from the report's manager and unit.
/// </summary>
public sealed class KpiFormSource(KpiService kpi, PostalDb db, DataScope scope) : IReportSource
{
    public const string Id = "kpi/kpi-form";

    public string ReportId => Id;

    public async Task<ReportData> LoadAsync(ReportRequest request, CancellationToken ct)
    {
        var customerId = request.Number("customerId", "客户", 1);
        var year = request.Number("year", "年份", 2000, 2100);
        var month = request.Number("month", "月份", 1, 12);
        return await FormAsync(customerId, year, month);
    }

    public async Task<ReportData> FormAsync(int customerId, int year, int month)
    {
        var sheet = await kpi.MonthAsync(customerId, year, month);
        if (sheet.Rows.Count == 0) throw new BusinessRuleException(KpiService.NoFocus);
        if (sheet.Report is not { } report) throw new BusinessRuleException(KpiService.NoReport(sheet));
        var manager = await db.Users.FirstAsync(u => u.Id == report.ManagerUserId);
        var unit = await db.OrgUnits.FirstAsync(u => u.Id == report.OrgUnitId);
        return Build(sheet, manager, unit);
    }

    /// <summary>
    /// The forms of every customer a manager reported on in a month (the batch print), by customer name: the same form as
    /// <see cref="FormAsync"/>, read in five queries for the whole month instead of eight per form (500 forms: seconds of
    /// round trips). A customer no longer in the user's scope is left out.
    /// </summary>
    public async Task<IReadOnlyList<ReportData>> MonthFormsAsync(int managerUserId, int year, int month)
    {
        KpiService.CheckPeriod(year, month);
        var reports = db.GetTable<KpiReport>().Where(r => r.ManagerUserId == managerUserId && r.Year == year && r.Month == month);
        var inMonth = await (from r in reports
                            join c in scope.Customers(db.BusinessCustomers, c => c.Id) on r.CustomerId equals c.Id
                            select new { Report = r, Customer = c }).ToListAsync();
        if (inMonth.Count == 0) return [];
        var focus = (await (from f in db.GetTable<FocusIndicator>()
                            join i in db.Indicators on f.IndicatorId equals i.Id
                            where f.Year == year && reports.Select(r => r.CustomerId).Contains(f.CustomerId)
                            select new { f.CustomerId, f.Sort, Row = new FocusRow(f.IndicatorId, i.Name, i.Unit, f.Target, f.Weight) }).ToListAsync())
            .ToLookup(f => f.CustomerId);
        var values = (await db.GetTable<KpiReportValue>().Where(v => reports.Select(r => r.Id).Contains(v.ReportId)).ToListAsync())
            .ToLookup(v => v.ReportId);
        var managerIds = inMonth.Select(x => x.Report.ManagerUserId).Distinct().ToList();
        var unitIds = inMonth.Select(x => x.Report.OrgUnitId).Distinct().ToList();
        var managers = await db.Users.Where(u => managerIds.Contains(u.Id)).ToDictionaryAsync(u => u.Id);
        var units = await db.OrgUnits.Where(u => unitIds.Contains(u.Id)).ToDictionaryAsync(u => u.Id);
        var list = new List<ReportData>();
        foreach (var x in inMonth)
        {
            var rows = focus[x.Customer.Id].OrderBy(f => f.Sort).Select(f =>
            {
                var v = values[x.Report.Id].FirstOrDefault(v => v.IndicatorId == f.Row.IndicatorId);
                return new ReportRow(f.Row.IndicatorId, f.Row.Name, f.Row.Unit, f.Row.Target, f.Row.Weight, v?.Actual, v?.Score, null);
            }).ToList();
            if (rows.Count == 0) continue; // cannot happen: a report locks its focus indicators
            var sheet = new MonthSheet(x.Customer, year, month, rows, x.Report, null, null);
            list.Add(Build(sheet, managers[x.Report.ManagerUserId], units[x.Report.OrgUnitId]));
        }
        return [.. list.OrderBy(d => ((KpiFormModel)d.Model).CustomerName, StringComparer.Ordinal)];
    }

    private static ReportData Build(MonthSheet sheet, UserAccount manager, OrgUnit unit)
    {
        var rows = sheet.Rows.Select((r, i) => new KpiFormRow(i + 1, r.Name, r.Unit ?? "", KpiText.Number(r.Target), KpiText.Number(r.Weight),
            r.Actual is { } a ? KpiText.Number(a) : "", r.Score is { } s ? s.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture) : "")).ToList();
        var period = KpiText.Period(sheet.Year, sheet.Month);
        var model = new KpiFormModel(sheet.Customer.Name, sheet.Customer.Code, period, sheet.Year, sheet.Month, manager.DisplayName,
            manager.Phone ?? "", unit.Name, rows, sheet.Total.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture), sheet.Total);
        return new ReportData(model)
        {
            FileName = $"KPI指标分析报告-{sheet.Customer.Name}-{period}",
            Tables = [new ReportTable("KPI指标", ["序号", "指标", "客户要求指标", "权重分值", "实际达到指标", "得分"],
                [.. sheet.Rows.Select((r, i) => (IReadOnlyList<object?>)[i + 1, r.Name, r.Target, r.Weight, r.Actual, r.Score])])],
        };
    }
}
