using Microsoft.AspNetCore.Identity;
using PostalCrm.Sdk.Data;
using PostalCrm.Sdk.Security;

namespace PostalCrm.Host.Security;

public sealed record LoginResult(UserAccount? User, string? Error);

/// <summary>F-1.1: password check with lockout after <see cref="MaxFailures"/> failures for <see cref="LockoutMinutes"/> minutes.</summary>
public sealed class LoginService(PostalDb db, TimeProvider clock)
{
    public const int MaxFailures = 5;
    public const int LockoutMinutes = 15;
    public const int MinPasswordLength = 8;
    private static readonly PasswordHasher<UserAccount> Hasher = new();
    private const string Generic = "用户名或密码错误";

    public async Task<LoginResult> CheckAsync(string login, string password)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var user = await db.Users.FirstOrDefaultAsync(u => u.Login == login.Trim());
        if (user is null) return new(null, Generic);
        if (user.Disabled) return new(null, "该账号已停用,请联系管理员");
        if (user.LockoutUntil is { } until && until > now)
            return new(null, $"连续登录失败次数过多,账号已锁定,请于 {Math.Ceiling((until - now).TotalMinutes)} 分钟后再试");

        if (Hasher.VerifyHashedPassword(user, user.PasswordHash, password) == PasswordVerificationResult.Failed)
        {
            var failures = user.FailedLogins + 1;
            if (failures >= MaxFailures)
            {
                await db.Users.Where(u => u.Id == user.Id)
                    .Set(u => u.FailedLogins, 0).Set(u => u.LockoutUntil, now.AddMinutes(LockoutMinutes)).UpdateAsync();
                return new(null, $"连续 {MaxFailures} 次登录失败,账号已锁定 {LockoutMinutes} 分钟");
            }
            await db.Users.Where(u => u.Id == user.Id).Set(u => u.FailedLogins, failures).UpdateAsync();
            return new(null, $"{Generic}(还可尝试 {MaxFailures - failures} 次)");
        }
        await db.Users.Where(u => u.Id == user.Id).Set(u => u.FailedLogins, 0).Set(u => u.LockoutUntil, (DateTime?)null).UpdateAsync();
        return new(user, null);
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
