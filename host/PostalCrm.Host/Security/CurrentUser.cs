using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using PostalCrm.Sdk.Data;
using PostalCrm.Sdk.Organisation;
using PostalCrm.Sdk.Security;

namespace PostalCrm.Host.Security;

/// <summary>Scoped: filled once per request by <see cref="CurrentUserMiddleware"/> from the cookie and the database.</summary>
/// <param name="declared">What runs in this deployment; without it (some tests) the raw grants are the permissions.</param>
public sealed class CurrentUser(DeclaredPermissions? declared = null) : ICurrentUser
{
    private UserAccount? _user;
    private OrgUnit? _unit;
    private OrgUnit? _area;

    public bool IsAuthenticated => _user is not null;
    public int Id => Require().Id;
    public string Login => Require().Login;
    public string DisplayName => Require().DisplayName;
    public OrgUnit OrgUnit => _unit ?? throw NotSignedIn();
    public OrgUnit Area => _area ?? throw NotSignedIn();
    public IReadOnlySet<string> Roles { get; private set; } = new HashSet<string>();
    public IReadOnlySet<string> Permissions { get; private set; } = new HashSet<string>();
    public bool MustChangePassword => _user?.MustChangePassword ?? false;

    public bool Has(string permission) => Permissions.Contains(permission);
    public bool IsInRole(string role) => Roles.Contains(role);

    /// <summary>Loads a user with unit, area, roles and permissions; false when the user does not exist.</summary>
    public async Task<bool> LoadAsync(PostalDb db, int userId) =>
        await db.Users.FirstOrDefaultAsync(u => u.Id == userId) is { } user && await LoadAsync(db, user);

    /// <summary>
    /// Loads unit, area, roles and permissions of an already read user row; with a <paramref name="cache"/>, from it when a
    /// fresh entry exists for the same user, security stamp and unit (the row itself is always the caller's fresh read).
    /// </summary>
    public async Task<bool> LoadAsync(PostalDb db, UserAccount user, UserContextCache? cache)
    {
        if (cache?.Find(user) is { } hit)
        {
            Set(user, hit.Unit, hit.Area, hit.Roles, hit.Permissions);
            return true;
        }
        var generation = cache?.Generation ?? 0;
        await LoadAsync(db, user);
        cache?.Add(user, generation, new UserContextCache.Entry(_unit!, _area!, Roles, Permissions));
        return true;
    }

    /// <summary>Loads unit, area, roles and permissions of an already read user row.</summary>
    public async Task<bool> LoadAsync(PostalDb db, UserAccount user)
    {
        var userId = user.Id;
        var unit = await db.OrgUnits.FirstAsync(u => u.Id == user.OrgUnitId);
        var area = await new OrgTree(db).AreaOfAsync(unit);
        var roles = await db.UserRoles.Where(r => r.UserId == userId).Select(r => r.RoleCode).ToListAsync();
        var granted = await db.RoleGrants.Where(p => roles.Contains(p.RoleCode)).Select(p => p.Permission).Distinct().ToListAsync();
        // Effective: grants of permissions still declared (retired ones do nothing), plus what they imply.
        IEnumerable<string> perms = declared is null ? granted : declared.Effective(granted);
        Set(user, unit, area, new HashSet<string>(roles, StringComparer.Ordinal), new HashSet<string>(perms, StringComparer.Ordinal));
        return true;
    }

    private void Set(UserAccount user, OrgUnit unit, OrgUnit area, IEnumerable<string> roles, IEnumerable<string> permissions)
    {
        _user = user;
        _unit = unit;
        _area = area;
        Roles = roles as IReadOnlySet<string> ?? new HashSet<string>(roles, StringComparer.Ordinal);
        Permissions = permissions as IReadOnlySet<string> ?? new HashSet<string>(permissions, StringComparer.Ordinal);
    }

    private UserAccount Require() => _user ?? throw NotSignedIn();
    private static InvalidOperationException NotSignedIn() => new("no signed-in user in this request");
}

/// <summary>
/// What a signed-in user's requests need besides the user row — unit, area, roles, effective permissions — kept briefly
/// in memory (issue 8: these were five queries on every request). An entry is used only for the same user, security
/// stamp and unit as the row the request has just read from the database, so a password change, reset or disable
/// (new stamp) and a move to another unit take effect on the next request; the session and user row themselves are
/// still read on every request (<see cref="SessionStore.ResumeAsync"/>), so a disabled user is out on the next request.
/// Role and grant changes made through this node (any successful admin POST) clear the cache at once; other nodes see
/// them within <see cref="TimeToLive"/>.
/// </summary>
public sealed class UserContextCache(TimeProvider clock)
{
    public static readonly TimeSpan TimeToLive = TimeSpan.FromSeconds(30);

    public sealed record Entry(OrgUnit Unit, OrgUnit Area, IReadOnlySet<string> Roles, IReadOnlySet<string> Permissions);

    private sealed record Slot(string Stamp, int OrgUnitId, long Generation, DateTimeOffset Expires, Entry Entry);

    private readonly System.Collections.Concurrent.ConcurrentDictionary<int, Slot> _slots = new();
    private long _generation;

    /// <summary>Bumped by <see cref="Clear"/>: an entry loaded before a clear is never stored after it.</summary>
    public long Generation => Interlocked.Read(ref _generation);

    public Entry? Find(UserAccount user) =>
        _slots.TryGetValue(user.Id, out var slot) && slot.Stamp == user.SecurityStamp && slot.OrgUnitId == user.OrgUnitId
        && slot.Generation == Generation && slot.Expires > clock.GetUtcNow()
            ? slot.Entry
            : null;

    public void Add(UserAccount user, long generation, Entry entry)
    {
        if (generation != Generation) return;
        _slots[user.Id] = new Slot(user.SecurityStamp, user.OrgUnitId, generation, clock.GetUtcNow() + TimeToLive, entry);
    }

    /// <summary>Forget everything (roles, grants, units or permissions may have changed).</summary>
    public void Clear()
    {
        Interlocked.Increment(ref _generation);
        _slots.Clear();
    }
}

/// <summary>
/// Loads the signed-in user for every request: the session and the user row are read fresh each time, unit, roles and
/// permissions come from <see cref="UserContextCache"/> (keyed by the row's security stamp). The cookie only names
/// a server-side session (<see cref="SessionStore"/>): logout, an idle or absolute timeout, a disabled or deleted user
/// or a changed security stamp (password change or reset, disable) end it here, on the next request, on every node.
/// </summary>
public sealed class CurrentUserMiddleware(RequestDelegate next)
{
    public const string UserIdClaim = "uid";
    public const string StampClaim = "stamp";

    public async Task InvokeAsync(HttpContext ctx, CurrentUser current, PostalDb db, SessionStore sessions, UserContextCache cache)
    {
        // Administration writes (users, roles and grants, org units, plugins) may change what any user may do: the cache
        // is cleared once the write is committed, before its response (a redirect) reaches the browser.
        if (!HttpMethods.IsGet(ctx.Request.Method) && !HttpMethods.IsHead(ctx.Request.Method) && ctx.Request.Path.StartsWithSegments("/admin"))
        {
            try
            {
                await LoadAsync(ctx, current, db, sessions, cache);
            }
            finally
            {
                cache.Clear();
            }
            return;
        }
        await LoadAsync(ctx, current, db, sessions, cache);
    }

    private async Task LoadAsync(HttpContext ctx, CurrentUser current, PostalDb db, SessionStore sessions, UserContextCache cache)
    {
        var principal = ctx.User;
        if (principal.Identity?.IsAuthenticated == true && int.TryParse(principal.FindFirstValue(UserIdClaim), out var uid))
        {
            // A cookie without a session id (issued before sessions existed) is no longer accepted.
            var user = principal.FindFirstValue(SessionStore.SessionClaim) is { Length: > 0 } sid
                ? await sessions.ResumeAsync(sid, uid, principal.FindFirstValue(StampClaim))
                : null;
            if (user is null)
            {
                await ctx.SignOutAsync();
                ctx.User = new ClaimsPrincipal(new ClaimsIdentity());
            }
            else
            {
                await current.LoadAsync(db, user, cache);

                // Until the first password is changed, the only pages are the change page and logout.
                if (user.MustChangePassword && !IsAllowedBeforePasswordChange(ctx.Request.Path))
                {
                    ctx.Response.Redirect("/Account/ChangePassword");
                    return;
                }
            }
        }
        await next(ctx);
    }

    private static bool IsAllowedBeforePasswordChange(PathString path) =>
        path.StartsWithSegments("/Account/ChangePassword", StringComparison.OrdinalIgnoreCase)
        || path.StartsWithSegments("/Account/Logout", StringComparison.OrdinalIgnoreCase)
        || path.StartsWithSegments("/lib") || path.StartsWithSegments("/css") || path.StartsWithSegments("/js")
        || path.StartsWithSegments("/healthz");
}
