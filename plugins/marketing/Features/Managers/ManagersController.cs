using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;
using PostalCrm.Plugins.Marketing.Common;
using PostalCrm.Sdk.Data;
using PostalCrm.Sdk.Lists;
using PostalCrm.Sdk.Security;

namespace PostalCrm.Plugins.Marketing.Features.Managers;

public sealed record ManagerRow(int Id, string Name, string? EmployeeNo, string Login, string UnitName, string? Phone, int Customers);

public sealed class ManagersPage
{
    public string? Q { get; init; }
    public required Paged<ManagerRow> Rows { get; init; }
}

/// <summary>F-4.1 客户经理信息查询: fuzzy search (name, login, staff number, phone); a unit sees its own and lower units' managers, page by page.</summary>
public sealed class ManagerLookup(PostalDb db, ManagerScope managers)
{
    public const int PageSize = 50;

    public async Task<ManagersPage> SearchAsync(string? q, int page = 1)
    {
        var k = (q ?? "").Trim();
        var users = managers.Visible();
        if (k.Length > 0)
            users = users.Where(u => u.DisplayName.Contains(k) || u.Login.Contains(k) || (u.EmployeeNo != null && u.EmployeeNo.Contains(k))
                                     || (u.Phone != null && u.Phone.Contains(k)));
        var ordered = from u in users
                      join o in db.OrgUnits on u.OrgUnitId equals o.Id
                      orderby o.Path, u.Login
                      select new { u, o.Name };
        // Counted and paged on the users alone; the customer counts only for the page's rows.
        var found = await Paged.OfAsync(ordered, page, PageSize);
        var ids = found.Items.Select(x => x.u.Id).ToList();
        var customers = (await db.BusinessRelationships.Where(r => ids.Contains(r.ManagerUserId) && r.Approved)
                .Select(r => new { r.ManagerUserId, r.CustomerId }).Distinct().ToListAsync())
            .GroupBy(r => r.ManagerUserId).ToDictionary(g => g.Key, g => g.Count());
        var rows = found.Items.Select(x => new ManagerRow(x.u.Id, x.u.DisplayName, x.u.EmployeeNo, x.u.Login, x.Name, x.u.Phone,
            customers.GetValueOrDefault(x.u.Id))).ToList();
        return new ManagersPage { Q = k, Rows = new Paged<ManagerRow>(rows, found.Page, found.PageSize, found.Total) };
    }
}

public static class ManagersFeature
{
    public static IServiceCollection AddManagersFeature(this IServiceCollection services) => services.AddScoped<ManagerLookup>();
}

[Route("marketing/managers"), RequirePermission(MarketingPermissions.Managers)]
public sealed class ManagersController(ManagerLookup lookup) : Controller
{
    [HttpGet("")]
    public async Task<IActionResult> Index(string? q, int page = 1) => View(await lookup.SearchAsync(q, page));
}
