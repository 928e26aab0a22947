namespace PostalCrm.Host.Security;

/// <summary>
/// Headers on every response: no MIME sniffing of downloads, no framing, no referrer leaks off-site, and a
/// Content-Security-Policy that runs scripts from this site only (no inline script, no on*= handlers, no eval), so an
/// injected tag cannot run. Inline style attributes stay allowed (views use them for layout; they run nothing);
/// Bootstrap draws its icons from data: images.
/// </summary>
public sealed class SecurityHeadersMiddleware(RequestDelegate next)
{
    public const string Policy = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
        + "font-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; object-src 'none'; base-uri 'self'";

    public Task InvokeAsync(HttpContext ctx)
    {
        ctx.Response.OnStarting(() =>
        {
            var h = ctx.Response.Headers;
            h.XContentTypeOptions = "nosniff";
            h.XFrameOptions = "DENY";
            h["Referrer-Policy"] = "same-origin";
            h.ContentSecurityPolicy = Policy;
            return Task.CompletedTask;
        });
        return next(ctx);
    }
}
