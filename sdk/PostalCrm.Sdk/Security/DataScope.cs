using System.Linq.Expressions;
using LinqToDB;
using PostalCrm.Sdk.Customers;
using PostalCrm.Sdk.Data;
using PostalCrm.Sdk.Lists;
using PostalCrm.Sdk.Organisation;

namespace PostalCrm.Sdk.Security;

/// <summary>
/// The one place that turns "who is asking" into a filter (SPEC §2, ARCHITECTURE §3). Each named rule is written once here
/// and applied as a condition the database evaluates (a sub-query on the org tree's materialised path — never an id list
/// built in memory). Plugins call a rule with the columns of their record that it needs; they never write scope rules.
/// <list type="bullet">
/// <item><see cref="UnitAndBelow{T}"/>: the record's unit lies in the user's area or below it.</item>
/// <item><see cref="CustomersInArea"/>: "unit and below" on customers' districts, as an equality on their city or district
/// column (a join on big tables, e.g. requests about customers of the area); <see cref="RecordsOfCustomersInArea{T}"/> the
/// same as a condition on a record's customer column.</item>
/// <item><see cref="UnitAndBelowForList{T}"/>: the same, with no filter at all at the root of the tree (list pages).</item>
/// <item><see cref="Owned{T}"/>: the user is the record's owner (a CM's own applications, plans, logs, entries).</item>
/// <item><see cref="Records{T}"/>: SPEC §2's default for business records — org roles their area and below, anyone their own.</item>
/// <item><see cref="AreaShared{T}"/>: shared with an area — seen in that area and below, and by the levels above it.</item>
/// <item><see cref="Customers{T}"/>: customers whose details the user sees by role — a CM through an approved business
/// relationship naming them, org roles by the customer's district; identity is open to all (<c>CustomerDirectory.FindAsync</c>)
/// and approved data-access grants open details one customer at a time (<c>CustomerDirectory.GetAsync</c>).</item>
/// </list>
/// A single record is read through the same rule and <see cref="ScopeQueries.SingleInScopeAsync{T}"/>, which answers
/// <see cref="OutOfScopeException"/> (the host's 404) when the rule filters it out.
/// </summary>
public sealed class DataScope(ICurrentUser user, PostalDb db)
{
    /// <summary>True when the user holds a role whose scope is a unit and below (not only "own").</summary>
    public bool IsOrgWide => RoleCodes.OrgRoles.Any(user.IsInRole);

    /// <summary>
    /// An org role whose area is the root of the org tree (the province, ARCHITECTURE §8: one province per deployment):
    /// the rule "customer details by role" lets it see every customer.
    /// </summary>
    public bool SeesAllCustomers => IsOrgWide && AreaIsRoot;

    /// <summary>The user's area and every unit below it, as a sub-query.</summary>
    public IQueryable<int> AreaUnitIds => UnitsBelow(user.Area);

    /// <summary>Rule "unit and below": the unit that <paramref name="unitOf"/> names lies in the user's area or below it.</summary>
    public IQueryable<T> UnitAndBelow<T>(IQueryable<T> query, Expression<Func<T, int>> unitOf)
    {
        var units = AreaUnitIds;
        return query.Where(Predicates.Compose(unitOf, id => units.Contains(id)));
    }

    /// <summary>
    /// <see cref="UnitAndBelow{T}"/> for list pages over big tables (issue 8, SDK 1.5): at the root of the org tree (one
    /// province per deployment) every unit lies below the user's area, so there is no filter at all — the database counts
    /// off its smallest index and reads a page in the order of an index, instead of testing every row against the
    /// sub-query of every unit. Below the root it is <see cref="UnitAndBelow{T}"/> unchanged.
    /// </summary>
    public IQueryable<T> UnitAndBelowForList<T>(IQueryable<T> query, Expression<Func<T, int>> unitOf) =>
        AreaIsRoot ? query : UnitAndBelow(query, unitOf);

    /// <summary>
    /// <see cref="UnitAndBelow{T}"/> for a list page (SDK 1.9): pass the list's filters in <paramref name="query"/>;
    /// <see cref="ScopedRecords{T}.Page"/> cuts a page unit by unit where the database can (see <see cref="RecordListAsync{T}"/>).
    /// </summary>
    public ScopedRecords<T> UnitAndBelowList<T>(IQueryable<T> query, Expression<Func<T, int>> unitOf) => UnitAndBelowList(query, unitOf, fewRows: false);

    /// <summary>
    /// <see cref="UnitAndBelowList{T}(IQueryable{T}, Expression{Func{T, int}})"/> for filters that leave few rows and an index
    /// to find them by (SDK 1.18, <paramref name="fewRows"/>: e.g. a customer filter read first,
    /// <see cref="CustomerFilteredRecords{T}.Few"/>): the page is cut from them directly, not unit by unit — each unit's
    /// walk in the list's order would test most of its rows against the filter to find none.
    /// </summary>
    public ScopedRecords<T> UnitAndBelowList<T>(IQueryable<T> query, Expression<Func<T, int>> unitOf, bool fewRows)
    {
        // Unit by unit only on PostgreSQL (a LATERAL join; SQLite has none) and below the root, where the area's units are
        // few (a city: 17) and each holds a share of the rows.
        var byUnit = db.IsPostgres && !AreaIsRoot && !fewRows;
        return new ScopedRecords<T>(UnitAndBelow(query, unitOf), byUnit ? (order, skip, take) => PageByUnit(query, unitOf, order, skip, take) : null);
    }

    /// <summary>
    /// <see cref="UnitAndBelowList{T}(IQueryable{T}, Expression{Func{T, int}}, bool)"/> for a page whose filters leave few rows
    /// found by an index (SDK 1.19; e.g. a customer filter read first): on PostgreSQL below the root the area's units are
    /// read first and passed as one array. Why: PostgreSQL estimates the units under a path prefix at 2, so it started from
    /// the units — 客户合同协议维护 with a customer filter read the city's 1,554 contracts unit by unit, testing each
    /// against the customers (0.35–0.5 ms) — where with both arrays it probes the customer index (0.09 ms).
    /// </summary>
    public async Task<ScopedRecords<T>> FewRowsListAsync<T>(IQueryable<T> query, Expression<Func<T, int>> unitOf)
    {
        if (!db.IsPostgres || AreaIsRoot) return UnitAndBelowList(query, unitOf, fewRows: true);
        var units = new SqlIdArray(await AreaUnitIds.ToArrayAsync());
        return new ScopedRecords<T>(query.Where(Predicates.Compose(unitOf, id => KeptSql.IsAnyOf(id, units))), null);
    }

    /// <summary>The user's area is the root of the org tree: every unit lies below it.</summary>
    private bool AreaIsRoot => user.Area.ParentId is null;

    /// <summary>Rule "owned": the user is the record's owner.</summary>
    public IQueryable<T> Owned<T>(IQueryable<T> query, Expression<Func<T, int>> ownerOf)
    {
        var me = user.Id;
        return query.Where(Predicates.Compose(ownerOf, id => id == me));
    }

    /// <summary>SPEC §2 for business records: an org role sees its area and below, everyone sees what they own.</summary>
    public IQueryable<T> Records<T>(IQueryable<T> query, Expression<Func<T, int>> unitOf, Expression<Func<T, int>> ownerOf)
    {
        if (!IsOrgWide) return Owned(query, ownerOf);
        var units = AreaUnitIds;
        var me = user.Id;
        return query.Where(Or(Predicates.Compose(unitOf, id => units.Contains(id)), Predicates.Compose(ownerOf, id => id == me)));
    }

    /// <summary>
    /// <see cref="Records{T}"/> for list pages over big tables (issue 8): an org role that owns none of the records gets the
    /// unit-and-below rule alone, which an index on the unit column serves; the "or owned" branch, needed only when it
    /// owns some, keeps the database from any index (a scan of every record). The check reads the owner column: index it.
    /// </summary>
    public async Task<IQueryable<T>> RecordsForListAsync<T>(IQueryable<T> query, Expression<Func<T, int>> unitOf, Expression<Func<T, int>> ownerOf) =>
        (await RecordListAsync(query, unitOf, ownerOf)).Rows;

    /// <summary>
    /// <see cref="RecordsForListAsync{T}"/> with a way to cut its pages unit by unit (SDK 1.9, <see cref="ScopedRecords{T}.Page"/>):
    /// pass the list's filters in <paramref name="query"/>; <see cref="ScopedRecords{T}.Rows"/> are its rows in scope (for
    /// counts and totals).
    /// </summary>
    public Task<ScopedRecords<T>> RecordListAsync<T>(IQueryable<T> query, Expression<Func<T, int>> unitOf, Expression<Func<T, int>> ownerOf) =>
        RecordListAsync(query, unitOf, ownerOf, () => Owned(query, ownerOf).AnyAsync());

    /// <summary>
    /// <see cref="RecordListAsync{T}(IQueryable{T}, Expression{Func{T, int}}, Expression{Func{T, int}})"/> with whether the
    /// user owns any of the rows remembered under <paramref name="key"/> (SDK 1.11: one statement less on every view of
    /// the list; the key names the list, the user and every filter value, as the list's count does).
    /// </summary>
    public Task<ScopedRecords<T>> RecordListAsync<T>(IQueryable<T> query, Expression<Func<T, int>> unitOf, Expression<Func<T, int>> ownerOf,
        BoundedCounts remembered, string key) =>
        RecordListAsync(query, unitOf, ownerOf, () => remembered.FigureAsync(key, () => Owned(query, ownerOf).AnyAsync()));

    private async Task<ScopedRecords<T>> RecordListAsync<T>(IQueryable<T> query, Expression<Func<T, int>> unitOf, Expression<Func<T, int>> ownerOf,
        Func<Task<bool>> ownsAny)
    {
        if (IsOrgWide && !await ownsAny()) return UnitAndBelowList(query, unitOf);
        return new ScopedRecords<T>(Records(query, unitOf, ownerOf), null);
    }

    /// <summary>
    /// Rule "unit and below", one page in <paramref name="order"/>, cut unit by unit: for each unit of the area (a LATERAL
    /// join) the first <c>skip + take</c> rows of that unit in the order, which an index on (unit, order columns) reads
    /// directly, and only those are sorted for the page — not every row of the area (a city's month of usage records:
    /// 17,000 rows sorted for 50, 3.9 → 0.4 ms on PostgreSQL).
    /// </summary>
    private IQueryable<T> PageByUnit<T>(IQueryable<T> query, Expression<Func<T, int>> unitOf,
        Func<IQueryable<T>, IOrderedQueryable<T>> order, int skip, int take)
    {
        var units = AreaUnitIds;
        var perUnitLimit = skip + take;
        var ofMarkedUnit = order(query.Where(Predicates.Compose(unitOf, id => id == MarkedUnit()))).Take(() => perUnitLimit);
        var unit = Expression.Parameter(typeof(int), "unit");
        var ofUnit = Expression.Lambda<Func<int, IEnumerable<T>>>(new ReplaceMarkedUnit(unit).Visit(ofMarkedUnit.Expression)!, unit);
        var rows = units.SelectMany(ofUnit);
        return order(rows).Skip(() => skip).Take(() => take);
    }

    /// <summary>Stands for the unit of <see cref="PageByUnit{T}"/>'s LATERAL join until the expression is built; never called.</summary>
    private static int MarkedUnit() => throw new InvalidOperationException("a marker inside an expression");

    private sealed class ReplaceMarkedUnit(ParameterExpression unit) : ExpressionVisitor
    {
        protected override Expression VisitMethodCall(MethodCallExpression node) =>
            node.Method.Name == nameof(MarkedUnit) && node.Method.DeclaringType == typeof(DataScope) ? unit : base.VisitMethodCall(node);
    }

    /// <summary>
    /// Rule "area-shared" (F-7.1, F-7.2): what is shared with an area is seen by everyone in that area and below it, and by
    /// the levels above it, which oversee it; not by a sibling area. The levels above are the ids of the user's own path.
    /// </summary>
    public IQueryable<T> AreaShared<T>(IQueryable<T> query, Expression<Func<T, int>> areaOf)
    {
        var units = AreaUnitIds;
        var above = OrgTree.ParsePath(user.Area.Path).ToList();
        return query.Where(Predicates.Compose(areaOf, id => units.Contains(id) || above.Contains(id)));
    }

    /// <summary>Rule "customer details by role": customers (by <paramref name="customerOf"/>) whose details the user sees without a grant.</summary>
    public IQueryable<T> Customers<T>(IQueryable<T> query, Expression<Func<T, int>> customerOf)
    {
        var visible = CustomerIdsInScope();
        return query.Where(Predicates.Compose(customerOf, id => visible.Contains(id)));
    }

    /// <summary>
    /// Rule "customer details by role" on the customer rows themselves (list pages): the same rule as
    /// <see cref="Customers{T}"/>, written on the row's own district and id, so the database filters the customers it
    /// reads (in the order of an index) instead of joining them to the sub-query of every visible id.
    /// </summary>
    public IQueryable<BusinessCustomer> CustomerRows(IQueryable<BusinessCustomer> query)
    {
        var me = user.Id;
        var own = OwnCustomerIds(me);
        if (!IsOrgWide) return query.Where(c => own.Contains(c.Id));
        // The province's own roles: every district lies below the root, so every customer — no filter at all, and the
        // database can read the customers in the order of an index and stop after a page.
        if (SeesAllCustomers) return query;
        var units = AreaUnitIds;
        return query.Where(c => units.Contains(c.DistrictOrgId) || own.Contains(c.Id));
    }

    /// <summary>
    /// <see cref="CustomerRows"/> for list pages, written so that one index serves filter and order (issue 8): an org role
    /// of a city or district that manages no customer itself sees exactly the customers whose city (district) is its area,
    /// so the rule becomes an equality on <c>city_org_id</c> (<c>district_org_id</c>), and the (unit, name, id) indexes
    /// read a page in name order without sorting the area. Anyone else gets <see cref="CustomerRows"/> unchanged.
    /// <see cref="ScopedCustomers.NameOrderIndexed"/> says whether ordering by name (then id) is read off an index.
    /// </summary>
    public Task<ScopedCustomers> CustomerRowsForListAsync(IQueryable<BusinessCustomer> query) =>
        CustomerRowsForListAsync(query, ManagesCustomersAsync);

    /// <summary>
    /// <see cref="CustomerRowsForListAsync(IQueryable{BusinessCustomer})"/> with whether the user manages any customer
    /// remembered (SDK 1.12: one statement less on every view of a customer list; forgotten on the next write, as counts are).
    /// </summary>
    public Task<ScopedCustomers> CustomerRowsForListAsync(IQueryable<BusinessCustomer> query, BoundedCounts remembered) =>
        CustomerRowsForListAsync(query, () => remembered.FigureAsync($"scope/manages-customers|{user.Id}", ManagesCustomersAsync));

    private async Task<ScopedCustomers> CustomerRowsForListAsync(IQueryable<BusinessCustomer> query, Func<Task<bool>> managesCustomers)
    {
        if (!IsOrgWide) return new(CustomerRows(query), false);
        if (SeesAllCustomers) return new(query, true);
        if (await managesCustomers()) return new(CustomerRows(query), false);
        return user.Area.Level is OrgLevel.City or OrgLevel.District ? new(CustomersInArea(query), true) : new(CustomerRows(query), false);
    }

    private Task<bool> ManagesCustomersAsync()
    {
        var me = user.Id;
        return db.BusinessRelationships.ApprovedOf(me).AnyAsync();
    }

    private IQueryable<int> OwnCustomerIds(int managerId) => db.BusinessRelationships.CustomerIdsOf(managerId);

    /// <summary>
    /// Rule "unit and below" on a customer's district — <c>UnitAndBelow(customers, c =&gt; c.DistrictOrgId)</c>, no "or own"
    /// branch — written for joins on big tables (issue 8, SDK 1.5): the province's root sees every customer (no filter),
    /// a city area the customers whose <c>city_org_id</c> is that city, a district area those whose
    /// <c>district_org_id</c> is that district — an equality the database joins on, instead of the sub-query of every
    /// district below the area (which it answers with the id list of every customer there). Any other area gets the
    /// sub-query unchanged. Relies on the customer's city being its district's city, which every writer keeps.
    /// </summary>
    public IQueryable<BusinessCustomer> CustomersInArea(IQueryable<BusinessCustomer> query)
    {
        if (AreaIsRoot) return query;
        var area = user.Area;
        var id = area.Id;
        return area.Level switch
        {
            OrgLevel.City => query.Where(c => c.CityOrgId == id),
            OrgLevel.District => query.Where(c => c.DistrictOrgId == id),
            _ => UnitAndBelow(query, c => c.DistrictOrgId),
        };
    }

    /// <summary>
    /// <see cref="CustomersInArea"/> applied to records about a customer (by <paramref name="customerOf"/>), as a condition
    /// on the record alone (SDK 1.5): at the root no filter at all, otherwise "customer in (ids of the area's customers)",
    /// a sub-query the database answers from its (city | district, name, id) index. For counts over big tables, where
    /// joining every candidate record to its customer row would read a customer row each.
    /// </summary>
    public IQueryable<T> RecordsOfCustomersInArea<T>(IQueryable<T> query, Expression<Func<T, int>> customerOf)
    {
        if (AreaIsRoot) return query;
        var ids = CustomersInArea(db.BusinessCustomers).Select(c => c.Id);
        return query.Where(Predicates.Compose(customerOf, id => ids.Contains(id)));
    }

    /// <summary>The customers whose details the user sees by role, as a sub-query of ids.</summary>
    public IQueryable<int> CustomerIdsInScope()
    {
        var me = user.Id;
        var own = OwnCustomerIds(me);
        if (!IsOrgWide) return own;
        var units = AreaUnitIds;
        return db.BusinessCustomers.Where(c => units.Contains(c.DistrictOrgId) || own.Contains(c.Id)).Select(c => c.Id);
    }

    /// <summary>True when the unit lies in the user's area or below it (e.g. a unit chosen in a form).</summary>
    public Task<bool> CoversUnitAsync(int orgUnitId) => new OrgTree(db).Within(user.Area).AnyAsync(u => u.Id == orgUnitId);

    /// <summary>Throws <see cref="OutOfScopeException"/> (404) unless the unit lies in the user's area or below it.</summary>
    public async Task EnsureUnitAsync(int orgUnitId)
    {
        if (!await CoversUnitAsync(orgUnitId)) throw new OutOfScopeException();
    }

    /// <summary>The units at or below a path, as a sub-query.</summary>
    private IQueryable<int> UnitsBelow(OrgUnit root) => new OrgTree(db).Within(root).Select(u => u.Id);

    private static Expression<Func<T, bool>> Or<T>(Expression<Func<T, bool>> a, Expression<Func<T, bool>> b)
    {
        var right = new Predicates.Replace(b.Parameters[0], a.Parameters[0]).Visit(b.Body)!;
        return Expression.Lambda<Func<T, bool>>(Expression.OrElse(a.Body, right), a.Parameters);
    }
}

/// <summary>Predicates composed from expressions (the scope rules, the customer filters).</summary>
internal static class Predicates
{
    /// <summary><c>r =&gt; test(select(r))</c>, so a rule written over an id applies to any record's column.</summary>
    public static Expression<Func<T, bool>> Compose<T>(Expression<Func<T, int>> select, Expression<Func<int, bool>> test) =>
        Expression.Lambda<Func<T, bool>>(new Replace(test.Parameters[0], select.Body).Visit(test.Body)!, select.Parameters);

    public sealed class Replace(Expression from, Expression to) : ExpressionVisitor
    {
        public override Expression? Visit(Expression? node) => node == from ? to : base.Visit(node);
    }
}

/// <summary>
/// Records in scope for a list page (<see cref="DataScope.RecordListAsync{T}"/>): <see cref="Rows"/> for counts and totals,
/// <see cref="Page"/> for one page of them in an order.
/// </summary>
public sealed class ScopedRecords<T>(IQueryable<T> rows, Func<Func<IQueryable<T>, IOrderedQueryable<T>>, int, int, IQueryable<T>>? byUnit)
{
    public IQueryable<T> Rows { get; } = rows;

    /// <summary>
    /// The rows <paramref name="skip"/> to <c>skip + take</c> of <see cref="Rows"/> in <paramref name="order"/> (which must
    /// be a total order, e.g. ending with the id): cut unit by unit where the database can (see DataScope.PageByUnit),
    /// otherwise the plain page. Skip and take stay SQL parameters, so the statement's SQL is rendered once.
    /// </summary>
    public IQueryable<T> Page(Func<IQueryable<T>, IOrderedQueryable<T>> order, int skip, int take) =>
        byUnit?.Invoke(order, skip, take) ?? order(Rows).Skip(() => skip).Take(() => take);
}

/// <summary>Customer rows in scope for a list page; <see cref="NameOrderIndexed"/>: an index serves "order by name, id".</summary>
public sealed record ScopedCustomers(IQueryable<BusinessCustomer> Rows, bool NameOrderIndexed);

/// <summary>The single-record half of the scope model: read a record through its rule, or 404.</summary>
public static class ScopeQueries
{
    /// <summary>The first record of a scoped query, or <see cref="OutOfScopeException"/> (answered 404) when there is none.</summary>
    public static async Task<T> SingleInScopeAsync<T>(this IQueryable<T> scoped) =>
        await scoped.FirstOrDefaultAsync() ?? throw new OutOfScopeException();

    /// <summary>Throws <see cref="OutOfScopeException"/> (answered 404) unless the scoped query has a row.</summary>
    public static async Task EnsureAnyAsync<T>(this IQueryable<T> scoped)
    {
        if (!await scoped.AnyAsync()) throw new OutOfScopeException();
    }
}
