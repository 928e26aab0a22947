using PostalCrm.Sdk.Data;
using PostalCrm.Sdk.Security;

namespace PostalCrm.Plugins.Marketing.Common;

public sealed record ManagerChoice(int Id, string Name, string? EmployeeNo, string Login, int OrgUnitId, string UnitName);

/// <summary>A manager and their unit (<see cref="ManagerScope.PickableWithUnits"/>).</summary>
public sealed class PickedManager
{
    public required UserAccount User { get; init; }
    public required PostalCrm.Sdk.Organisation.OrgUnit Unit { get; init; }
}

/// <summary>
/// Which customer managers the user may pick (SPEC §4: a CM picks only themselves; a key-account department picks the
/// CMs in its scope) and the record rule of plans and logs (<see cref="DataScope.Records{T}"/>: org roles their area and
/// below, a CM their own). A manager outside the choice is answered 404.
/// </summary>
public sealed class ManagerScope(PostalDb db, ICurrentUser me, DataScope scope)
{
    public bool IsOrgWide => scope.IsOrgWide;

    /// <summary>Active customer managers, as a query.</summary>
    public IQueryable<UserAccount> AllManagers() =>
        from u in db.Users
        where !u.Disabled && db.UserRoles.Any(r => r.UserId == u.Id && r.RoleCode == RoleCodes.CustomerManager)
        select u;

    /// <summary>The managers whose plans, logs and figures the user may see and write.</summary>
    public IQueryable<UserAccount> Pickable()
    {
        if (!scope.IsOrgWide)
        {
            var id = me.Id;
            return AllManagers().Where(u => u.Id == id);
        }
        return scope.UnitAndBelow(AllManagers(), u => u.OrgUnitId);
    }

    /// <summary>F-4.1: a unit sees its own and lower units' managers (a CM: those of their area).</summary>
    public IQueryable<UserAccount> Visible() => scope.UnitAndBelow(AllManagers(), u => u.OrgUnitId);

    public async Task<List<ManagerChoice>> ChoicesAsync() => await Choices(Pickable()).ToListAsync();

    /// <summary>A page of <see cref="ChoicesAsync"/> (unit path, then login).</summary>
    public async Task<List<ManagerChoice>> ChoicesPageAsync(int skip, int take) =>
        await Choices(Pickable()).Skip(() => skip).Take(() => take).ToListAsync();

    /// <summary>The manager if the user may pick them, else <see cref="OutOfScopeException"/> (404).</summary>
    public async Task<ManagerChoice> GetAsync(int managerId) =>
        await Choices(Pickable().Where(u => u.Id == managerId)).SingleInScopeAsync();

    /// <summary>Default manager of a form: the CM themself, else the first one in scope (null when none).</summary>
    public async Task<int?> DefaultAsync() =>
        scope.IsOrgWide ? (await ChoicesAsync()).Select(c => (int?)c.Id).FirstOrDefault() : me.Id;

    public IQueryable<T> Records<T>(IQueryable<T> q, System.Linq.Expressions.Expression<Func<T, int>> unitOf,
        System.Linq.Expressions.Expression<Func<T, int>> ownerOf) => scope.Records(q, unitOf, ownerOf);

    /// <summary>
    /// The pickable managers with their units, unordered, as a query to join on: list pages read their rows in the same
    /// statement as the managers (no second statement and no IN list of ids, which linq2db renders again per request).
    /// </summary>
    public IQueryable<PickedManager> PickableWithUnits() =>
        from u in Pickable()
        join o in db.OrgUnits on u.OrgUnitId equals o.Id
        select new PickedManager { User = u, Unit = o };

    private IQueryable<ManagerChoice> Choices(IQueryable<UserAccount> users) =>
        from u in users
        join o in db.OrgUnits on u.OrgUnitId equals o.Id
        orderby o.Path, u.Login
        select new ManagerChoice(u.Id, u.DisplayName, u.EmployeeNo, u.Login, u.OrgUnitId, o.Name);
}
