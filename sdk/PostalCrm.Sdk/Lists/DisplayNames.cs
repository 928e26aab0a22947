using System.Collections.Frozen;
using LinqToDB;
using PostalCrm.Sdk.Data;

namespace PostalCrm.Sdk.Lists;

/// <summary>
/// The names a list shows beside its rows' ids — users, organisation units, product lines, business types — read whole and
/// remembered as <see cref="BoundedCounts"/> remembers a figure: until the next write through the portal, a minute at most
/// (issue 8). A page reads its rows' ids and looks the names up here, instead of joining each of its 50 rows to four small
/// tables: on PostgreSQL those index lookups were half of 资料调取审批's statement (0.69 → 0.37 ms a run, pgbench). The tables
/// are small (a province has 5,000 users and a few hundred units), so reading one costs a few milliseconds. Each method
/// takes the ids the page needs: remembered names that lack one of them (a row written outside the portal since) are read
/// again at once, so a page never shows a blank name. Requests that miss together share one read (SDK 1.16.1). Without
/// ids (null: an export, whose ids are not known before it streams) the names are read now.
/// </summary>
public sealed class DisplayNames(PostalDb db, BoundedCounts remembered)
{
    /// <summary>Users' 姓名, by id.</summary>
    public Task<IReadOnlyDictionary<int, string>> UsersAsync(IEnumerable<int>? needed) =>
        NamesAsync("sdk/names/users", db.Users.Select(u => new Named(u.Id, u.DisplayName)), needed);

    /// <summary>Organisation units' names, by id.</summary>
    public Task<IReadOnlyDictionary<int, string>> OrgUnitsAsync(IEnumerable<int>? needed) =>
        NamesAsync("sdk/names/org-units", db.OrgUnits.Select(u => new Named(u.Id, u.Name)), needed);

    /// <summary>Product lines' (专业) names, by id.</summary>
    public Task<IReadOnlyDictionary<int, string>> ProductLinesAsync(IEnumerable<int>? needed) =>
        NamesAsync("sdk/names/product-lines", db.ProductLines.Select(p => new Named(p.Id, p.Name)), needed);

    /// <summary>Business types' (业务类型) names, by id.</summary>
    public Task<IReadOnlyDictionary<int, string>> BusinessTypesAsync(IEnumerable<int>? needed) =>
        NamesAsync("sdk/names/business-types", db.BusinessTypes.Select(t => new Named(t.Id, t.Name)), needed);

    private sealed record Named(int Id, string Name);

    private Task<IReadOnlyDictionary<int, string>> NamesAsync(string key, IQueryable<Named> rows, IEnumerable<int>? needed)
    {
        async Task<IReadOnlyDictionary<int, string>> ReadAsync() => (await rows.ToListAsync()).ToFrozenDictionary(r => r.Id, r => r.Name);
        return needed is null ? ReadAsync() : remembered.FigureAsync(key, ReadAsync, names => needed.All(names.ContainsKey));
    }
}
