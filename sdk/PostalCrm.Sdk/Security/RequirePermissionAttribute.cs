using Microsoft.AspNetCore.Authorization;

namespace PostalCrm.Sdk.Security;

/// <summary>Allows the action only to users holding the permission (checked on the server; the host maps the policy).</summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method, AllowMultiple = true)]
public sealed class RequirePermissionAttribute(string permission) : AuthorizeAttribute(PolicyPrefix + permission)
{
    public const string PolicyPrefix = "perm:";
    public string Permission { get; } = permission;
}

/// <summary>
/// Allows the action to users holding at least one of the permissions (e.g. one review screen for 预审, 初审 and 终审
/// reviewers). Several <see cref="RequirePermissionAttribute"/>s combine with AND; this is the OR.
/// </summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method, AllowMultiple = true)]
public sealed class RequireAnyPermissionAttribute(params string[] permissions) : AuthorizeAttribute(PolicyPrefix + string.Join('|', permissions))
{
    public const string PolicyPrefix = "perm-any:";
    public IReadOnlyList<string> Permissions { get; } = permissions;
}
