using System.Linq.Expressions;
using LinqToDB;
using PostalCrm.Sdk.Data;
using PostalCrm.Sdk.Lists;
using PostalCrm.Sdk.Organisation;
using PostalCrm.Sdk.Security;

namespace PostalCrm.Sdk.Customers;

/// <summary>What anyone may see of any customer in a pick-list (SPEC §2): name, 简称, code, district.</summary>
public sealed record CustomerIdentity(int Id, string Code, string Name, string ShortName, int DistrictOrgId, string DistrictName);

/// <summary>What part of a customer's details a grant opens (F-3.8).</summary>
[Flags]
public enum CustomerDetail
{
    None = 0,
    Basic = 1,
    Business = 2,
    All = Basic | Business,
}

/// <summary>Implemented by the plugin that owns data-access requests (registration): approved grants per user and customer.</summary>
public interface ICustomerAccessGrants
{
    Task<CustomerDetail> GrantedAsync(int userId, int customerId);
}

/// <summary>
/// Customer identity search for pick-lists, open to everyone, and the scope check for a customer's details:
/// a customer manager sees customers a business relationship names them on; org roles see customers whose district
/// lies in their area; anything else only through an approved access grant, and only the granted part.
/// </summary>
public sealed class CustomerDirectory(PostalDb db, ICurrentUser user, DataScope scope, IEnumerable<ICustomerAccessGrants> grants)
{
    /// <summary>
    /// Fuzzy (contains) search over name, 简称 and code. Keyword under 1 character returns nothing. The result is exactly
    /// a plain <c>LIKE '%keyword%'</c> (wildcards in the keyword are escaped); keywords of 3+ characters are answered
    /// through a trigram index (<see cref="CustomerSearchSql"/>), shorter ones by LIKE on the table.
    /// </summary>
    public Task<IReadOnlyList<CustomerIdentity>> FindAsync(string? keyword, int limit = 20) => FindAsync(keyword, limit, among: null);

    /// <summary>
    /// The customers registered in the department of a unit: located in the unit's administrative area (its district or
    /// city, and below) or named by an approved business relationship of a department there (F-3.1 lets a department
    /// register a customer of another district of its city). F-4.6/F-4.7: development and other work choose "该部门注册的所有客户".
    /// Identity only, like <see cref="FindAsync(string?, int)"/>; an unknown unit is answered 404.
    /// </summary>
    public async Task<IQueryable<BusinessCustomer>> RegisteredInAsync(int orgUnitId) => db.BusinessCustomers.Where(await RegisteredInRuleAsync(orgUnitId));

    /// <summary><see cref="FindAsync(string?, int)"/> among the customers registered in the department of a unit (<see cref="RegisteredInAsync"/>).</summary>
    public async Task<IReadOnlyList<CustomerIdentity>> FindRegisteredInAsync(string? keyword, int orgUnitId, int limit = 20) =>
        await FindAsync(keyword, limit, await RegisteredInRuleAsync(orgUnitId));

    private async Task<Expression<Func<BusinessCustomer, bool>>> RegisteredInRuleAsync(int orgUnitId)
    {
        var tree = new OrgTree(db);
        var unit = await tree.FindAsync(orgUnitId) ?? throw new OutOfScopeException();
        var units = tree.Within(await tree.AreaOfAsync(unit)).Select(u => u.Id);
        var related = db.BusinessRelationships.Where(r => r.Approved && units.Contains(r.OrgUnitId)).Select(r => r.CustomerId);
        return c => units.Contains(c.DistrictOrgId) || related.Contains(c.Id);
    }

    private async Task<IReadOnlyList<CustomerIdentity>> FindAsync(string? keyword, int limit, Expression<Func<BusinessCustomer, bool>>? among)
    {
        var k = CustomerSearchSql.CleanKeyword(keyword);
        if (k.Length == 0) return [];
        var candidates = CustomerSearchSql.Candidates(db, k);
        if (among is not null) candidates = candidates.Where(among);
        var matching = candidates.Where(CustomerSearchSql.Like(db, k, withCode: true));
        // PostgreSQL: the district's name as a sub-select of each row shown, not a join. It estimates one match for the
        // bigram and LIKE filters together and joined every match to a scan of the org units: the 2-character live search
        // of the province spent 0.9 ms of database CPU a request, 0.5 as a sub-select. SQLite is faster with the join.
        var units = db.OrgUnits;
        var q = db.IsPostgres
            ? from c in matching
              orderby c.Name
              select new CustomerIdentity(c.Id, c.Code, c.Name, c.ShortName, c.DistrictOrgId, units.Where(d => d.Id == c.DistrictOrgId).Select(d => d.Name).First())
            : from c in matching
              join d in units on c.DistrictOrgId equals d.Id
              orderby c.Name
              select new CustomerIdentity(c.Id, c.Code, c.Name, c.ShortName, c.DistrictOrgId, d.Name);
        return await q.Take(limit).ToListAsync();
    }

    /// <summary>Which details of the customer the current user may see: all by role (<see cref="DataScope.Customers{T}"/>), else what grants open.</summary>
    public async Task<CustomerDetail> VisibleDetailAsync(BusinessCustomer customer)
    {
        if (await scope.CustomerIdsInScope().ContainsAsync(customer.Id)) return CustomerDetail.All;
        var granted = CustomerDetail.None;
        foreach (var g in grants) granted |= await g.GrantedAsync(user.Id, customer.Id);
        return granted;
    }

    /// <summary>Loads a customer whose <paramref name="needed"/> details the user may see, else throws (answered 404).</summary>
    public async Task<BusinessCustomer> GetAsync(int customerId, CustomerDetail needed = CustomerDetail.Basic)
    {
        var c = await db.BusinessCustomers.FirstOrDefaultAsync(x => x.Id == customerId) ?? throw new OutOfScopeException();
        if ((await VisibleDetailAsync(c) & needed) != needed) throw new OutOfScopeException();
        return c;
    }

    /// <summary>Customers whose details the user sees by role (not by grant): for list pages.</summary>
    public IQueryable<BusinessCustomer> InScope() => scope.CustomerRows(db.BusinessCustomers);

    /// <summary>The same customers as <see cref="InScope"/>, written for a list page ordered by name (<see cref="DataScope.CustomerRowsForListAsync"/>).</summary>
    public Task<ScopedCustomers> InScopeForListAsync() => scope.CustomerRowsForListAsync(db.BusinessCustomers);

    /// <summary><see cref="InScopeForListAsync()"/> with the scope's check remembered until the next write (SDK 1.12).</summary>
    public Task<ScopedCustomers> InScopeForListAsync(BoundedCounts remembered) => scope.CustomerRowsForListAsync(db.BusinessCustomers, remembered);
}
