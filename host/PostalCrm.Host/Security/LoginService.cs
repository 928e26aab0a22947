using Microsoft.AspNetCore.Identity;
using PostalCrm.Sdk.Data;
using PostalCrm.Sdk.Security;

namespace PostalCrm.Host.Security;

public sealed record LoginResult(UserAccount? User, string? Error);

/// <summary>One failed login (also for logins that do not exist); rows older than the window are deleted.</summary>
[LinqToDB.Mapping.Table("login_failures")]
public sealed class LoginFailure
{
    [LinqToDB.Mapping.Column("id"), LinqToDB.Mapping.PrimaryKey, LinqToDB.Mapping.Identity] public long Id { get; set; }
    [LinqToDB.Mapping.Column("login", Length = 50), LinqToDB.Mapping.NotNull] public string Login { get; set; } = "";
    [LinqToDB.Mapping.Column("address", Length = 64), LinqToDB.Mapping.NotNull] public string Address { get; set; } = "";
    [LinqToDB.Mapping.Column("at"), LinqToDB.Mapping.NotNull] public DateTime At { get; set; }
}

/// <summary>
/// F-1.1: password check. Every failure answers the same message after the same work (a dummy hash is verified for
/// unknown logins), so nobody learns which logins exist, whether one is locked or how many tries remain. Failures
/// count within a <see cref="WindowMinutes"/>-minute window: <see cref="MaxFailures"/> from anywhere lock the account
/// for <see cref="LockoutMinutes"/> minutes, but one client address is throttled after <see cref="MaxFailuresPerAddressAndLogin"/>
/// failures on a login (and <see cref="MaxFailuresPerAddress"/> on all logins) before it could lock anyone out alone.
/// </summary>
public sealed class LoginService(PostalDb db, TimeProvider clock)
{
    public const int MaxFailures = 5;
    public const int LockoutMinutes = 15;
    public const int WindowMinutes = 15;
    public const int MaxFailuresPerAddressAndLogin = MaxFailures - 1;
    public const int MaxFailuresPerAddress = 30;
    public const int MinPasswordLength = 8;
    private static readonly PasswordHasher<UserAccount> Hasher = new();
    /// <summary>The one answer to every failed login.</summary>
    public const string Generic = "用户名或密码错误。连续多次失败后账号将暂时锁定,请 15 分钟后再试或联系管理员";
    public const string DisabledMessage = "该账号已停用,请联系管理员";
    // Verified for unknown logins so that they take as long as known ones.
    private static readonly UserAccount Dummy = new() { PasswordHash = Hasher.HashPassword(new UserAccount(), Guid.NewGuid().ToString()) };

    private ITable<LoginFailure> Failures => db.GetTable<LoginFailure>();

    /// <param name="address">The client address (throttling); null when unknown.</param>
    public async Task<LoginResult> CheckAsync(string login, string password, string? address = null)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var since = now.AddMinutes(-WindowMinutes);
        var key = login.Trim();
        if (key.Length > 50) key = key[..50];
        var from = string.IsNullOrEmpty(address) ? "unknown" : address.Length > 64 ? address[..64] : address;

        var user = await db.Users.FirstOrDefaultAsync(u => u.Login == key);
        var throttled = await Failures.CountAsync(f => f.Address == from && f.Login == key && f.At > since) >= MaxFailuresPerAddressAndLogin
            || await Failures.CountAsync(f => f.Address == from && f.At > since) >= MaxFailuresPerAddress;
        var locked = user?.LockoutUntil is { } until && until > now;
        var passwordOk = Hasher.VerifyHashedPassword(user ?? Dummy, user?.PasswordHash ?? Dummy.PasswordHash, password) != PasswordVerificationResult.Failed;

        // Throttled or locked: refused whatever the password, and not counted again (that would extend a stranger's lockout).
        if (throttled || locked) return new(null, Generic);
        if (user is null || !passwordOk)
        {
            await RecordFailureAsync(key, from, now, since, user);
            return new(null, Generic);
        }
        // Only someone who knows the password learns that the account is disabled.
        if (user.Disabled) return new(null, DisabledMessage);

        await Failures.Where(f => f.Login == key).DeleteAsync();
        if (user.FailedLogins != 0 || user.LockoutUntil is not null)
            await db.Users.Where(u => u.Id == user.Id).Set(u => u.FailedLogins, 0).Set(u => u.LockoutUntil, (DateTime?)null).UpdateAsync();
        return new(user, null);
    }

    private async Task RecordFailureAsync(string login, string address, DateTime now, DateTime since, UserAccount? user)
    {
        await Failures.Where(f => f.At <= since).DeleteAsync();
        await db.InsertAsync(new LoginFailure { Login = login, Address = address, At = now });
        if (user is null) return;
        var failures = await Failures.CountAsync(f => f.Login == login && f.At > since);
        if (failures >= MaxFailures)
        {
            // The lockout carries on alone; the counted failures are spent (an administrator's unlock starts afresh).
            await db.Users.Where(u => u.Id == user.Id)
                .Set(u => u.FailedLogins, 0).Set(u => u.LockoutUntil, now.AddMinutes(LockoutMinutes)).UpdateAsync();
            await Failures.Where(f => f.Login == login).DeleteAsync();
        }
        else
        {
            await db.Users.Where(u => u.Id == user.Id).Set(u => u.FailedLogins, failures).UpdateAsync();
        }
    }

    public static string Hash(string password) => Hasher.HashPassword(new UserAccount(), password);

    public static bool Verify(UserAccount user, string password) =>
        Hasher.VerifyHashedPassword(user, user.PasswordHash, password) != PasswordVerificationResult.Failed;

    /// <summary>Null when acceptable, else the Chinese reason.</summary>
    public static string? CheckStrength(string password)
    {
        if (password.Length < MinPasswordLength) return $"新密码至少 {MinPasswordLength} 位";
        var kinds = new[] { password.Any(char.IsAsciiLetterLower), password.Any(char.IsAsciiLetterUpper), password.Any(char.IsAsciiDigit), password.Any(c => !char.IsAsciiLetterOrDigit(c)) }.Count(b => b);
        return kinds < 3 ? "新密码须包含大写字母、小写字母、数字、符号中的至少三类" : null;
    }

    /// <summary>A one-time password for a new or reset account, shown once to the administrator.</summary>
    public static string OneTimePassword()
    {
        const string chars = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnpqrstuvwxyz23456789";
        var body = System.Security.Cryptography.RandomNumberGenerator.GetString(chars, 10);
        return body + "#" + System.Security.Cryptography.RandomNumberGenerator.GetInt32(10, 99);
    }
}
