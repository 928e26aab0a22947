using LinqToDB;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;
using PostalCrm.Plugins.Marketing.Common;
using PostalCrm.Sdk.Customers;
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
public sealed class ManagerLookup(PostalDb db, ManagerScope managers, BoundedCounts counts, ICurrentUser me)
{
    public const int PageSize = 50;

    public async Task<ManagersPage> SearchAsync(string? q, int page = 1)
    {
        var k = (q ?? "").Trim();
        var users = managers.Visible();
        if (k.Length > 0)
            users = users.Where(u => u.DisplayName.Contains(Sql.Constant(k)) || u.Login.Contains(Sql.Constant(k)) || (u.EmployeeNo != null && u.EmployeeNo.Contains(Sql.Constant(k)))
                                     || (u.Phone != null && u.Phone.Contains(Sql.Constant(k))));
        // Counted on the users alone (every user has a unit); the page's rows with their customer counts as a sub-query
        // in one statement (issue 8: no second statement naming the page's ids in an IN list, only the columns shown).
        var total = await counts.CountAsync(users, $"marketing/managers|{me.Id}|{k}");
        var pages = (int)Math.Max(1, (total + PageSize - 1) / PageSize);
        page = Math.Clamp(page, 1, pages);
        // The page is cut first and the customers counted for its rows only (a sub-query in the select list of the sorted
        // query would be evaluated for every manager of the scope before the sort).
        var pageRows = (from u in users
                        join o in db.OrgUnits on u.OrgUnitId equals o.Id
                        orderby o.Path, u.Login
                        select new { u.Id, u.DisplayName, u.EmployeeNo, u.Login, UnitName = o.Name, u.Phone, o.Path })
            .Skip((page - 1) * PageSize).Take(PageSize);
        var rows = await (from x in pageRows
                          orderby x.Path, x.Login
                          select new ManagerRow(x.Id, x.DisplayName, x.EmployeeNo, x.Login, x.UnitName, x.Phone,
                              db.BusinessRelationships.CustomerIdsOf(x.Id).Distinct().Count()))
            .ToListAsync();
        return new ManagersPage { Q = k, Rows = new Paged<ManagerRow>(rows, page, PageSize, total) };
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
