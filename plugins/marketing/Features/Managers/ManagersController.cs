using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;
using PostalCrm.Plugins.Marketing.Common;
using PostalCrm.Sdk.Data;
using PostalCrm.Sdk.Security;

namespace PostalCrm.Plugins.Marketing.Features.Managers;

public sealed record ManagerRow(int Id, string Name, string? EmployeeNo, string Login, string UnitName, string? Phone, int Customers);

public sealed class ManagersPage
{
    public string? Q { get; init; }
    public IReadOnlyList<ManagerRow> Rows { get; init; } = [];
}

/// <summary>F-4.1 客户经理信息查询: fuzzy search (name, login, staff number, phone); a unit sees its own and lower units' managers.</summary>
public sealed class ManagerLookup(PostalDb db, ManagerScope managers)
{
    public const int Limit = 200;

    public async Task<ManagersPage> SearchAsync(string? q)
    {
        var k = (q ?? "").Trim();
        var users = managers.Visible();
        if (k.Length > 0)
            users = users.Where(u => u.DisplayName.Contains(k) || u.Login.Contains(k) || (u.EmployeeNo != null && u.EmployeeNo.Contains(k))
                                     || (u.Phone != null && u.Phone.Contains(k)));
        var rows = await (from u in users
                          join o in db.OrgUnits on u.OrgUnitId equals o.Id
                          orderby o.Path, u.Login
                          select new ManagerRow(u.Id, u.DisplayName, u.EmployeeNo, u.Login, o.Name, u.Phone,
                              db.BusinessRelationships.Where(r => r.ManagerUserId == u.Id && r.Approved).Select(r => r.CustomerId).Distinct().Count()))
            .Take(Limit).ToListAsync();
        return new ManagersPage { Q = k, Rows = rows };
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
    public async Task<IActionResult> Index(string? q) => View(await lookup.SearchAsync(q));
}
