using System.Security.Claims;
using System.Security.Cryptography;
using LinqToDB;
using LinqToDB.Data;
using LinqToDB.Mapping;
using PostalCrm.Sdk.Data;
using PostalCrm.Sdk.Security;

namespace PostalCrm.Host.Security;

/// <summary>The <c>Security</c> section of the configuration.</summary>
public sealed class SecurityOptions
{
    /// <summary>Secure-only cookies (behind TLS).</summary>
    public bool RequireHttps { get; set; }
    /// <summary>A session unused this long ends.</summary>
    public int IdleTimeoutMinutes { get; set; } = 30;
    /// <summary>A session ends this long after sign-in, however busy.</summary>
    public int AbsoluteTimeoutHours { get; set; } = 8;
    /// <summary>Proxies (IP addresses) whose X-Forwarded-For is believed; loopback always is.</summary>
    public string[] KnownProxies { get; set; } = [];

    public TimeSpan IdleTimeout => TimeSpan.FromMinutes(IdleTimeoutMinutes);
    public TimeSpan AbsoluteTimeout => TimeSpan.FromHours(AbsoluteTimeoutHours);
}

/// <summary>One signed-in browser. The cookie only names it: logout or a timeout deletes the row and the cookie is worthless.</summary>
[Table("user_sessions")]
public sealed class UserSession
{
    [Column("id", Length = 64), PrimaryKey] public string Id { get; set; } = "";
    [Column("user_id"), NotNull] public int UserId { get; set; }
    [Column("created_at"), NotNull] public DateTime CreatedAt { get; set; }
    [Column("last_seen_at"), NotNull] public DateTime LastSeenAt { get; set; }
}

/// <summary>
/// Server-side sessions in the database (so any host node can end or check them). Checked on every request by
/// <see cref="CurrentUserMiddleware"/> with one primary-key lookup joined to the user row; last-seen is written at
/// most once a minute.
/// </summary>
public sealed class SessionStore(PostalDb db, TimeProvider clock, SecurityOptions options)
{
    public const string SessionClaim = "sid";
    /// <summary>Last-seen is refreshed no more often than this: no database write on every request.</summary>
    public static readonly TimeSpan TouchInterval = TimeSpan.FromMinutes(1);

    private ITable<UserSession> Sessions => db.GetTable<UserSession>();
    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    /// <summary>A new session for a user who just proved their password; also drops sessions that ran out.</summary>
    public async Task<string> StartAsync(int userId)
    {
        var now = Now;
        var idleSince = now - options.IdleTimeout;
        var bornSince = now - options.AbsoluteTimeout;
        await Sessions.Where(s => s.LastSeenAt < idleSince || s.CreatedAt < bornSince).DeleteAsync();
        var id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
        await db.InsertAsync(new UserSession { Id = id, UserId = userId, CreatedAt = now, LastSeenAt = now });
        return id;
    }

    /// <summary>The user of a live session (touching it), or null: unknown, ended, timed out, or the user may no longer sign in.</summary>
    public async Task<UserAccount?> ResumeAsync(string sessionId, int userId, string? stamp)
    {
        // Every request runs this: two primary-key reads in plain SQL. linq2db's translation of the equivalent LINQ join
        // cost about ten times the lookups themselves (issue 8, CPU profile of the list pages).
        var session = (await db.QueryToListAsync<UserSession>(
            "SELECT id, user_id, created_at, last_seen_at FROM user_sessions WHERE id = @id", new DataParameter("id", sessionId, DataType.NVarChar))).FirstOrDefault();
        if (session is null) return null;
        var user = (await db.QueryToListAsync<UserAccount>(
            "SELECT * FROM users WHERE id = @id", new DataParameter("id", session.UserId, DataType.Int32))).FirstOrDefault();
        if (user is null) return null;
        var now = Now;
        if (user.Id != userId || user.Disabled || user.SecurityStamp != stamp
            || now - session.LastSeenAt > options.IdleTimeout || now - session.CreatedAt > options.AbsoluteTimeout)
        {
            await EndAsync(sessionId);
            return null;
        }
        if (now - session.LastSeenAt >= TouchInterval)
            await Sessions.Where(s => s.Id == sessionId).Set(s => s.LastSeenAt, now).UpdateAsync();
        return user;
    }

    public Task EndAsync(string sessionId) => Sessions.Where(s => s.Id == sessionId).DeleteAsync();

    /// <summary>After a password change: every other browser of the user is signed out.</summary>
    public Task EndOthersAsync(int userId, string keepSessionId) =>
        Sessions.Where(s => s.UserId == userId && s.Id != keepSessionId).DeleteAsync();

    /// <summary>The claims of a signed-in user's cookie: user id, security stamp, session id.</summary>
    public static ClaimsPrincipal Principal(UserAccount user, string stamp, string sessionId) => new(new ClaimsIdentity(
    [
        new Claim(CurrentUserMiddleware.UserIdClaim, user.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        new Claim(CurrentUserMiddleware.StampClaim, stamp),
        new Claim(SessionClaim, sessionId),
        new Claim(ClaimTypes.Name, user.Login),
    ], Microsoft.AspNetCore.Authentication.Cookies.CookieAuthenticationDefaults.AuthenticationScheme));
}
