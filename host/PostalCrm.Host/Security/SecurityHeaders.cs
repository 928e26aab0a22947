namespace PostalCrm.Host.Security;

/// <summary>Headers on every response: no MIME sniffing of downloads, no framing, no referrer leaks off-site.</summary>
public sealed class SecurityHeadersMiddleware(RequestDelegate next)
{
    public Task InvokeAsync(HttpContext ctx)
    {
        ctx.Response.OnStarting(() =>
        {
            var h = ctx.Response.Headers;
            h.XContentTypeOptions = "nosniff";
            h.XFrameOptions = "DENY";
            h["Referrer-Policy"] = "same-origin";
            h.ContentSecurityPolicy = "frame-ancestors 'none'; object-src 'none'; base-uri 'self'";
            return Task.CompletedTask;
        });
        return next(ctx);
    }
}
