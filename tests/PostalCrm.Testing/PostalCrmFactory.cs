using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using PostalCrm.Sdk.Data;
using PostalCrm.Sdk.Lists;

namespace PostalCrm.Testing;

/// <summary>
/// The real host in-process (TestServer) on a fresh real database, loading the published plugins exactly as a
/// deployment does, with the demo province seeded.
/// </summary>
public sealed class PostalCrmFactory : WebApplicationFactory<Program>
{
    public TestDatabase Database { get; }
    private readonly IReadOnlyList<string> _enabled;
    private readonly string? _pluginFolder;
    private readonly Dictionary<string, string?> _extra;

    public PostalCrmFactory(DatabaseProvider provider = DatabaseProvider.Sqlite, IEnumerable<string>? enabledPlugins = null,
        string? pluginFolder = null, IDictionary<string, string?>? settings = null)
    {
        Database = TestDatabase.Create(provider);
        _enabled = [.. enabledPlugins ?? AllPlugins()];
        _pluginFolder = pluginFolder;
        _extra = new Dictionary<string, string?>(settings ?? new Dictionary<string, string?>());
    }

    /// <summary>Every plugin published under artifacts/app/plugins.</summary>
    public static IEnumerable<string> AllPlugins()
    {
        RepoPaths.RequirePublishedPlugins();
        return Directory.GetDirectories(RepoPaths.Plugins).Select(Path.GetFileName).OfType<string>();
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("DataFolder", Database.Folder);
        builder.UseSetting("Database:Provider", Database.Settings.Provider.ToString());
        builder.UseSetting("Database:ConnectionString", Database.Settings.ConnectionString);
        builder.UseSetting("Plugins:Directory", _pluginFolder ?? RepoPaths.Plugins);
        builder.UseSetting("Plugins:Enabled", string.Join(",", _enabled));
        builder.UseSetting("Seed:Demo", "true");
        foreach (var (k, v) in _extra) builder.UseSetting(k, v);
    }

    public WebSession Session() => new(CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true }));

    /// <summary>A signed-in session for one of the demo users.</summary>
    public async Task<WebSession> LoginAsync(string login, string password = DemoUsers.Password)
    {
        var s = Session();
        var res = await s.LoginAsync(login, password);
        if (res.Headers.Location?.ToString() is not ("/" or "/Home/Index" or "/Home"))
            throw new InvalidOperationException($"login of {login} failed: {(int)res.StatusCode} {res.Headers.Location} {await res.Content.ReadAsStringAsync()}");
        return s;
    }

    /// <summary>
    /// Rows were written straight into the database, not through the portal (which forgets on every write itself): the
    /// lists' remembered counts (BoundedCounts) are dropped, so the next page counts them.
    /// </summary>
    public void ForgetCounts() => Services.GetRequiredService<BoundedCounts>().Forget();

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing) Database.Dispose();
    }
}

public static class DemoUsers
{
    public const string Password = "Demo#2026";
    public const string Admin = "admin";
    public const string Province = "sheng";
    public const string WuhanCentre = "wh_center";
    public const string WuhanEms = "wh_ems";
    public const string JiangAnDept = "ja_dept";
    public const string JiangAnCm1 = "ja_cm1";
    public const string JiangAnCm2 = "ja_cm2";
    public const string WuchangCm1 = "wc_cm1";
    public const string YichangCm1 = "yc_cm1";
    public const string YichangCentre = "yc_center";
}
