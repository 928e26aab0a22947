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
public sealed class KpiFormSource(KpiService kpi, PostalDb db) : IReportSource
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

    /// <summary>The forms of every customer a manager reported on in a month (the batch print), by customer name.</summary>
    public async Task<IReadOnlyList<ReportData>> MonthFormsAsync(int managerUserId, int year, int month)
    {
        KpiService.CheckPeriod(year, month);
        var ids = await db.GetTable<KpiReport>().Where(r => r.ManagerUserId == managerUserId && r.Year == year && r.Month == month)
            .Select(r => r.CustomerId).ToListAsync();
        var list = new List<ReportData>();
        foreach (var id in ids) list.Add(await FormAsync(id, year, month));
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
