using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Controllers;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.Mvc.ViewFeatures;
using PostalCrm.Host.Plugins;
using PostalCrm.Sdk.Security;

namespace PostalCrm.Host.Security;

/// <summary>
/// Out of scope → 404 (ids leak nothing); a broken business rule → its Chinese message, as a page or as a JSON
/// problem for API calls. Everything else reaches the generic error page.
/// </summary>
public sealed class BusinessExceptionFilter(IModelMetadataProvider metadata) : IExceptionFilter
{
    public void OnException(ExceptionContext context)
    {
        switch (context.Exception)
        {
            case OutOfScopeException:
                context.Result = new NotFoundResult();
                context.ExceptionHandled = true;
                break;
            case UnauthorizedAccessException:
                context.Result = new StatusCodeResult(StatusCodes.Status403Forbidden);
                context.ExceptionHandled = true;
                break;
            case PostalCrm.Sdk.Reporting.ReportUnavailableException e:
                // A broken template (file and line), no Chromium (what to install), a full print queue: said on a page.
                context.Result = new ViewResult
                {
                    ViewName = "~/Views/Shared/Message.cshtml",
                    StatusCode = 503,
                    ViewData = new ViewDataDictionary(metadata, context.ModelState) { ["Title"] = "报表暂不可用", ["Message"] = e.Message },
                };
                context.ExceptionHandled = true;
                break;
            case BusinessRuleException e when context.HttpContext.Request.Path.StartsWithSegments("/api"):
                context.Result = new ObjectResult(new ProblemDetails { Title = e.Message, Status = 400 }) { StatusCode = 400 };
                context.ExceptionHandled = true;
                break;
            case BusinessRuleException e:
                context.Result = new ViewResult
                {
                    ViewName = "~/Views/Shared/Message.cshtml",
                    StatusCode = 400,
                    ViewData = new ViewDataDictionary(metadata, context.ModelState) { ["Title"] = "操作未完成", ["Message"] = e.Message },
                };
                context.ExceptionHandled = true;
                break;
        }
    }
}

/// <summary>A plugin refused after start-up registration (e.g. its migration failed) answers 404 like a disabled one.</summary>
public sealed class RefusedPluginFilter(PluginCatalog catalog) : IResourceFilter
{
    public void OnResourceExecuting(ResourceExecutingContext context)
    {
        if (context.ActionDescriptor is ControllerActionDescriptor a
            && catalog.All.FirstOrDefault(p => p.Assembly == a.ControllerTypeInfo.Assembly) is { State: not PluginState.Loaded })
            context.Result = new NotFoundResult();
    }

    public void OnResourceExecuted(ResourceExecutedContext context) { }
}
