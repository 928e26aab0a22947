using LinqToDB;
using PostalCrm.Sdk.Data;

namespace PostalCrm.Sdk.Organisation;

/// <summary>Reads of the organisation tree. Small (hundreds of rows), so callers may load it whole.</summary>
public sealed class OrgTree(PostalDb db)
{
    public Task<List<OrgUnit>> AllAsync() => db.OrgUnits.OrderBy(u => u.Path).ToListAsync();

    public Task<OrgUnit?> FindAsync(int id) => db.OrgUnits.FirstOrDefaultAsync(u => u.Id == id);

    /// <summary>The unit and every unit below it.</summary>
    public Task<List<OrgUnit>> SubtreeAsync(OrgUnit root) => Within(root).OrderBy(u => u.Path).ToListAsync();

    /// <summary>
    /// The unit and every unit below it, as a query the database evaluates (a prefix match on the path). The root is named
    /// by its id and its path read in the same statement: with the path as a string parameter, linq2db treats every query
    /// using this scope as parameter-dependent and renders its SQL again on each execution (a measurable share of every
    /// list page, issue 8); an int parameter keeps the rendered SQL cached. The org tree is small, so the prefix test
    /// need not seek an index.
    /// </summary>
    public IQueryable<OrgUnit> Within(OrgUnit root)
    {
        var rootId = root.Id;
        return from r in db.OrgUnits
               where r.Id == rootId
               from u in db.OrgUnits
               where PathStartsWith(u.Path, r.Path)
               select u;
    }

    /// <summary>
    /// The unit and every unit above it, as a query the database evaluates: the other direction of <see cref="Within"/>,
    /// keyed by the unit's id for the same reason (a statement that uses it keeps its rendered SQL).
    /// </summary>
    public IQueryable<OrgUnit> LineageOf(int unitId) =>
        from m in db.OrgUnits
        where m.Id == unitId
        from u in db.OrgUnits
        where PathStartsWith(m.Path, u.Path)
        select u;

    /// <summary>Paths hold only digits and '/', so the root's path needs no LIKE escaping.</summary>
    [Sql.Expression("{0} LIKE ({1} || '%')", IsPredicate = true, ServerSideOnly = true)]
    private static bool PathStartsWith(string path, string rootPath) => throw new InvalidOperationException("SQL only");

    /// <summary>True when <paramref name="unit"/> is <paramref name="root"/> or lies below it.</summary>
    public static bool IsWithin(OrgUnit unit, OrgUnit root) => unit.Path.StartsWith(root.Path, StringComparison.Ordinal);

    /// <summary>Ancestors from the root down to and including the unit.</summary>
    public async Task<List<OrgUnit>> LineageAsync(OrgUnit unit)
    {
        var ids = ParsePath(unit.Path);
        var units = await db.OrgUnits.Where(u => ids.Contains(u.Id)).ToListAsync();
        return [.. units.OrderBy(u => u.Path.Length)];
    }

    /// <summary>The administrative area a unit belongs to: itself if it is one, else its nearest area ancestor.</summary>
    public async Task<OrgUnit> AreaOfAsync(OrgUnit unit)
    {
        if (unit.Kind == OrgUnitKind.Area) return unit;
        var lineage = await LineageAsync(unit);
        return lineage.Last(u => u.Kind == OrgUnitKind.Area);
    }

    /// <summary>The city (市/州) a unit belongs to; the province itself for a provincial unit.</summary>
    public async Task<OrgUnit> CityOfAsync(OrgUnit unit)
    {
        var lineage = await LineageAsync(unit);
        return lineage.Last(u => u.Kind == OrgUnitKind.Area && u.Level <= OrgLevel.City);
    }

    /// <summary>
    /// The units whose administrative area is <paramref name="area"/> itself (the area and its departments), not those
    /// inside a lower area: e.g. a city's 城市一级单位. A sub-query the database evaluates.
    /// </summary>
    public IQueryable<int> UnitsOfArea(OrgUnit area)
    {
        var root = area.Path;
        var lowerAreas = db.OrgUnits.Where(d => d.Kind == OrgUnitKind.Area && d.Path.StartsWith(root) && d.Id != area.Id);
        return db.OrgUnits
            .Where(u => u.Path.StartsWith(root) && !lowerAreas.Any(d => Sql.Like(u.Path, d.Path + "%")))
            .Select(u => u.Id);
    }

    public static IReadOnlyList<int> ParsePath(string path) =>
        [.. path.Split('/', StringSplitOptions.RemoveEmptyEntries).Select(int.Parse)];

    public static string ChildPath(string parentPath, int id) => $"{parentPath}{id}/";
}
