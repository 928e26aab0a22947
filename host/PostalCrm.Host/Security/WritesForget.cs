using PostalCrm.Host.Controllers;
using PostalCrm.Sdk.Lists;
using PostalCrm.Sdk.Web;

namespace PostalCrm.Host.Security;

/// <summary>
/// Middleware: a signed-in user's write request (anything but GET, HEAD, OPTIONS) forgets what the portal remembers of
/// the data — the user's home cards (<see cref="HomeCardsCache"/>) and every list's count (<see cref="BoundedCounts"/>) —
/// before its response leaves (the write is committed by then: a redirect's next page shows it) and again once it is done.
/// </summary>
public static class WritesForget
{
    public static async Task Middleware(HttpContext context, RequestDelegate next)
    {
        var method = context.Request.Method;
        if (HttpMethods.IsGet(method) || HttpMethods.IsHead(method) || HttpMethods.IsOptions(method)
            || context.RequestServices.GetRequiredService<CurrentUser>() is not { IsAuthenticated: true } me)
        {
            await next(context);
            return;
        }
        var cards = context.RequestServices.GetRequiredService<HomeCardsCache>();
        var counts = context.RequestServices.GetRequiredService<BoundedCounts>();
        var id = me.Id;
        void Forget()
        {
            cards.Forget(id);
            counts.Forget();
        }
        context.Response.OnStarting(() =>
        {
            Forget();
            return Task.CompletedTask;
        });
        try
        {
            await next(context);
        }
        finally
        {
            Forget();
        }
    }
}
