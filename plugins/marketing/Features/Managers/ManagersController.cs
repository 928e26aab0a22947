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
        // Counted on the users alone (every user has a unit), remembered as every list's count is.
        var total = await counts.CountAsync(users, $"marketing/managers|{me.Id}|{k}");
        var pages = (int)Math.Max(1, (total + PageSize - 1) / PageSize);
        page = Math.Clamp(page, 1, pages);
        var found = await (from u in users
                           join o in db.OrgUnits on u.OrgUnitId equals o.Id
                           orderby o.Path, u.Login
                           select new { u.Id, u.DisplayName, u.EmployeeNo, u.Login, UnitName = o.Name, u.Phone })
            .Skip((page - 1) * PageSize).Take(PageSize).ToListAsync();
        var customers = await CustomerCountsAsync([.. found.Select(u => u.Id)]);
        var rows = found.Select(u => new ManagerRow(u.Id, u.DisplayName, u.EmployeeNo, u.Login, u.UnitName, u.Phone, customers.GetValueOrDefault(u.Id))).ToList();
        return new ManagersPage { Q = k, Rows = new Paged<ManagerRow>(rows, page, PageSize, total) };
    }

    /// <summary>
    /// How many customers each of the page's managers has, remembered like the list's count (until the next write, a
    /// minute at most) under the managers' ids, so any user who lists the same managers shares it. Counting them on every
    /// view was half of the page's database time on a city of 240 managers (issue 8).
    /// </summary>
    private Task<Dictionary<int, int>> CustomerCountsAsync(int[] managerIds) =>
        counts.FigureAsync("marketing/managers/customers|" + string.Join(',', managerIds), () =>
            (from u in db.Users
             where managerIds.Contains(u.Id)
             select new { u.Id, Customers = db.BusinessRelationships.CustomerIdsOf(u.Id).Distinct().Count() })
            .ToDictionaryAsync(x => x.Id, x => x.Customers));
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
