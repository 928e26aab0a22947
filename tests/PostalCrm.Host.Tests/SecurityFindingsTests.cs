using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using PostalCrm.Host.Security;
using PostalCrm.Sdk.Data;
using PostalCrm.Sdk.Security;
using PostalCrm.Testing;

namespace PostalCrm.Host.Tests;

/// <summary>Fresh users for tests that lock, disable or time out accounts (the demo users stay untouched).</summary>
internal static class FreshUsers
{
    public const string Password = "Fresh#2026pw";

    public static async Task<string> CreateAsync(PostalCrmFactory app, string login, bool disabled = false, DateTime? lockedUntil = null)
    {
        using var db = app.Database.Open();
        var unit = await db.Users.Where(u => u.Login == DemoUsers.JiangAnCm1).Select(u => u.OrgUnitId).FirstAsync();
        var id = await db.InsertWithInt32IdentityAsync(new UserAccount
        {
            Login = login, DisplayName = "测试" + login, OrgUnitId = unit, PasswordHash = LoginService.Hash(Password),
            Disabled = disabled, LockoutUntil = lockedUntil,
        });
        await db.InsertAsync(new UserRole { UserId = id, RoleCode = RoleCodes.CustomerManager });
        return login;
    }

    public static string LoginError(string html) => AdminTestHelpers.Errors(html);
}

/// <summary>Findings 1–3 of the security review: sessions end on logout and time out; login failures tell nothing and lock nobody out for a stranger.</summary>
[TestFixtureSource(typeof(TestDatabase), nameof(TestDatabase.Providers))]
public class SessionAndLoginFindingsTests(DatabaseProvider provider)
{
    private PostalCrmFactory _base = null!;
    private WebApplicationFactory<Program> _app = null!;
    private readonly MovableClock _clock = new();
    private PostalCrmFactory App => _base;

    [OneTimeSetUp]
    public void Start()
    {
        _base = new PostalCrmFactory(provider);
        _app = _base.WithWebHostBuilder(b => b.ConfigureTestServices(s => s.AddSingleton<TimeProvider>(_clock)));
        _ = _app.Server; // start it: the database is migrated and seeded before the tests add their users
    }

    [OneTimeTearDown]
    public void Stop()
    {
        _app.Dispose();
        _base.Dispose();
    }

    [SetUp] public void ResetClock() => _clock.Offset = TimeSpan.Zero;

    private WebSession Session(string? address = null)
    {
        var s = new WebSession(_app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true }));
        if (address is not null) s.Client.DefaultRequestHeaders.Add("X-Forwarded-For", address);
        return s;
    }

    private async Task<WebSession> SignedInAsync(string login, string password, string? address = null)
    {
        var s = Session(address);
        var res = await s.LoginAsync(login, password);
        Assert.That(res.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), await res.Content.ReadAsStringAsync());
        return s;
    }

    private static async Task<bool> SignedInPageAsync(WebSession s) => (await s.GetAsync("/")).StatusCode == HttpStatusCode.OK;

    [Test]
    public async Task Logout_ends_the_session_on_the_server_so_a_copied_cookie_stops_working()
    {
        using var s = Session();
        var login = await s.LoginAsync(DemoUsers.JiangAnCm2, DemoUsers.Password);
        var cookie = login.Headers.GetValues("Set-Cookie").Select(c => c.Split(';')[0]).Single(c => c.StartsWith("postalcrm.auth=", StringComparison.Ordinal));
        using var thief = _app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        thief.DefaultRequestHeaders.Add("Cookie", cookie);
        Assert.That((await thief.GetAsync("/")).StatusCode, Is.EqualTo(HttpStatusCode.OK), "the copied cookie works while signed in");

        var logout = await s.PostFormAsync("/Account/Logout", new { }, tokenFrom: "/");
        Assert.That(logout.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));

        var after = await thief.GetAsync("/");
        Assert.That(after.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), "a cookie copied before 退出 must not work afterwards");
        Assert.That(after.Headers.Location!.ToString(), Does.Contain("/Account/Login"));
    }

    [Test]
    public async Task A_session_idle_for_more_than_30_minutes_ends()
    {
        var login = await FreshUsers.CreateAsync(App, "idle_" + provider);
        using var s = await SignedInAsync(login, FreshUsers.Password);
        _clock.Offset = TimeSpan.FromMinutes(25);
        Assert.That(await SignedInPageAsync(s), Is.True, "25 minutes idle is fine");
        _clock.Offset = TimeSpan.FromMinutes(50);
        Assert.That(await SignedInPageAsync(s), Is.True, "activity keeps the session alive");
        _clock.Offset = TimeSpan.FromMinutes(50 + 31);
        Assert.That(await SignedInPageAsync(s), Is.False, "31 minutes idle ends the session");
    }

    [Test]
    public async Task A_busy_session_still_ends_8_hours_after_sign_in()
    {
        var login = await FreshUsers.CreateAsync(App, "busy_" + provider);
        using var s = await SignedInAsync(login, FreshUsers.Password);
        for (var minutes = 29; minutes < 8 * 60; minutes += 29)
        {
            _clock.Offset = TimeSpan.FromMinutes(minutes);
            Assert.That(await SignedInPageAsync(s), Is.True, $"active after {minutes} minutes");
        }
        _clock.Offset = TimeSpan.FromMinutes(8 * 60 + 5);
        Assert.That(await SignedInPageAsync(s), Is.False, "the absolute timeout ends even a busy session");
    }

    [Test]
    public async Task Requests_in_flight_together_write_the_session_once_a_minute()
    {
        var login = await FreshUsers.CreateAsync(App, "touch_" + provider);
        using var s = await SignedInAsync(login, FreshUsers.Password);
        _clock.Offset = TimeSpan.FromMinutes(2);
        Assert.That(await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => SignedInPageAsync(s))), Is.All.True);

        using var db = App.Database.Open();
        var session = await db.GetTable<UserSession>().SingleAsync(x => x.UserId == db.Users.Single(u => u.Login == login).Id);
        Assert.That(session.LastSeenAt, Is.EqualTo(_clock.GetUtcNow().UtcDateTime).Within(TimeSpan.FromSeconds(5)), "the minute's activity is recorded");
        using var scope = _app.Services.CreateScope();
        var store = scope.ServiceProvider.GetRequiredService<SessionStore>();
        // A request that read last-seen before that write, and writes 10 s later: the row was moved within the minute, nothing is written.
        Assert.That(await store.TouchAsync(session.Id, session.LastSeenAt.AddSeconds(10)), Is.False);
        Assert.That(await store.TouchAsync(session.Id, session.LastSeenAt.AddMinutes(2)), Is.True, "a minute later it is written");
    }

    [Test]
    public async Task A_disabled_user_is_still_out_on_the_next_request()
    {
        var login = await FreshUsers.CreateAsync(App, "dis_" + provider);
        using var s = await SignedInAsync(login, FreshUsers.Password);
        Assert.That(await SignedInPageAsync(s), Is.True);
        using (var db = App.Database.Open()) await db.Users.Where(u => u.Login == login).Set(u => u.Disabled, true).UpdateAsync();
        Assert.That(await SignedInPageAsync(s), Is.False);
    }

    [Test]
    public async Task Every_login_failure_answers_the_same_message_and_unknown_logins_take_as_long()
    {
        var known = await FreshUsers.CreateAsync(App, "known_" + provider);
        var disabled = await FreshUsers.CreateAsync(App, "off_" + provider, disabled: true);
        var locked = await FreshUsers.CreateAsync(App, "lock_" + provider, lockedUntil: DateTime.UtcNow.AddMinutes(10));
        var cases = new (string Login, string Password)[]
        {
            ("nobody_" + provider, "Wrong#pass1"), (known, "Wrong#pass1"), (disabled, "Wrong#pass1"), (locked, "Wrong#pass1"), (locked, FreshUsers.Password),
        };
        var messages = new List<string>();
        var times = new Dictionary<string, TimeSpan>();
        var n = 0;
        foreach (var (login, password) in cases)
        {
            using var s = Session($"10.9.{(int)provider}.{++n}");
            await s.GetAsync("/Account/Login");
            var best = TimeSpan.MaxValue;
            string html = "";
            // The best of three: one slow write on a loaded machine made a known login's best of two 281 ms (CI-like run,
            // 57 ms unknown). Three failures stay under the lockout's five.
            for (var i = 0; i < 3; i++)
            {
                var watch = Stopwatch.StartNew();
                var res = await s.PostFormAsync("/Account/Login", new { Login = login, Password = password });
                watch.Stop();
                html = await res.Content.ReadAsStringAsync();
                Assert.That(res.Headers.Location, Is.Null, $"{login} must not sign in");
                if (watch.Elapsed < best) best = watch.Elapsed;
            }
            messages.Add(FreshUsers.LoginError(html));
            times[login + "/" + password] = best;
        }
        Assert.That(messages.Distinct().ToList(), Has.Count.EqualTo(1), string.Join(" | ", messages));
        Assert.That(messages[0], Does.Contain("用户名或密码错误").And.Not.Contain("还可尝试").And.Not.Contain("已停用"));
        var unknown = times["nobody_" + provider + "/Wrong#pass1"];
        var knownTime = times[known + "/Wrong#pass1"];
        // Both paths verify one password hash; the known one also writes its failed-login count, which a loaded machine
        // slows (a CI run saw 90 vs 239 ms). What this guards against is an unknown login skipping the hash (< 10 %).
        Assert.That(unknown.TotalMilliseconds, Is.GreaterThan(knownTime.TotalMilliseconds * 0.25),
            $"an unknown login ({unknown.TotalMilliseconds:F0} ms) answers about as slowly as a known one ({knownTime.TotalMilliseconds:F0} ms)");
    }

    [Test]
    public async Task A_disabled_user_who_knows_the_password_learns_that_the_account_is_disabled()
    {
        var disabled = await FreshUsers.CreateAsync(App, "offok_" + provider, disabled: true);
        using var s = Session("10.8.0.1");
        var res = await s.LoginAsync(disabled, FreshUsers.Password);
        Assert.That(await res.Content.ReadAsStringAsync(), Does.Contain("已停用"));
    }

    [Test]
    public async Task A_stranger_from_one_address_cannot_lock_the_user_out()
    {
        var victim = await FreshUsers.CreateAsync(App, "victim_" + provider);
        using (var stranger = Session("203.0.113.7"))
        {
            for (var i = 0; i < 8; i++) await stranger.LoginAsync(victim, "Guess#" + i);
            var guessed = await stranger.LoginAsync(victim, FreshUsers.Password);
            Assert.That(guessed.Headers.Location, Is.Null, "the stranger's address is throttled, even with the right password");
        }
        using var owner = Session("198.51.100.20");
        var res = await owner.LoginAsync(victim, FreshUsers.Password);
        Assert.That(res.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), "the owner, from another address, still signs in");
    }

    [Test]
    public async Task Five_failures_from_several_addresses_within_15_minutes_lock_the_account()
    {
        var user = await FreshUsers.CreateAsync(App, "spread_" + provider);
        for (var i = 0; i < 5; i++)
        {
            using var s = Session($"192.0.2.{i + 1}");
            await s.LoginAsync(user, "Guess#" + i);
        }
        using var owner = Session("192.0.2.100");
        Assert.That((await owner.LoginAsync(user, FreshUsers.Password)).Headers.Location, Is.Null, "locked");
        _clock.Offset = TimeSpan.FromMinutes(16);
        Assert.That((await owner.LoginAsync(user, FreshUsers.Password)).StatusCode, Is.EqualTo(HttpStatusCode.Redirect), "the lockout ends after 15 minutes");
    }

    [Test]
    public async Task Failures_older_than_the_window_do_not_count()
    {
        var user = await FreshUsers.CreateAsync(App, "old_" + provider);
        using var s = Session("192.0.2.200");
        for (var i = 0; i < 3; i++) await s.LoginAsync(user, "Guess#" + i);
        _clock.Offset = TimeSpan.FromMinutes(16);
        for (var i = 0; i < 3; i++) await s.LoginAsync(user, "Again#" + i);
        var res = await s.LoginAsync(user, FreshUsers.Password);
        Assert.That(res.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), "six failures spread over 16 minutes are not five within 15");
    }
}

/// <summary>Findings 5–7 that an in-process server shows: NUL in search keywords, /healthz details, CSP, relative login redirect.</summary>
[TestFixtureSource(typeof(TestDatabase), nameof(TestDatabase.Providers))]
public class RequestFindingsTests(DatabaseProvider provider)
{
    private PostalCrmFactory _app = null!;

    [OneTimeSetUp] public void Start() => _app = new PostalCrmFactory(provider);
    [OneTimeTearDown] public void Stop() => _app.Dispose();

    [TestCase("/registration/apply?q=ab%00")]
    [TestCase("/registration/apply?q=%E6%B1%89%E6%B1%9F%E6%95%B0%00")]
    [TestCase("/registration/apply/search?q=ab%00")]
    [TestCase("/registration/apply/search?q=%00%00%00ab")]
    [TestCase("/registration/access/customers?keyword=ab%00")]
    public async Task A_nul_byte_in_a_search_keyword_returns_normal_results(string url)
    {
        using var s = await _app.LoginAsync(DemoUsers.JiangAnCm1);
        var res = await s.GetAsync(url);
        Assert.That(res.StatusCode, Is.EqualTo(HttpStatusCode.OK), await res.Content.ReadAsStringAsync());
    }

    [Test]
    public async Task A_nul_byte_in_the_review_search_returns_normal_results()
    {
        using var s = await _app.LoginAsync(DemoUsers.WuhanCentre);
        var res = await s.GetAsync("/registration/review/customers?keyword=abc%00");
        Assert.That(res.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task Healthz_tells_anonymous_callers_the_status_only()
    {
        using var anonymous = _app.Session();
        var res = await anonymous.Client.GetAsync("/healthz");
        Assert.That(res.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(await res.Content.ReadAsStringAsync(), Is.EqualTo("{\"status\":\"ok\"}"));

        using var cm = await _app.LoginAsync(DemoUsers.JiangAnCm1);
        Assert.That(await (await cm.Client.GetAsync("/healthz")).Content.ReadAsStringAsync(), Is.EqualTo("{\"status\":\"ok\"}"), "not an administrator");

        using var admin = await _app.LoginAsync(DemoUsers.Admin);
        var json = await (await admin.Client.GetAsync("/healthz")).Content.ReadAsStringAsync();
        Assert.That(json, Does.Contain("\"provider\":\"" + provider + "\"").And.Contain("\"id\":\"sharing\""));
    }

    [Test]
    public async Task The_content_security_policy_allows_scripts_from_the_site_only()
    {
        using var s = _app.Session();
        var res = await s.GetAsync("/Account/Login");
        var csp = string.Join(";", res.Headers.GetValues("Content-Security-Policy"));
        Assert.That(csp, Does.Contain("default-src 'self'").And.Contain("script-src 'self'"));
        Assert.That(Regex.Match(csp, "script-src[^;]*").Value, Does.Not.Contain("unsafe"));
    }

    [TestCase(DemoUsers.JiangAnCm1, "/", "/registration/apply", "/registration/access/new", "/sharing/leads/upload", "/registration/applications")]
    [TestCase(DemoUsers.Admin, "/admin/users", "/admin/org-units", "/admin/number-ranges", "/sharing/manuals")]
    public async Task Pages_carry_no_inline_script_and_no_inline_event_handlers(string login, params string[] urls)
    {
        using var s = await _app.LoginAsync(login);
        foreach (var url in urls)
        {
            var res = await s.GetAsync(url);
            if (res.StatusCode != HttpStatusCode.OK) continue;
            var html = await res.Content.ReadAsStringAsync();
            Assert.That(Regex.Matches(html, @"<script(?![^>]*\bsrc=)[^>]*>"), Is.Empty, $"inline <script> on {url}");
            Assert.That(Regex.Matches(html, @"\son[a-z]+\s*=\s*[""']"), Is.Empty, $"inline event handler on {url}");
            Assert.That(html, Does.Not.Contain("javascript:"), url);
            Assert.That(html, Does.Not.Contain("hx-on"), url);
        }
    }

    [Test]
    public async Task The_login_redirect_is_relative_so_the_host_header_cannot_shape_it()
    {
        using var s = _app.Session();
        var res = await s.GetAsync("/sharing/manuals");
        Assert.That(res.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        Assert.That(res.Headers.Location!.IsAbsoluteUri, Is.False, res.Headers.Location.ToString());
        Assert.That(res.Headers.Location.ToString(), Does.StartWith("/Account/Login"));
    }
}

/// <summary>Findings 4 and 7 that only a real Kestrel server shows: oversized uploads (413), over-long addresses (414), forged Host headers.</summary>
[TestFixtureSource(typeof(TestDatabase), nameof(TestDatabase.Providers))]
public class KestrelFindingsTests(DatabaseProvider provider)
{
    private PostalCrmFactory _app = null!;
    private Uri _address = null!;

    [OneTimeSetUp]
    public void Start()
    {
        _app = new PostalCrmFactory(provider);
        _app.UseKestrel(0);
        _app.StartServer();
        var addresses = _app.Services.GetRequiredService<Microsoft.AspNetCore.Hosting.Server.IServer>()
            .Features.GetRequiredFeature<Microsoft.AspNetCore.Hosting.Server.Features.IServerAddressesFeature>().Addresses;
        _address = new Uri(addresses.First());
    }

    private HttpClient Client(bool cookies) =>
        _app.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = _address, AllowAutoRedirect = false, HandleCookies = cookies });

    private async Task<WebSession> LoginAsync(string login)
    {
        var s = new WebSession(Client(cookies: true));
        var res = await s.LoginAsync(login, DemoUsers.Password);
        // Against Kestrel the client follows the redirect itself: signed in means we left the login page.
        Assert.That(res.RequestMessage!.RequestUri!.AbsolutePath, Is.Not.EqualTo("/Account/Login"), $"login of {login} failed");
        return s;
    }

    [OneTimeTearDown] public void Stop() => _app.Dispose();

    private static string Token(string html) =>
        WebUtility.HtmlDecode(Regex.Match(html, "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"").Groups[1].Value);

    /// <summary>Posts a form with a file of <paramref name="megabytes"/> MB the way curl does (Expect: 100-continue).</summary>
    private static async Task<HttpResponseMessage> UploadAsync(WebSession s, string url, int megabytes, string fileName, params (string Key, string Value)[] fields)
    {
        var token = Token(await s.GetHtmlAsync(url));
        using var form = new MultipartFormDataContent();
        foreach (var (k, v) in fields) form.Add(new StringContent(v), k);
        form.Add(new StringContent(token), "__RequestVerificationToken");
        var file = new ByteArrayContent(new byte[megabytes * 1024 * 1024]);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        form.Add(file, "File", fileName);
        using var req = new HttpRequestMessage(HttpMethod.Post, url) { Content = form };
        req.Headers.ExpectContinue = true;
        return await s.Client.SendAsync(req);
    }

    private async Task<int> StoredFilesAsync()
    {
        using var db = _app.Database.Open();
        return await db.StoredFiles.CountAsync();
    }

    [Test]
    public async Task An_information_upload_over_the_limit_answers_a_chinese_413_page_and_stores_nothing()
    {
        using var s = await LoginAsync(DemoUsers.JiangAnCm1);
        var before = await StoredFilesAsync();
        var res = await UploadAsync(s, "/sharing/leads/upload", 31, "big.docx", ("CompanyName", "过大文件公司"), ("ContactName", "张三"), ("ContactPhone", "027-1"));
        Assert.That(res.StatusCode, Is.EqualTo(HttpStatusCode.RequestEntityTooLarge));
        var html = await res.Content.ReadAsStringAsync();
        Assert.That(html, Does.Contain("文件过大").And.Match("最大大小 [0-9]+ MB"));
        Assert.That(await StoredFilesAsync(), Is.EqualTo(before));
    }

    [Test]
    public async Task A_file_transfer_over_the_limit_answers_a_chinese_413_page_and_stores_nothing()
    {
        using var s = await LoginAsync(DemoUsers.WuhanCentre);
        var before = await StoredFilesAsync();
        var res = await UploadAsync(s, "/sharing/transfers/upload", 52, "big.pdf", ("Title", "过大"), ("Content", "过大"));
        Assert.That(res.StatusCode, Is.EqualTo(HttpStatusCode.RequestEntityTooLarge));
        Assert.That(await res.Content.ReadAsStringAsync(), Does.Contain("文件过大").And.Contain("51 MB"));
        Assert.That(await StoredFilesAsync(), Is.EqualTo(before));
    }

    [Test]
    public async Task An_over_long_address_answers_a_chinese_414_page()
    {
        using var s = await LoginAsync(DemoUsers.JiangAnCm1);
        var res = await s.GetAsync("/registration/apply?q=" + new string('a', 10_000));
        Assert.That(res.StatusCode, Is.EqualTo(HttpStatusCode.RequestUriTooLong));
        Assert.That(await res.Content.ReadAsStringAsync(), Does.Contain("请求地址过长"));
    }

    [Test]
    public async Task A_forged_host_header_never_becomes_the_login_redirect()
    {
        using var client = Client(cookies: false);
        using var req = new HttpRequestMessage(HttpMethod.Get, "/sharing/manuals");
        req.Headers.Host = "evil.example";
        var res = await client.SendAsync(req);
        Assert.That(res.Headers.Location?.ToString() ?? "", Does.Not.Contain("evil.example"));
        Assert.That(res.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest), "AllowedHosts refuses an unknown host");
    }
}
