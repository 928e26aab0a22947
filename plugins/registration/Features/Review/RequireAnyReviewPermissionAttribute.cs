using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.Extensions.DependencyInjection;
using PostalCrm.Sdk.Security;

namespace PostalCrm.Plugins.Registration.Review;

/// <summary>
/// 客户注册审批 is one screen for every reviewer (the menu offers it with 预审 or 初审 permission): the user needs
/// at least one of the three review permissions. <see cref="RequirePermissionAttribute"/>s combine with AND, so
/// this filter checks the OR; the stage actions themselves carry their own RequirePermission.
/// </summary>
[AttributeUsage(AttributeTargets.Method | AttributeTargets.Class)]
public sealed class RequireAnyReviewPermissionAttribute : Attribute, IAuthorizationFilter
{
    public void OnAuthorization(AuthorizationFilterContext context)
    {
        var me = context.HttpContext.RequestServices.GetRequiredService<ICurrentUser>();
        if (!me.IsAuthenticated) context.Result = new ChallengeResult();
        else if (!ReviewService.ReviewPermissions.Any(me.Has)) context.Result = new ForbidResult();
    }
}
