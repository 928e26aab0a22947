namespace PostalCrm.Host.Security;

/// <summary>
/// The only exceptions to "every action requires a signed-in user" and "every POST validates antiforgery".
/// Tests compare the running application (host and every plugin) against these lists and the plugins'
/// declarations, so an exception added anywhere without being listed or declared fails the build's tests.
/// </summary>
public static class SecurityLists
{
    /// <summary>"Controller.Action" pairs that allow anonymous access.</summary>
    public static readonly IReadOnlySet<string> Anonymous = new HashSet<string>(StringComparer.Ordinal)
    {
        "Account.Login",  // the login page itself
        "Home.Error",     // error page, re-executed for any request
        "Home.Status",    // 403/404 pages, re-executed for any request
        "Health.Get",     // /healthz for load balancers
    };

    /// <summary>
    /// The host's "Controller.Action" pairs exempt from antiforgery (error pages). A plugin's exemptions are its own
    /// declarations (<see cref="ApiKeyEndpointAttribute"/>, only under <c>/api/&lt;id&gt;/</c>): the host names no plugin type.
    /// </summary>
    public static readonly IReadOnlySet<string> AntiforgeryExempt = new HashSet<string>(StringComparer.Ordinal)
    {
        "Home.Error",
        "Home.Status",
    };
}
