using Microsoft.AspNetCore.Authorization;

namespace PostalCrm.Sdk.Security;

/// <summary>Allows the action only to users holding the permission (checked on the server; the host maps the policy).</summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method, AllowMultiple = true)]
public sealed class RequirePermissionAttribute(string permission) : AuthorizeAttribute(PolicyPrefix + permission)
{
    public const string PolicyPrefix = "perm:";
    public string Permission { get; } = permission;
}
