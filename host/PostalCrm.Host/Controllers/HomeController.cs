using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using PostalCrm.Sdk.Security;
using PostalCrm.Sdk.Web;

namespace PostalCrm.Host.Controllers;

public sealed class HomeController : Controller
{
    /// <summary>首页: the cards every plugin contributes for the signed-in user (<see cref="IHomeCard"/>), briefly cached.</summary>
    public async Task<IActionResult> Index([FromServices] HomeCardsCache cards, [FromServices] ICurrentUser me) =>
        View(me.IsAuthenticated ? await cards.GetAsync(me.Id, BuildCardsAsync) : []);

    // The card services are resolved only when the cache misses: each brings its plugin's services along.
    private async Task<IReadOnlyList<HomeCardsCache.Shown>> BuildCardsAsync()
    {
        var cards = new List<HomeCardsCache.Shown>();
        foreach (var source in HttpContext.RequestServices.GetServices<IHomeCard>())
        {
            if (await source.BuildAsync(HttpContext.RequestAborted) is { } card) cards.Add(new(card, source.PluginId));
        }
        return [.. cards.OrderBy(c => c.Card.Order)];
    }

    /// <summary>Unhandled errors end here: a Chinese page, never the framework's error page.</summary>
    [AllowAnonymous, IgnoreAntiforgeryToken]
    [Route("/Home/Error")]
    public IActionResult Error() => View("Message", null).WithStatus(500, "系统错误", "系统处理请求时出错,请稍后重试。若问题持续,请联系系统管理员。");

    [AllowAnonymous, IgnoreAntiforgeryToken]
    [Route("/Home/Status/{code:int}")]
    public IActionResult Status() => StatusPage(Convert.ToInt32(RouteData.Values["code"], System.Globalization.CultureInfo.InvariantCulture));

    // No action parameter on purpose: binding one would read the form of a re-executed POST, and a 413's body is
    // exactly the one that must not be read again.
    private ViewResult StatusPage(int code) => code switch
    {
        403 => View("Message").WithStatus(403, "无权访问", "您没有执行此操作的权限。"),
        404 => View("Message").WithStatus(404, "页面不存在", "您访问的页面或记录不存在,或您无权查看。"),
        400 => View("Message").WithStatus(400, "请求无效", "请求无效,请返回后重试。"),
        413 => View("Message").WithStatus(413, "文件过大", PostalCrm.Host.Security.RequestLimitsMiddleware.LimitText(HttpContext) is { } limit
            ? $"文件过大:上传的内容超过了允许的最大大小 {limit},未保存任何内容。请压缩或拆分文件后重试。"
            : "文件过大:上传的内容超过了允许的最大大小,未保存任何内容。请压缩或拆分文件后重试。"),
        414 => View("Message").WithStatus(414, "请求地址过长", "请求地址过长,无法处理。请缩短查询条件后重试。"),
        _ => View("Message").WithStatus(code, "请求未完成", $"请求未完成(状态码 {code})。"),
    };
}

internal static class ViewResultExtensions
{
    public static ViewResult WithStatus(this ViewResult view, int status, string title, string message)
    {
        view.StatusCode = status;
        view.ViewData["Title"] = title;
        view.ViewData["Message"] = message;
        return view;
    }
}
