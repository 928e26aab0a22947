using Microsoft.AspNetCore.Mvc;
using PostalCrm.Sdk.Excel;
using PostalCrm.Sdk.Security;

namespace PostalCrm.Plugins.Marketing.Features.Performance;

/// <summary>客户经理业绩分析: 业绩统计 (F-4.2), 各月明细 (F-4.3), 业务明细 and 当日详情 (F-4.4).</summary>
[Route("marketing/performance")]
public sealed class PerformanceController(PerformanceService performance) : Controller
{
    [HttpGet("statistics"), RequirePermission(MarketingPermissions.Performance)]
    public async Task<IActionResult> Statistics(DateOnly? from, DateOnly? to) => View(await performance.StatisticsAsync(from, to));

    [HttpGet("statistics/export"), RequirePermission(MarketingPermissions.Performance)]
    public async Task<IActionResult> Export(DateOnly? from, DateOnly? to)
    {
        var page = await performance.StatisticsAsync(from, to);
        return File(ExcelExporter.ToBytes(PerformanceService.ExportSpec(page.Lines), PerformanceService.ExportRows(page)), ExcelExporter.ContentType, "客户经理业绩统计.xlsx");
    }

    [HttpGet("monthly"), RequirePermission(MarketingPermissions.Performance)]
    public async Task<IActionResult> Monthly(int? managerId) => View(await performance.MonthlyAsync(managerId));

    [HttpGet("business"), RequirePermission(MarketingPermissions.Business)]
    public async Task<IActionResult> Business(string? month) => View(await performance.BusinessAsync(month));

    /// <summary>当日详情.</summary>
    [HttpGet("business/{date}"), RequirePermission(MarketingPermissions.Business)]
    public async Task<IActionResult> Day(DateOnly date) => View(await performance.DayAsync(date));
}
