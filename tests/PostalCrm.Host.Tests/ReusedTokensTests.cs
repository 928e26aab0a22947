using System.Net;
using PostalCrm.Sdk.Data;
using PostalCrm.Testing;

namespace PostalCrm.Host.Tests;

/// <summary>
/// Issue 8: a page's antiforgery token is reused within one browser and sign-in (ReusedAntiforgeryTokens), and the
/// sign-in cookie is decrypted once (DecryptedTickets). Reuse must change nothing a user or an attacker can observe:
/// the token is still accepted, another sign-in on the same browser gets its own, and responses stay uncached.
/// </summary>
[TestFixtureSource(typeof(TestDatabase), nameof(TestDatabase.Providers))]
public class ReusedTokensTests(DatabaseProvider provider)
{
    private PostalCrmFactory _app = null!;

    [OneTimeSetUp] public void Start() => _app = new PostalCrmFactory(provider);
    [OneTimeTearDown] public void Stop() => _app.Dispose();

    private static async Task<(string Token, HttpResponseMessage Response)> PageTokenAsync(WebSession s, string url = "/")
    {
        var res = await s.GetAsync(url);
        Assert.That(res.StatusCode, Is.EqualTo(HttpStatusCode.OK), url);
        var token = s.LastToken;
        Assert.That(token, Is.Not.Null.And.Not.Empty, "a page carried a token");
        Assert.That(await res.Content.ReadAsStringAsync(), Does.Contain($"value=\"{token}\""), $"{url} carries it");
        return (token!, res);
    }

    private static Task<HttpResponseMessage> LogoutWithAsync(WebSession s, string token) =>
        s.PostFormAsync("/Account/Logout", [new KeyValuePair<string, string>("__RequestVerificationToken", token)], withToken: false);

    [Test]
    public async Task A_signed_in_browser_gets_the_same_token_on_every_page_uncached_and_it_is_accepted()
    {
        using var s = await _app.LoginAsync(DemoUsers.JiangAnCm1);
        var (first, _) = await PageTokenAsync(s);
        var (second, response) = await PageTokenAsync(s, "/Account/ChangePassword");
        Assert.That(second, Is.EqualTo(first), "the token made for the first page is reused");
        Assert.That(response.Headers.CacheControl?.NoStore, Is.True, "a page with a reused token is never cached either");
        Assert.That(response.Headers.Pragma.ToString(), Does.Contain("no-cache"));

        var logout = await LogoutWithAsync(s, second);
        Assert.That(logout.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), "the reused token is accepted");
        Assert.That(logout.Headers.Location!.ToString(), Does.Contain("/Account/Login"));
    }

    [Test]
    public async Task Another_sign_in_on_the_same_browser_gets_its_own_token_and_the_first_one_is_refused()
    {
        using var s = await _app.LoginAsync(DemoUsers.JiangAnCm1);
        var (first, _) = await PageTokenAsync(s);
        Assert.That((await LogoutWithAsync(s, first)).StatusCode, Is.EqualTo(HttpStatusCode.Redirect));

        var login = await s.LoginAsync(DemoUsers.JiangAnCm2, DemoUsers.Password);
        Assert.That(login.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), "the anonymous token of the login page is accepted after 退出");
        var (second, _) = await PageTokenAsync(s);
        Assert.That(second, Is.Not.EqualTo(first), "a token names its sign-in: the next one gets its own");

        var refused = await LogoutWithAsync(s, first);
        Assert.That(refused.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest), "the first sign-in's token is refused for the second");
        Assert.That((await s.GetAsync("/")).StatusCode, Is.EqualTo(HttpStatusCode.OK), "and the refused POST changed nothing");
        Assert.That((await LogoutWithAsync(s, second)).StatusCode, Is.EqualTo(HttpStatusCode.Redirect), "its own token is accepted");
    }

    [Test]
    public async Task A_sign_in_cookie_changed_by_one_character_is_refused_though_the_original_was_read_before()
    {
        using var s = _app.Session();
        var login = await s.LoginAsync(DemoUsers.JiangAnCm2, DemoUsers.Password);
        var cookie = login.Headers.GetValues("Set-Cookie").Select(c => c.Split(';')[0]).Single(c => c.StartsWith("postalcrm.auth=", StringComparison.Ordinal));
        using var copy = _app.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        copy.DefaultRequestHeaders.Add("Cookie", cookie);
        Assert.That((await copy.GetAsync("/")).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That((await copy.GetAsync("/")).StatusCode, Is.EqualTo(HttpStatusCode.OK), "read again, from memory");

        var middle = cookie.Length / 2; // a character in the middle carries six bits of the ciphertext (the last may carry padding)
        using var changed = _app.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        changed.DefaultRequestHeaders.Add("Cookie", cookie[..middle] + (cookie[middle] == 'A' ? 'B' : 'A') + cookie[(middle + 1)..]);
        var res = await changed.GetAsync("/");
        Assert.That(res.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        Assert.That(res.Headers.Location!.ToString(), Does.Contain("/Account/Login"));
    }
}
