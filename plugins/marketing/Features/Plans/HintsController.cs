using Microsoft.AspNetCore.Mvc;
using PostalCrm.Sdk.Security;

namespace PostalCrm.Plugins.Marketing.Features.Plans;

/// <summary>
/// Live hints of the plan (F-4.6) and log (F-4.7) forms: when a customer is chosen, hints.js asks for its departments,
/// contacts and visit dates and points the row's 客户部门 / 拜访人 / 日期安排 fields at them (typed text stays accepted).
/// </summary>
[Route("marketing/hints"), RequireAnyPermission(MarketingPermissions.PlanEdit, MarketingPermissions.LogEdit)]
public sealed class HintsController(PlanService plans) : Controller
{
    /// <summary>JSON {customerId, departments, contacts, dates}; a customer (or manager) outside the user's scope → 404.</summary>
    [HttpGet("")]
    public async Task<IActionResult> Customer(int customerId, int? managerId, string? month) =>
        Json(await plans.CustomerHintsAsync(customerId, managerId, month));

    /// <summary>The script behind <c>data-hints-url</c> (the Content-Security-Policy runs only the site's own files, no inline script).</summary>
    [HttpGet("hints.js")]
    public IActionResult Script()
    {
        Response.Headers.CacheControl = "private, max-age=3600";
        return File(typeof(HintsController).Assembly.GetManifestResourceStream("marketing-hints.js")!, "text/javascript; charset=utf-8");
    }
}
