using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Options;
using PostalCrm.Sdk.Security;

namespace PostalCrm.Host.Security;

/// <summary>Turns a <c>perm:&lt;name&gt;</c> policy (from <see cref="RequirePermissionAttribute"/>) into a permission check.</summary>
public sealed class PermissionPolicyProvider(IOptions<AuthorizationOptions> options) : DefaultAuthorizationPolicyProvider(options)
{
    public override async Task<AuthorizationPolicy?> GetPolicyAsync(string policyName)
    {
        if (policyName.StartsWith(RequirePermissionAttribute.PolicyPrefix, StringComparison.Ordinal))
            return Build(policyName[RequirePermissionAttribute.PolicyPrefix.Length..]);
        if (policyName.StartsWith(RequireAnyPermissionAttribute.PolicyPrefix, StringComparison.Ordinal))
            return Build(policyName[RequireAnyPermissionAttribute.PolicyPrefix.Length..].Split('|', StringSplitOptions.RemoveEmptyEntries));
        return await base.GetPolicyAsync(policyName);
    }

    private static AuthorizationPolicy Build(params string[] anyOf) =>
        new AuthorizationPolicyBuilder().RequireAuthenticatedUser().AddRequirements(new PermissionRequirement(anyOf)).Build();
}

/// <summary>Met when the user holds at least one of the permissions.</summary>
public sealed record PermissionRequirement(IReadOnlyList<string> AnyOf) : IAuthorizationRequirement;

public sealed class PermissionHandler(ICurrentUser user) : AuthorizationHandler<PermissionRequirement>
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, PermissionRequirement requirement)
    {
        if (user.IsAuthenticated && requirement.AnyOf.Any(user.Has)) context.Succeed(requirement);
        return Task.CompletedTask;
    }
}
