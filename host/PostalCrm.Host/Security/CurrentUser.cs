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
        Set(user, unit, area, roles, perms);
        return true;
    }

    private void Set(UserAccount user, OrgUnit unit, OrgUnit area, IEnumerable<string> roles, IEnumerable<string> permissions)
    {
        _user = user;
        _unit = unit;
        _area = area;
        Roles = new HashSet<string>(roles, StringComparer.Ordinal);
        Permissions = new HashSet<string>(permissions, StringComparer.Ordinal);
    }

    private UserAccount Require() => _user ?? throw NotSignedIn();
    private static InvalidOperationException NotSignedIn() => new("no signed-in user in this request");
}

/// <summary>
/// Loads the signed-in user for every request (roles and permissions are read fresh each time). The cookie only names
/// a server-side session (<see cref="SessionStore"/>): logout, an idle or absolute timeout, a disabled or deleted user
/// or a changed security stamp (password change or reset, disable) end it here, on the next request, on every node.
/// </summary>
public sealed class CurrentUserMiddleware(RequestDelegate next)
{
    public const string UserIdClaim = "uid";
    public const string StampClaim = "stamp";

    public async Task InvokeAsync(HttpContext ctx, CurrentUser current, PostalDb db, SessionStore sessions)
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
                await current.LoadAsync(db, user);

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
