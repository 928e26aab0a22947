using System.Collections.Concurrent;
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
/// <see cref="CurrentUserMiddleware"/> with one primary-key lookup joined to the user row (<see cref="ResumeAsync"/>); last-seen is written at
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
        // Every request runs this: one primary-key read of the session joined to its user, in plain SQL. linq2db's
        // translation of the equivalent LINQ join cost about ten times the lookup itself, and a second statement for the
        // user row cost another round trip on every request (issue 8, CPU profiles of the list pages).
        var session = (await db.QueryToListAsync<ResumedSession>(
            "SELECT s.created_at AS session_created_at, s.last_seen_at AS session_last_seen_at, u.* "
            + "FROM user_sessions s JOIN users u ON u.id = s.user_id WHERE s.id = @id",
            new DataParameter("id", sessionId, DataType.NVarChar))).FirstOrDefault();
        if (session is null) return null;
        var user = session.User();
        var now = Now;
        if (user.Id != userId || user.Disabled || user.SecurityStamp != stamp
            || now - session.SessionLastSeenAt > options.IdleTimeout || now - session.SessionCreatedAt > options.AbsoluteTimeout)
        {
            await EndAsync(sessionId);
            return null;
        }
        if (now - session.SessionLastSeenAt >= TouchInterval && Touching.TryAdd(sessionId, 0))
        {
            try
            {
                await TouchAsync(sessionId, now);
            }
            finally
            {
                Touching.TryRemove(sessionId, out _);
            }
        }
        return user;
    }

    // The sessions this process is touching now. A browser's requests in flight all read the same stale last-seen when the
    // minute ends: each wrote the row, and PostgreSQL queued those writes on the row's lock, one commit (and WAL flush)
    // after another — 13 to 16 writes of one session within 30 ms, seen under load (issue 8). One of them writes; the
    // others go on, their session already checked.
    private static readonly ConcurrentDictionary<string, byte> Touching = new(StringComparer.Ordinal);

    /// <summary>
    /// Moves last-seen to <paramref name="now"/> unless it was moved within <see cref="TouchInterval"/> of it (another node
    /// or request got there first): false then, and nothing written. A request that waited for another's write to the row
    /// re-reads it and writes nothing, so the writes of one session stay one a minute.
    /// </summary>
    public async Task<bool> TouchAsync(string sessionId, DateTime now)
    {
        var due = now - TouchInterval;
        return await Sessions.Where(s => s.Id == sessionId && s.LastSeenAt <= due).Set(s => s.LastSeenAt, now).UpdateAsync() > 0;
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

/// <summary>A session's times with its user's row, as <see cref="SessionStore.ResumeAsync"/> reads them in one statement.</summary>
internal sealed class ResumedSession
{
    [Column("session_created_at")] public DateTime SessionCreatedAt { get; set; }
    [Column("session_last_seen_at")] public DateTime SessionLastSeenAt { get; set; }
    [Column("id")] public int Id { get; set; }
    [Column("login")] public string Login { get; set; } = "";
    [Column("display_name")] public string DisplayName { get; set; } = "";
    [Column("employee_no")] public string? EmployeeNo { get; set; }
    [Column("org_unit_id")] public int OrgUnitId { get; set; }
    [Column("phone")] public string? Phone { get; set; }
    [Column("password_hash")] public string PasswordHash { get; set; } = "";
    [Column("must_change_password")] public bool MustChangePassword { get; set; }
    [Column("failed_logins")] public int FailedLogins { get; set; }
    [Column("lockout_until")] public DateTime? LockoutUntil { get; set; }
    [Column("disabled")] public bool Disabled { get; set; }
    [Column("security_stamp")] public string SecurityStamp { get; set; } = "";
    [Column("created_at")] public DateTime CreatedAt { get; set; }

    public UserAccount User() => new()
    {
        Id = Id, Login = Login, DisplayName = DisplayName, EmployeeNo = EmployeeNo, OrgUnitId = OrgUnitId, Phone = Phone,
        PasswordHash = PasswordHash, MustChangePassword = MustChangePassword, FailedLogins = FailedLogins, LockoutUntil = LockoutUntil,
        Disabled = Disabled, SecurityStamp = SecurityStamp, CreatedAt = CreatedAt,
    };
}
