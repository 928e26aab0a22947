using System.Globalization;
using LinqToDB;
using Microsoft.AspNetCore.Mvc;
using PostalCrm.Host.Security;
using PostalCrm.Sdk.Audit;
using PostalCrm.Sdk.Customers;
using PostalCrm.Sdk.Data;
using PostalCrm.Sdk.Reference;
using PostalCrm.Sdk.Security;

namespace PostalCrm.Host.Features.VisitFrequencies;

public sealed record VisitFrequencyRow(BusinessCustomer Customer, string District, VisitFrequency? Frequency, string? Posted);

public sealed class VisitFrequencyItem
{
    public int CustomerId { get; set; }
    /// <summary>Visits per month as typed: blank = not set (an existing setting is removed), else 0–31.</summary>
    public string? Visits { get; set; }
}

public sealed class VisitFrequenciesPage
{
    public required string UnitName { get; init; }
    public string? Q { get; init; }
    public int Page { get; init; } = 1;
    public int Total { get; init; }
    public int PageSize { get; init; }
    /// <summary>True when the user's area has no business customers at all (not only none matching the filter).</summary>
    public bool NoCustomers { get; init; }
    public IReadOnlyList<VisitFrequencyRow> Rows { get; init; } = [];
    public int Pages => Math.Max(1, (Total + PageSize - 1) / PageSize);
}

/// <summary>
/// 维护频次: a key-account department (district) or centre (city) sets how many maintenance visits per month each
/// business customer of its area gets. The setting belongs to the user's own unit; the monthly plan (F-4.6) turns it
/// into suggestions. Customers are those whose district or city lies in the user's area and below.
/// </summary>
[Route("admin/visit-frequencies"), RequirePermission(HostPermissions.VisitFrequencies)]
public sealed class VisitFrequenciesController(PostalDb db, DataScope scope, AuditLog audit, ICurrentUser me, TimeProvider clock) : Controller
{
    public const int MaxVisits = 31;
    private const int PageSize = 50;

    [HttpGet("")]
    public async Task<IActionResult> Index(string? q, int page = 1) => View("Index", await PageAsync(q, page, null));

    [HttpPost("")]
    public async Task<IActionResult> Save(List<VisitFrequencyItem>? items, string? q, int page = 1)
    {
        items ??= [];
        var ids = items.Select(i => i.CustomerId).Distinct().ToList();
        if (ids.Count != items.Count) throw new BusinessRuleException("同一客户提交了多次,请刷新页面后重试");
        // Every customer must be in the user's area: anything else is answered 404 and nothing is saved.
        var customers = await InScope(db.BusinessCustomers.Where(c => ids.Contains(c.Id))).ToListAsync();
        if (customers.Count != ids.Count) throw new OutOfScopeException();
        var byId = customers.ToDictionary(c => c.Id);
        var unitId = me.OrgUnit.Id;
        var posted = items.ToDictionary(i => i.CustomerId, i => i.Visits);

        var changed = 0;
        return await this.ChangeAsync(db, async () =>
            {
                var parsed = items.Select(i => (i.CustomerId, Visits: Parse(i.Visits, byId[i.CustomerId]))).ToList();
                var existing = (await db.VisitFrequencies.Where(f => f.OrgUnitId == unitId && ids.Contains(f.CustomerId)).ToListAsync())
                    .ToDictionary(f => f.CustomerId);
                var now = clock.GetUtcNow().UtcDateTime;
                foreach (var (customerId, visits) in parsed)
                {
                    existing.TryGetValue(customerId, out var old);
                    if (visits is null)
                    {
                        if (old is null) continue;
                        await db.VisitFrequencies.Where(f => f.Id == old.Id).DeleteAsync();
                        await audit.WriteAsync("visit_frequency", old.Id, "delete", Snapshot(old), null);
                    }
                    else if (old is null)
                    {
                        var f = new VisitFrequency { CustomerId = customerId, OrgUnitId = unitId, VisitsPerMonth = visits.Value, UpdatedAt = now, UpdatedBy = me.Id };
                        f.Id = await db.InsertWithInt32IdentityAsync(f);
                        await audit.WriteAsync("visit_frequency", f.Id, "create", null, Snapshot(f));
                    }
                    else if (old.VisitsPerMonth != visits.Value)
                    {
                        var f = new VisitFrequency { Id = old.Id, CustomerId = customerId, OrgUnitId = unitId, VisitsPerMonth = visits.Value, UpdatedAt = now, UpdatedBy = me.Id };
                        await db.UpdateAsync(f);
                        await audit.WriteAsync("visit_frequency", f.Id, "update", Snapshot(old), Snapshot(f));
                    }
                    else continue;
                    changed++;
                }
            },
            "维护频次已保存", () =>
            {
                TempData["Flash"] = changed == 0 ? "没有需要保存的修改" : $"维护频次已保存(修改 {changed} 个客户)";
                return RedirectToAction(nameof(Index), new { q, page });
            },
            async () => View("Index", await PageAsync(q, page, posted)));
    }

    private static int? Parse(string? text, BusinessCustomer customer)
    {
        var t = (text ?? "").Trim();
        if (t.Length == 0) return null;
        if (t.All(char.IsAsciiDigit) && t.Length <= 2 && int.TryParse(t, NumberStyles.None, CultureInfo.InvariantCulture, out var v) && v <= MaxVisits)
            return v;
        throw new BusinessRuleException($"“{customer.ShortName}”的维护频次必须是 0–{MaxVisits} 之间的整数(次/月),或留空表示不设置");
    }

    /// <summary>Customers of the user's area (by district): the SDK's unit-and-below rule.</summary>
    private IQueryable<BusinessCustomer> InScope(IQueryable<BusinessCustomer> query) => scope.UnitAndBelow(query, c => c.DistrictOrgId);

    private async Task<VisitFrequenciesPage> PageAsync(string? q, int page, Dictionary<int, string?>? posted)
    {
        var all = InScope(db.BusinessCustomers);
        var noCustomers = !await all.AnyAsync();
        var query = all;
        var term = q?.Trim();
        if (!string.IsNullOrEmpty(term))
            query = query.Where(c => c.Name.Contains(Sql.Constant(term)) || c.ShortName.Contains(Sql.Constant(term)) || c.Code.Contains(Sql.Constant(term)));
        var total = await query.CountAsync();
        page = Math.Clamp(page, 1, Math.Max(1, (total + PageSize - 1) / PageSize));
        var customers = await query.OrderBy(c => c.Code).Skip((page - 1) * PageSize).Take(PageSize).ToListAsync();

        var customerIds = customers.Select(c => c.Id).ToList();
        var unitId = me.OrgUnit.Id;
        var frequencies = (await db.VisitFrequencies.Where(f => f.OrgUnitId == unitId && customerIds.Contains(f.CustomerId)).ToListAsync())
            .ToDictionary(f => f.CustomerId);
        var districtIds = customers.Select(c => c.DistrictOrgId).Distinct().ToList();
        var districts = await db.OrgUnits.Where(u => districtIds.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.Name);
        return new VisitFrequenciesPage
        {
            UnitName = me.OrgUnit.Name, Q = term, Page = page, Total = total, PageSize = PageSize, NoCustomers = noCustomers,
            Rows = [.. customers.Select(c => new VisitFrequencyRow(c, districts.GetValueOrDefault(c.DistrictOrgId, ""),
                frequencies.GetValueOrDefault(c.Id), posted is not null && posted.TryGetValue(c.Id, out var p) ? p : null))],
        };
    }

    private static object Snapshot(VisitFrequency f) => new { f.Id, f.CustomerId, f.OrgUnitId, f.VisitsPerMonth, f.UpdatedBy };
}
