using Microsoft.AspNetCore.Mvc;
using PostalCrm.Sdk.Excel;
using PostalCrm.Sdk.Reporting;
using PostalCrm.Sdk.Security;

namespace PostalCrm.Plugins.Marketing.Features.Performance;

/// <summary>客户经理业绩分析: 业绩统计 (F-4.2), 各月明细 (F-4.3), 业务明细 and 当日详情 (F-4.4).</summary>
[Route("marketing/performance")]
public sealed class PerformanceController(PerformanceService performance, IReportRenderer reports) : Controller
{
    [HttpGet("statistics"), RequirePermission(MarketingPermissions.Performance)]
    public async Task<IActionResult> Statistics(DateOnly? from, DateOnly? to, int? unitId, int page = 1)
    {
        var report = await performance.StatisticsAsync(from, to, unitId);
        return View(new StatisticsView(report, report.ManagersOnPage(page)));
    }

    [HttpGet("statistics/export"), RequirePermission(MarketingPermissions.Performance)]
    public async Task<IActionResult> Export(DateOnly? from, DateOnly? to, int? unitId)
    {
        var page = await performance.StatisticsAsync(from, to, unitId);
        return File(ExcelExporter.ToBytes(PerformanceService.ExportSpec(page.Lines), PerformanceService.ExportRows(page)), ExcelExporter.ContentType, "客户经理业绩统计.xlsx");
    }

    /// <summary>打印: the same statistics as the PDF of the reporting server's report (reports/marketing/performance-statistics).</summary>
    [HttpGet("statistics/print"), RequirePermission(MarketingPermissions.Performance)]
    public async Task<IActionResult> PrintStatistics(DateOnly? from, DateOnly? to, int? unitId, CancellationToken ct) =>
        Pdf(await reports.RenderAsync(StatisticsReportSource.Id, StatisticsReportSource.Build(await performance.StatisticsAsync(from, to, unitId)),
            ReportFormat.Pdf, ct));

    [HttpGet("monthly"), RequirePermission(MarketingPermissions.Performance)]
    public async Task<IActionResult> Monthly(int? managerId) => View(await performance.MonthlyAsync(managerId));

    /// <summary>打印: one manager's 各月明细 as a PDF (reports/marketing/performance-monthly); a manager outside the scope → 404.</summary>
    [HttpGet("monthly/print"), RequirePermission(MarketingPermissions.Performance)]
    public async Task<IActionResult> PrintMonthly(int managerId, CancellationToken ct) =>
        Pdf(await reports.RenderAsync(MonthlyReportSource.Id, MonthlyReportSource.Build(await performance.MonthlyAsync(managerId)), ReportFormat.Pdf, ct));

    private FileContentResult Pdf(RenderedReport file) => File(file.Content, file.ContentType, file.FileName);

    [HttpGet("business"), RequirePermission(MarketingPermissions.Business)]
    public async Task<IActionResult> Business(string? month) => View(await performance.BusinessAsync(month));

    /// <summary>当日详情.</summary>
    [HttpGet("business/{date}"), RequirePermission(MarketingPermissions.Business)]
    public async Task<IActionResult> Day(DateOnly date) => View(await performance.DayAsync(date));
}
