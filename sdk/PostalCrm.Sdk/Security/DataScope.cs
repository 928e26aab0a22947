using System.Linq.Expressions;
using LinqToDB;
using PostalCrm.Sdk.Data;

namespace PostalCrm.Sdk.Security;

/// <summary>A record that belongs to an org unit and, for customer managers, to its owner.</summary>
public interface IScopedRecord
{
    int OrgUnitId { get; }
    int OwnerUserId { get; }
}

/// <summary>
/// The one place that turns "who is asking" into a filter (SPEC §2): holders of an org role see their
/// area and every unit below it; a customer manager without one sees only records they own.
/// </summary>
public sealed class DataScope(ICurrentUser user, PostalDb db)
{
    private IReadOnlyList<int>? _unitIds;

    /// <summary>True when the user holds a role whose scope is a unit and below (not only "own").</summary>
    public bool IsOrgWide => RoleCodes.OrgRoles.Any(user.IsInRole);

    /// <summary>Ids of the user's area and every unit below it.</summary>
    public async Task<IReadOnlyList<int>> UnitIdsAsync()
    {
        if (_unitIds is not null) return _unitIds;
        var root = user.Area.Path;
        _unitIds = await db.OrgUnits.Where(u => u.Path.StartsWith(root)).Select(u => u.Id).ToListAsync();
        return _unitIds;
    }

    public async Task<bool> CoversUnitAsync(int orgUnitId) => (await UnitIdsAsync()).Contains(orgUnitId);

    /// <summary>Filters a query of scoped records to what the user may see.</summary>
    public async Task<IQueryable<T>> ApplyAsync<T>(IQueryable<T> query) where T : IScopedRecord
    {
        var p = Expression.Parameter(typeof(T), "r");
        Expression body;
        if (IsOrgWide)
        {
            var ids = (await UnitIdsAsync()).ToList();
            body = Expression.Call(Expression.Constant(ids), typeof(List<int>).GetMethod(nameof(List<int>.Contains))!,
                Expression.Property(p, nameof(IScopedRecord.OrgUnitId)));
        }
        else
        {
            body = Expression.Equal(Expression.Property(p, nameof(IScopedRecord.OwnerUserId)), Expression.Constant(user.Id));
        }
        return query.Where(Expression.Lambda<Func<T, bool>>(body, p));
    }

    /// <summary>Throws <see cref="OutOfScopeException"/> (answered 404) unless the user may see the record.</summary>
    public async Task EnsureAsync(IScopedRecord record)
    {
        if (!await CanSeeAsync(record)) throw new OutOfScopeException();
    }

    public async Task<bool> CanSeeAsync(IScopedRecord record) =>
        record.OwnerUserId == user.Id || (IsOrgWide && await CoversUnitAsync(record.OrgUnitId));
}
