using Microsoft.AspNetCore.Mvc;
using PostalCrm.Sdk.Security;

namespace PostalCrm.Plugins.Marketing.Features.Queries;

/// <summary>F-4.8 客户经理计划查询 (monthly / annual) and F-4.9 客户经理日志查询 with 日志详情.</summary>
[Route("marketing/queries")]
public sealed class QueriesController(QueryService queries) : Controller
{
    [HttpGet("plans"), RequirePermission(MarketingPermissions.PlanView)]
    public async Task<IActionResult> Plans(string? kind, int? year, string? month, int page = 1) => View(await queries.PlansAsync(kind, year, month, page));

    [HttpGet("plans/monthly/{id:int}"), RequirePermission(MarketingPermissions.PlanView)]
    public async Task<IActionResult> MonthlyPlan(int id) => View(await queries.MonthlyAsync(id));

    [HttpGet("plans/annual/{id:int}"), RequirePermission(MarketingPermissions.PlanView)]
    public async Task<IActionResult> AnnualPlan(int id) => View(await queries.AnnualAsync(id));

    [HttpGet("logs"), RequirePermission(MarketingPermissions.LogView)]
    public async Task<IActionResult> Logs(string? date) => View(await queries.LogsAsync(date));

    /// <summary>日志详情.</summary>
    [HttpGet("logs/{id:int}"), RequirePermission(MarketingPermissions.LogView)]
    public async Task<IActionResult> Log(int id) => View(await queries.LogAsync(id));
}
