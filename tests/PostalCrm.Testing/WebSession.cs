using System.Net;
using System.Text.RegularExpressions;

namespace PostalCrm.Testing;

/// <summary>A browser-like HTTP session: cookies kept, redirects visible, antiforgery tokens read from the last page.</summary>
public sealed partial class WebSession(HttpClient client) : IDisposable
{
    public HttpClient Client { get; } = client;
    private string? _lastToken;

    /// <summary>The antiforgery token of the last HTML page fetched (null before any).</summary>
    public string? LastToken => _lastToken;

    public async Task<HttpResponseMessage> GetAsync(string url)
    {
        var res = await Client.GetAsync(url);
        if (res.Content.Headers.ContentType?.MediaType == "text/html")
        {
            var html = await res.Content.ReadAsStringAsync();
            if (TokenRegex().Match(html) is { Success: true } m) _lastToken = WebUtility.HtmlDecode(m.Groups[1].Value);
        }
        return res;
    }

    public async Task<string> GetHtmlAsync(string url)
    {
        var res = await GetAsync(url);
        if (res.StatusCode != HttpStatusCode.OK) throw new InvalidOperationException($"GET {url} → {(int)res.StatusCode} {res.Headers.Location}");
        return await res.Content.ReadAsStringAsync();
    }

    /// <summary>Posts a form with the antiforgery token of the last page fetched (fetch <paramref name="tokenFrom"/> first when given).</summary>
    public async Task<HttpResponseMessage> PostFormAsync(string url, IEnumerable<KeyValuePair<string, string>> fields, string? tokenFrom = null, bool withToken = true)
    {
        if (tokenFrom is not null) await GetAsync(tokenFrom);
        var all = fields.ToList();
        if (withToken)
        {
            if (_lastToken is null) await GetAsync("/");
            all.Add(new("__RequestVerificationToken", _lastToken ?? throw new InvalidOperationException("no antiforgery token on the last page")));
        }
        return await Client.PostAsync(url, new FormUrlEncodedContent(all));
    }

    public Task<HttpResponseMessage> PostFormAsync(string url, object fields, string? tokenFrom = null, bool withToken = true) =>
        PostFormAsync(url, ToPairs(fields), tokenFrom, withToken);

    /// <summary>Multipart post (uploads) with the antiforgery token.</summary>
    public async Task<HttpResponseMessage> PostMultipartAsync(string url, IEnumerable<KeyValuePair<string, string>> fields,
        string fileField, string fileName, byte[] content, string? tokenFrom = null)
    {
        if (tokenFrom is not null) await GetAsync(tokenFrom);
        using var form = new MultipartFormDataContent();
        foreach (var (k, v) in fields) form.Add(new StringContent(v), k);
        if (_lastToken is null) await GetAsync("/");
        form.Add(new StringContent(_lastToken!), "__RequestVerificationToken");
        form.Add(new ByteArrayContent(content), fileField, fileName);
        return await Client.PostAsync(url, form);
    }

    public async Task<HttpResponseMessage> LoginAsync(string login, string password)
    {
        await GetAsync("/Account/Login");
        return await PostFormAsync("/Account/Login", new { Login = login, Password = password });
    }

    public static IEnumerable<KeyValuePair<string, string>> ToPairs(object fields) =>
        fields.GetType().GetProperties().Select(p => new KeyValuePair<string, string>(p.Name, Convert.ToString(p.GetValue(fields), System.Globalization.CultureInfo.InvariantCulture) ?? ""));

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex TokenRegex();

    public void Dispose() => Client.Dispose();
}
