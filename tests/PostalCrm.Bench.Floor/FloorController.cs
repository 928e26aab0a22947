using LinqToDB;
using LinqToDB.Async;
using Microsoft.AspNetCore.Mvc;
using PostalCrm.Sdk.Data;

namespace PostalCrm.Bench.Floor;

/// <summary>The floor page: 50 customers after an id, one query, a Razor table.</summary>
public sealed class FloorController(PostalDb db) : Controller
{
    [HttpGet("/")]
    public async Task<IActionResult> Index(int after = 100_000)
    {
        var rows = await db.BusinessCustomers.Where(c => c.Id > after).OrderBy(c => c.Id).Take(50).ToListAsync();
        return View("~/Views/Floor/Index.cshtml", rows);
    }
}
