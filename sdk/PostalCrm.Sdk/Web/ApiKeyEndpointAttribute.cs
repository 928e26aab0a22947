using Microsoft.AspNetCore.Mvc;

namespace PostalCrm.Sdk.Web;

/// <summary>
/// Declares a machine endpoint authenticated by an API key (never by the portal cookie), and therefore exempt from
/// antiforgery (it is an <see cref="IgnoreAntiforgeryTokenAttribute"/>). The host allows it only on routes under
/// <c>/api/&lt;plugin id&gt;/</c> and refuses a plugin that puts it elsewhere; the platform's guard tests list every
/// declaration. The reason is for reviewers and the guard tests' failure messages.
/// </summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method, AllowMultiple = false, Inherited = true)]
public sealed class ApiKeyEndpointAttribute(string reason) : IgnoreAntiforgeryTokenAttribute
{
    public string Reason { get; } = reason;
}
