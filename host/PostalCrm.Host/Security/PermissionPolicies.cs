using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Options;
using PostalCrm.Sdk.Security;

namespace PostalCrm.Host.Security;

/// <summary>Turns a <c>perm:&lt;name&gt;</c> policy (from <see cref="RequirePermissionAttribute"/>) into a permission check.</summary>
public sealed class PermissionPolicyProvider(IOptions<AuthorizationOptions> options) : DefaultAuthorizationPolicyProvider(options)
{
    public override async Task<AuthorizationPolicy?> GetPolicyAsync(string policyName)
    {
        if (!policyName.StartsWith(RequirePermissionAttribute.PolicyPrefix, StringComparison.Ordinal))
            return await base.GetPolicyAsync(policyName);
        return new AuthorizationPolicyBuilder()
            .RequireAuthenticatedUser()
            .AddRequirements(new PermissionRequirement(policyName[RequirePermissionAttribute.PolicyPrefix.Length..]))
            .Build();
    }
}

public sealed record PermissionRequirement(string Permission) : IAuthorizationRequirement;

public sealed class PermissionHandler(ICurrentUser user) : AuthorizationHandler<PermissionRequirement>
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, PermissionRequirement requirement)
    {
        if (user.IsAuthenticated && user.Has(requirement.Permission)) context.Succeed(requirement);
        return Task.CompletedTask;
    }
}
