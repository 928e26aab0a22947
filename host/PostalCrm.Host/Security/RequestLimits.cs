using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.Metadata;

namespace PostalCrm.Host.Security;

/// <summary>
/// Requests over a size limit get a Chinese page instead of the server's bare answer: a body over the limit of its
/// action (Kestrel's <c>MaxRequestBodySize</c> or an action's <c>[RequestSizeLimit]</c>) answers 413, an address over
/// <see cref="MaxUrlLength"/> answers 414 (Kestrel's own request-line limit is raised above it so the request reaches
/// this middleware). The status page (<c>/Home/Status/{code}</c>) writes the text.
/// </summary>
public sealed class RequestLimitsMiddleware(RequestDelegate next)
{
    /// <summary>Longest path + query string served (Kestrel's default request line is 8 KB).</summary>
    public const int MaxUrlLength = 8 * 1024;
    /// <summary>Kestrel's request-line limit: above <see cref="MaxUrlLength"/>, so longer addresses reach this middleware.</summary>
    public const int KestrelRequestLineLimit = 64 * 1024;
    /// <summary><c>HttpContext.Items</c> key of the body limit (bytes) that a 413 ran into.</summary>
    public const string BodyLimitItem = "postalcrm.body-limit";

    public async Task InvokeAsync(HttpContext ctx)
    {
        // The status page re-executes this pipeline with the same query string: check the original request only.
        if (ctx.Features.Get<IStatusCodeReExecuteFeature>() is null
            && (ctx.Request.Path.Value?.Length ?? 0) + (ctx.Request.QueryString.Value?.Length ?? 0) > MaxUrlLength)
        {
            ctx.Response.StatusCode = StatusCodes.Status414UriTooLong;
            return;
        }
        try
        {
            await next(ctx);
        }
        catch (Exception e) when (IsBodyTooLarge(e) && !ctx.Response.HasStarted)
        {
            ctx.Items[BodyLimitItem] = ctx.Features.Get<IHttpMaxRequestBodySizeFeature>()?.MaxRequestBodySize;
            ctx.Response.Clear();
            ctx.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
        }
    }

    /// <summary>Kestrel's body-too-large error, also when MVC or antiforgery wrapped it while reading the form.</summary>
    private static bool IsBodyTooLarge(Exception? e)
    {
        for (; e is not null; e = e.InnerException)
            if (e is BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge }) return true;
        return false;
    }

    /// <summary>The limit in whole MB for the 413 page (rounded down, as FilePolicy states its limits).</summary>
    public static string? LimitText(HttpContext ctx) =>
        ctx.Items[BodyLimitItem] is long bytes ? $"{bytes / 1024 / 1024} MB" : null;
}

/// <summary>
/// After routing: a body whose declared length is over the limit of its endpoint (an action's
/// <c>[RequestSizeLimit]</c>, else Kestrel's <c>MaxRequestBodySize</c>) answers the Chinese 413 page at once, before
/// antiforgery or model binding read any of it (antiforgery would report the failed read as a bare 400).
/// </summary>
public sealed class RequestBodyLimitMiddleware(RequestDelegate next)
{
    /// <summary>Oversized bodies up to this size are read and discarded so the 413 page reaches the browser.</summary>
    public const long DrainLimit = 1024L * 1024 * 1024;

    public Task InvokeAsync(HttpContext ctx)
    {
        if (ctx.Request.ContentLength is { } length && ctx.Features.Get<IStatusCodeReExecuteFeature>() is null)
        {
            // The endpoint's own limit (null there means unlimited), else the server's.
            var limit = ctx.GetEndpoint()?.Metadata.GetMetadata<IRequestSizeLimitMetadata>() is { } own
                ? own.MaxRequestBodySize
                : ctx.Features.Get<IHttpMaxRequestBodySizeFeature>()?.MaxRequestBodySize;
            if (limit is { } max && length > max)
            {
                ctx.Items[RequestLimitsMiddleware.BodyLimitItem] = max;
                // A browser sends the whole body before it reads the answer: let Kestrel read and discard it (up to
                // DrainLimit) so the page arrives instead of a reset connection. Nothing of it is kept.
                if (length <= DrainLimit && ctx.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size)
                    size.MaxRequestBodySize = length;
                ctx.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
                return Task.CompletedTask;
            }
        }
        return next(ctx);
    }
}

/// <summary>
/// Control characters (NUL and the like) never belong in a query string here; removed before any action sees them,
/// they cannot break a search (a NUL in a PostgreSQL text parameter or an SQLite FTS5 query is an error).
/// </summary>
public sealed class QueryControlCharactersMiddleware(RequestDelegate next)
{
    public Task InvokeAsync(HttpContext ctx)
    {
        var query = ctx.Request.Query;
        if (query.Count > 0 && query.Any(p => p.Key.Any(char.IsControl) || p.Value.Any(v => v is not null && v.Any(char.IsControl))))
        {
            var clean = new Microsoft.AspNetCore.Http.Extensions.QueryBuilder();
            foreach (var (key, values) in query)
                foreach (var v in values)
                    clean.Add(Strip(key), Strip(v ?? ""));
            ctx.Request.QueryString = clean.ToQueryString();
        }
        return next(ctx);
    }

    private static string Strip(string s) => s.Any(char.IsControl) ? new string([.. s.Where(c => !char.IsControl(c))]) : s;
}
