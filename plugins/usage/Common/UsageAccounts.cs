using PostalCrm.Sdk.Customers;
using PostalCrm.Sdk.Data;
using PostalCrm.Sdk.Security;

namespace PostalCrm.Plugins.Usage.Common;

/// <summary>
/// What may be booked against a key account: a product line × business type of an approved business relationship
/// (registration's 终审 approves them), with the relationship's customer manager and cooperating department.
/// A relationship without a business type covers every active business type of its product line.
/// </summary>
public sealed record UsageOption(int KeyAccountId, int ManagerUserId, string ManagerName, string? ManagerNo, int OrgUnitId,
    int ProductLineId, string ProductLine, int LineSort, int BusinessTypeId, string BusinessType);

/// <summary>Key accounts in the user's scope and the options registered for them (SDK tables only).</summary>
public sealed class UsageAccounts(PostalDb db, DataScope scope, ICurrentUser me)
{
    /// <summary>
    /// Numbered key accounts whose usage the user may book and see: org roles those of customers in their scope
    /// (<see cref="DataScope.Customers{T}"/>); a customer manager those an approved relationship names them on.
    /// </summary>
    public IQueryable<KeyAccount> InScope()
    {
        var q = scope.Customers(db.KeyAccounts.Where(k => k.Number != null), k => k.CustomerId);
        if (scope.IsOrgWide) return q;
        var id = me.Id;
        var mine = db.BusinessRelationships.ApprovedOf(id);
        return q.Where(k => mine.Any(r => r.KeyAccountId == k.Id || (r.KeyAccountId == null && r.CustomerId == k.CustomerId)));
    }

    /// <summary>The registered options of the given key accounts (a customer manager only gets their own).</summary>
    public async Task<List<UsageOption>> OptionsAsync(IReadOnlyCollection<int> keyAccountIds, CancellationToken ct = default)
    {
        var result = new List<UsageOption>();
        foreach (var chunk in keyAccountIds.Chunk(500))
        {
            var q = from k in db.KeyAccounts.Where(k => chunk.Contains(k.Id))
                    from r in db.BusinessRelationships.Where(r => r.Approved && (r.KeyAccountId == k.Id || (r.KeyAccountId == null && r.CustomerId == k.CustomerId)))
                    join p in db.ProductLines on r.ProductLineId equals p.Id
                    from t in db.BusinessTypes.Where(t => t.ProductLineId == p.Id && t.Active && (r.BusinessTypeId == null || r.BusinessTypeId == t.Id))
                    join u in db.Users on r.ManagerUserId equals u.Id
                    where p.Active
                    select new UsageOption(k.Id, u.Id, u.DisplayName, u.EmployeeNo, r.OrgUnitId, p.Id, p.Name, p.Sort, t.Id, t.Name);
            if (!scope.IsOrgWide)
            {
                var id = me.Id;
                q = q.Where(o => o.ManagerUserId == id);
            }
            result.AddRange(await q.ToListAsync(ct));
        }
        return [.. result.DistinctBy(o => (o.KeyAccountId, o.ManagerUserId, o.OrgUnitId, o.ProductLineId, o.BusinessTypeId))
            .OrderBy(o => o.KeyAccountId).ThenBy(o => o.LineSort).ThenBy(o => o.BusinessTypeId).ThenBy(o => o.ManagerUserId)];
    }
}
