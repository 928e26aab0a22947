namespace PostalCrm.Host.Security;

/// <summary>
/// The only exceptions to "every action requires a signed-in user" and "every POST validates antiforgery".
/// Tests compare the running application (host and every plugin) against these lists, so an exception added
/// anywhere without being listed here fails the build's tests.
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

    /// <summary>"Controller.Action" pairs exempt from antiforgery: error pages, and API routes authenticated by an API key.</summary>
    public static readonly IReadOnlySet<string> AntiforgeryExempt = new HashSet<string>(StringComparer.Ordinal)
    {
        "Home.Error",
        "Home.Status",
        // F-3.11 e-branch API (registration plugin): authenticated by its own X-Api-Key scheme, never by the cookie.
        "EBranchApplications.Create",
        "EBranchApplications.Status",
    };
}
