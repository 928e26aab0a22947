using Microsoft.AspNetCore.Antiforgery;
using Microsoft.Extensions.Options;

namespace PostalCrm.Host.Security;

/// <summary>
/// ASP.NET Core's antiforgery with the request token of a browser and a sign-in reused from page to page (issue 8). Every
/// page carries a token (the layout's 退出 form and htmx header), and making one decrypts the antiforgery cookie and
/// encrypts a new token: about 6 % of a list page's CPU. A request token depends only on the cookie's token and the
/// signed-in identity (its claims), so one made for the same cookie and claims is as valid as a new one; validation
/// is ASP.NET Core's, unchanged. A token is kept only after ASP.NET Core accepted the cookie it came with (no new
/// cookie issued), as <see cref="DecryptedOnce{TValue}"/> keeps values.
/// </summary>
public sealed class ReusedAntiforgeryTokens(IAntiforgery inner, IOptions<AntiforgeryOptions> options, TimeProvider clock) : IAntiforgery
{
    private readonly DecryptedOnce<string> _requestTokens = new(clock);
    private readonly AntiforgeryOptions _options = options.Value;

    /// <summary>Replaces the registered <see cref="IAntiforgery"/> (after AddAntiforgery / AddControllersWithViews) with this around it.</summary>
    public static void Decorate(IServiceCollection services)
    {
        var registered = services.Last(d => d.ServiceType == typeof(IAntiforgery));
        var type = registered.ImplementationType ?? throw new InvalidOperationException("IAntiforgery is not registered by type");
        services.Remove(registered);
        services.AddSingleton<IAntiforgery>(sp => new ReusedAntiforgeryTokens((IAntiforgery)ActivatorUtilities.CreateInstance(sp, type),
            sp.GetRequiredService<IOptions<AntiforgeryOptions>>(), sp.GetRequiredService<TimeProvider>()));
    }

    public AntiforgeryTokenSet GetAndStoreTokens(HttpContext httpContext)
    {
        var key = KeyOf(httpContext);
        if (key is not null && _requestTokens.TryGet(key, out var requestToken))
        {
            // What ASP.NET Core does to every response carrying a token: never cached.
            if (!httpContext.Response.HasStarted)
            {
                httpContext.Response.Headers.CacheControl = "no-cache, no-store";
                httpContext.Response.Headers.Pragma = "no-cache";
            }
            return new AntiforgeryTokenSet(requestToken, null, _options.FormFieldName, _options.HeaderName);
        }
        var tokens = inner.GetAndStoreTokens(httpContext);
        // A new cookie token: the request's cookie was missing or refused, so there is nothing to key a reuse on.
        if (key is not null && tokens.CookieToken is null && tokens.RequestToken is { } made) _requestTokens.Keep(key, made);
        return tokens;
    }

    /// <summary>The antiforgery cookie as sent and every claim of the signed-in identity (what a request token is made from); null without the cookie.</summary>
    private string? KeyOf(HttpContext httpContext)
    {
        if (_options.Cookie.Name is not { } name || httpContext.Request.Cookies[name] is not { Length: > 0 } cookie) return null;
        if (httpContext.User.Identity?.IsAuthenticated != true) return cookie;
        var key = new System.Text.StringBuilder(cookie);
        foreach (var claim in httpContext.User.Claims) key.Append('\u001f').Append(claim.Type).Append('\u001e').Append(claim.Value);
        return key.ToString();
    }

    public AntiforgeryTokenSet GetTokens(HttpContext httpContext) => inner.GetTokens(httpContext);

    public Task<bool> IsRequestValidAsync(HttpContext httpContext) => inner.IsRequestValidAsync(httpContext);

    public Task ValidateRequestAsync(HttpContext httpContext) => inner.ValidateRequestAsync(httpContext);

    public void SetCookieTokenAndHeader(HttpContext httpContext) => inner.SetCookieTokenAndHeader(httpContext);
}
