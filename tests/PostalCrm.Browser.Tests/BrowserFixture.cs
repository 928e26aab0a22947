using Microsoft.Playwright;

namespace PostalCrm.Browser.Tests;

/// <summary>One portal process and one Chromium for the whole assembly; a fresh browser context per test.</summary>
[SetUpFixture]
public sealed class BrowserFixture
{
    public static PortalServer Server { get; private set; } = null!;
    public static IBrowser Browser { get; private set; } = null!;
    private static IPlaywright? _playwright;

    public static string ChromiumPath => Environment.GetEnvironmentVariable("POSTALCRM_CHROMIUM") ?? "/usr/bin/chromium";

    [OneTimeSetUp]
    public async Task Start()
    {
        if (!File.Exists(ChromiumPath))
            throw new InvalidOperationException($"Chromium not found at {ChromiumPath}: sudo apt-get install -y chromium (the test command does this as root).");
        Server = await PortalServer.StartAsync();
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run", "--disable-sync"],
        });
    }

    [OneTimeTearDown]
    public async Task Stop()
    {
        if (Browser is not null) await Browser.CloseAsync();
        _playwright?.Dispose();
        if (Server is not null) await Server.DisposeAsync();
    }

    public static async Task<IPage> NewPageAsync()
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = Server.BaseUrl, AcceptDownloads = true, Locale = "zh-CN" });
        // The suite runs the browser beside every other test project on two cores: the first render of a page may take long.
        context.SetDefaultTimeout(90_000);
        await CspWatch.WatchAsync(context);
        return await context.NewPageAsync();
    }

    public static async Task<IPage> LoginAsync(string login, string password = PostalCrm.Testing.DemoUsers.Password)
    {
        var page = await NewPageAsync();
        // A submitted login that neither signs in nor comes back with its error within a minute is submitted once more: a
        // clean-clone CI run once saw the page stay on the login form for 90 s after the click (2026-12-01, busy machine).
        // A login that is really broken fails the second attempt too, with the page's URL and title in the message.
        if (await SubmitLoginAsync(page, login, password, TimeSpan.FromSeconds(60))) return page;
        if (await SubmitLoginAsync(page, login, password, TimeSpan.FromSeconds(90))) return page;
        throw new TimeoutException($"login as {login} neither signed in nor showed an error: {page.Url} \"{await page.TitleAsync()}\"");
    }

    /// <summary>Fills and submits the login form; true when signed in, false when nothing happened in time; throws when refused.</summary>
    private static async Task<bool> SubmitLoginAsync(IPage page, string login, string password, TimeSpan wait)
    {
        await page.GotoAsync("/Account/Login");
        await page.GetByLabel("用户名").FillAsync(login);
        await page.GetByLabel("密码").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "登录" }).ClickAsync();
        // Signed in (the page leaves /Account/Login) or refused (the login page comes back with its error): a refused login
        // fails at once with the page's message, not after the navigation timeout.
        var timeout = (float)wait.TotalMilliseconds;
        var signedIn = page.WaitForURLAsync(u => !u.Contains("/Account/Login", StringComparison.Ordinal), new() { Timeout = timeout });
        var refused = page.Locator("#errors").WaitForAsync(new() { Timeout = timeout });
        _ = signedIn.ContinueWith(t => t.Exception, TaskContinuationOptions.OnlyOnFaulted);
        _ = refused.ContinueWith(t => t.Exception, TaskContinuationOptions.OnlyOnFaulted); // observed: it times out after a successful login
        await Task.WhenAny(signedIn, refused);
        if (refused.IsCompletedSuccessfully && !signedIn.IsCompletedSuccessfully)
            throw new InvalidOperationException($"login as {login} was refused: {(await page.Locator("#errors").InnerTextAsync()).Trim()}");
        try { await signedIn; return true; }
        catch (TimeoutException) { return false; }
    }

    /// <summary>
    /// Waits for the flash message a successful save shows; when the page comes back with its error list instead, fails at
    /// once with that list, so a red run says which rule refused the form rather than "element not found".
    /// </summary>
    public static async Task ExpectSavedAsync(IPage page, string flash)
    {
        var saved = page.Locator("[role=status]").Filter(new() { HasText = flash });
        var errors = page.Locator("#errors");
        await saved.Or(errors).First.WaitForAsync();
        if (await errors.CountAsync() > 0)
            Assert.Fail($"expected \"{flash}\", the page refused the form: {(await errors.InnerTextAsync()).Trim()}");
    }

    /// <summary>Opens a menu item the way a user does: the top menu, then the item.</summary>
    public static async Task OpenMenuAsync(IPage page, string group, string item)
    {
        await page.Locator("#main-menu").GetByRole(AriaRole.Button, new() { Name = group }).Or(
            page.Locator("#main-menu").GetByRole(AriaRole.Link, new() { Name = group, Exact = true })).First.ClickAsync();
        await page.Locator("#main-menu .dropdown-menu.show").GetByRole(AriaRole.Link, new() { Name = item, Exact = true }).ClickAsync();
        await page.WaitForLoadStateAsync(LoadState.DOMContentLoaded);
    }
}
