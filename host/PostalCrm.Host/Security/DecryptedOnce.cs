using System.Collections.Concurrent;
using Microsoft.AspNetCore.Authentication;

namespace PostalCrm.Host.Security;

/// <summary>
/// What was derived from a cookie's exact text, kept a short while (issue 8): decrypting the same cookie on every request
/// of a browser was a measurable part of every page (ASP.NET Core's managed AES-CBC + HMAC with a key derived per call).
/// Keys are the cookie as sent, so only a browser holding that cookie finds its entry. At most <see cref="MaxKept"/>
/// entries (cleared when full), each for <see cref="TimeToLive"/>.
/// </summary>
public sealed class DecryptedOnce<TValue>(TimeProvider clock) where TValue : class
{
    public static readonly TimeSpan TimeToLive = TimeSpan.FromMinutes(10);
    public const int MaxKept = 20_000;

    private sealed record Kept(TValue Value, DateTimeOffset Expires);

    private readonly ConcurrentDictionary<string, Kept> _kept = new(StringComparer.Ordinal);

    public bool TryGet(string key, out TValue value)
    {
        if (_kept.TryGetValue(key, out var kept) && kept.Expires > clock.GetUtcNow())
        {
            value = kept.Value;
            return true;
        }
        value = null!;
        return false;
    }

    public void Keep(string key, TValue value)
    {
        if (_kept.Count >= MaxKept) _kept.Clear();
        _kept[key] = new Kept(value, clock.GetUtcNow() + TimeToLive);
    }
}

/// <summary>
/// The sign-in cookie's ticket decrypted once per cookie text (<see cref="DecryptedOnce{TValue}"/>); each request gets
/// its own copy. What follows is unchanged: the cookie handler checks the ticket's expiry, and
/// <see cref="CurrentUserMiddleware"/> checks the session, the user and the security stamp in the database on every request.
/// </summary>
public sealed class DecryptedTickets(ISecureDataFormat<AuthenticationTicket> inner, TimeProvider clock) : ISecureDataFormat<AuthenticationTicket>
{
    private readonly DecryptedOnce<AuthenticationTicket> _tickets = new(clock);

    public string Protect(AuthenticationTicket data) => inner.Protect(data);

    public string Protect(AuthenticationTicket data, string? purpose) => inner.Protect(data, purpose);

    public AuthenticationTicket? Unprotect(string? protectedText) => Unprotect(protectedText, null);

    public AuthenticationTicket? Unprotect(string? protectedText, string? purpose)
    {
        if (string.IsNullOrEmpty(protectedText)) return inner.Unprotect(protectedText, purpose);
        var key = (purpose ?? "") + "\u001f" + protectedText;
        if (_tickets.TryGet(key, out var kept)) return Copy(kept);
        var read = inner.Unprotect(protectedText, purpose);
        if (read is not null) _tickets.Keep(key, Copy(read));
        return read;
    }

    private static AuthenticationTicket Copy(AuthenticationTicket t) => new(t.Principal.Clone(), t.Properties.Clone(), t.AuthenticationScheme);
}
