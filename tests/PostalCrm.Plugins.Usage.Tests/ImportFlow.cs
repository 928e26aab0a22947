using System.Net;
using PostalCrm.Testing;

namespace PostalCrm.Plugins.Usage.Tests;

/// <summary>The upload and 是(Y) redirect to an import job's page, which shows progress until the job is done.</summary>
internal static class ImportFlow
{
    public const string StatusMarker = "id=\"import-status\"";

    /// <summary>
    /// Follows a redirect to an import job's page, polling it while it shows progress: the page (or redirect) the job
    /// ends with. Any other response is returned as it is.
    /// </summary>
    public static async Task<HttpResponseMessage> FollowJobAsync(this WebSession s, HttpResponseMessage res)
    {
        if (res.StatusCode != HttpStatusCode.Redirect || res.Headers.Location?.ToString() is not { } url || !url.StartsWith("/usage/import/jobs/", StringComparison.Ordinal))
            return res;
        var deadline = DateTime.UtcNow.AddMinutes(2);
        while (true)
        {
            res = await s.GetAsync(url);
            if (res.StatusCode != HttpStatusCode.OK || !(await res.Content.ReadAsStringAsync()).Contains(StatusMarker, StringComparison.Ordinal)) return res;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"import job {url} still running");
            await Task.Delay(50);
        }
    }
}
