using Microsoft.AspNetCore.Mvc;
using PostalCrm.Plugins.Usage.Common;
using PostalCrm.Plugins.Usage.Data;
using PostalCrm.Sdk.Audit;
using PostalCrm.Sdk.Data;
using PostalCrm.Sdk.Security;

namespace PostalCrm.Plugins.Usage.Features.Summary;

/// <summary>用邮日汇总重建: recomputes the daily summary from the records (an administrator's repair tool; writes keep it in step).</summary>
[Route("usage/summary")]
[RequirePermission(UsagePermissions.RebuildSummary)]
public sealed class SummaryController(PostalDb db, UsageSummary summary, AuditLog audit) : Controller
{
    [HttpGet("")]
    public async Task<IActionResult> Index() => View(new SummaryPage
    {
        Records = await db.GetTable<UsageRecord>().LongCountAsync(),
        SummaryRows = await db.GetTable<UsageDaily>().LongCountAsync(),
        RecordsActualFen = await db.GetTable<UsageRecord>().SumAsync(r => (long?)r.ActualFen) ?? 0,
        SummaryActualFen = await db.GetTable<UsageDaily>().SumAsync(r => (long?)r.ActualFen) ?? 0,
    });

    [HttpPost("rebuild")]
    public async Task<IActionResult> Rebuild()
    {
        var rows = await summary.RebuildAsync(HttpContext.RequestAborted);
        await audit.WriteAsync("usage_daily", "all", "rebuild", null, new { Rows = rows });
        TempData["Flash"] = $"用邮日汇总已重建:共 {rows} 行";
        return RedirectToAction(nameof(Index));
    }
}

public sealed class SummaryPage
{
    public long Records { get; init; }
    public long SummaryRows { get; init; }
    public long RecordsActualFen { get; init; }
    public long SummaryActualFen { get; init; }
}
