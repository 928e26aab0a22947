using System.Text.Encodings.Web;
using System.Text.Unicode;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.WebEncoders;
using PostalCrm.Host.Data;
using PostalCrm.Host.Menu;
using PostalCrm.Host.Plugins;
using PostalCrm.Host.Reporting;
using PostalCrm.Host.Security;
using PostalCrm.Sdk.Audit;
using PostalCrm.Sdk.Data;
using PostalCrm.Sdk.Files;
using PostalCrm.Sdk.Numbering;
using PostalCrm.Sdk.Organisation;
using PostalCrm.Sdk.Plugins;
using PostalCrm.Sdk.Security;

namespace PostalCrm.Host;

/// <summary>Composition of the web host: configuration, plugins, database, security, MVC.</summary>
public static class PostalCrmHost
{
    public static WebApplication Build(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);
        var config = builder.Configuration;
        var services = builder.Services;

        var dataFolder = Path.GetFullPath(config["DataFolder"] is { Length: > 0 } df ? df : "App_Data", builder.Environment.ContentRootPath);
        Directory.CreateDirectory(dataFolder);

        // Database: the embedded SQLite file by default, PostgreSQL by configuration.
        var dbSettings = ConnectionSetup.Normalise(config.GetSection("Database").Get<DatabaseSettings>() ?? new DatabaseSettings(), dataFolder);
        services.AddSingleton(dbSettings);
        if (dbSettings.Provider == DatabaseProvider.Sqlite) ConnectionSetup.UseSqliteMultiThreadMode();
        var dataOptions = dbSettings.ToDataOptions();
        if (config.GetValue<bool>("Database:TraceSql"))
        {
            // A developer's profile of a page (issue 8): every statement with its time in the log, category PostalCrm.Sql.
            services.AddSingleton(sp =>
            {
                var sql = sp.GetRequiredService<ILoggerFactory>().CreateLogger("PostalCrm.Sql");
                // The statement's text is known before it runs, its time after: kept per connection in between.
                var text = new System.Runtime.CompilerServices.ConditionalWeakTable<LinqToDB.Data.DataConnection, string>();
                return dataOptions.UseTracing(System.Diagnostics.TraceLevel.Info, ti =>
                {
                    if (ti.TraceInfoStep == LinqToDB.Data.TraceInfoStep.BeforeExecute) text.AddOrUpdate(ti.DataConnection, ti.SqlText);
                    else if (ti.TraceInfoStep == LinqToDB.Data.TraceInfoStep.Completed)
                    {
                        var (translated, rendered) = SqlTraceCounters.Take();
                        sql.LogInformation("{Ms:F2} ms, {Rows} rows, LINQ translated {Translated}, SQL rendered {Rendered}: {Sql}",
                            ti.ExecutionTime?.TotalMilliseconds, ti.RecordsAffected, translated, rendered,
                            text.TryGetValue(ti.DataConnection, out var t) ? t : null);
                    }
                });
            });
            services.AddScoped(sp => new PostalDb(sp.GetRequiredService<LinqToDB.DataOptions>()));
        }
        else services.AddScoped(_ => new PostalDb(dataOptions));

        var storage = config.GetSection("Storage").Get<StorageSettings>() ?? new StorageSettings();
        storage.Root = Path.GetFullPath(string.IsNullOrWhiteSpace(config["Storage:Root"]) ? Path.Combine(dataFolder, "files") : storage.Root, builder.Environment.ContentRootPath);
        services.AddSingleton(storage);

        // Plugins: descriptors first, then the enabled and admitted ones in dependency order.
        using var bootLogFactory = LoggerFactory.Create(b => b.AddConsole());
        var bootLog = bootLogFactory.CreateLogger("PostalCrm.Plugins");
        var pluginFolder = Path.GetFullPath(config["Plugins:Directory"] is { Length: > 0 } pd ? pd : "plugins", AppContext.BaseDirectory);
        var catalog = PluginCatalog.Discover(pluginFolder, EnabledPlugins(config), SdkInfo.Version, new McMasterAssemblyLoader(), bootLog);
        services.AddSingleton(catalog);

        // SDK services every plugin may use.
        services.AddSingleton(TimeProvider.System);
        services.AddHttpContextAccessor();
        services.AddScoped<CurrentUser>();
        services.AddSingleton<UserContextCache>();
        services.AddSingleton<PostalCrm.Host.Controllers.HomeCardsCache>();
        services.AddSingleton<PostalCrm.Host.Features.Users.UnitOptionsCache>();
        services.AddScoped<ICurrentUser>(sp => sp.GetRequiredService<CurrentUser>());
        services.AddScoped<DataScope>();
        services.AddSingleton<PostalCrm.Sdk.Lists.BoundedCounts>();
        services.AddScoped<OrgTree>();
        services.AddScoped<PostalCrm.Sdk.Lists.DisplayNames>();
        services.AddScoped<AuditLog>();
        services.AddScoped<FileStore>();
        services.AddScoped<NumberAllocator>();
        services.AddScoped<PostalCrm.Sdk.Customers.CustomerDirectory>();
        services.AddScoped<LoginService>();
        var security = config.GetSection("Security").Get<SecurityOptions>() ?? new SecurityOptions();
        services.AddSingleton(security);
        services.AddScoped<SessionStore>();

        // Kestrel's bare 414 has no page: its request line may be longer, RequestLimitsMiddleware answers in Chinese.
        builder.WebHost.ConfigureKestrel(k => k.Limits.MaxRequestLineSize = RequestLimitsMiddleware.KestrelRequestLineLimit);

        // Behind a reverse proxy the client address (login throttling) is the X-Forwarded-For of a known proxy;
        // loopback is known by default, others are listed in Security:KnownProxies.
        services.Configure<Microsoft.AspNetCore.Builder.ForwardedHeadersOptions>(o =>
        {
            o.ForwardedHeaders = Microsoft.AspNetCore.HttpOverrides.ForwardedHeaders.XForwardedFor | Microsoft.AspNetCore.HttpOverrides.ForwardedHeaders.XForwardedProto;
            foreach (var proxy in security.KnownProxies) o.KnownProxies.Add(System.Net.IPAddress.Parse(proxy));
        });
        services.AddSingleton<MenuComposer>();

        // Reporting server (ARCHITECTURE §6): manifests and Liquid templates from reports/, PDF through one headless Chromium.
        services.AddSingleton(ReportingOptions.From(config, builder.Environment.ContentRootPath));
        services.AddSingleton<ReportCatalog>();
        services.AddSingleton<ReportTemplates>();
        services.AddSingleton<PdfPrinter>();
        services.AddScoped<ReportServer>();
        services.AddScoped<PostalCrm.Sdk.Reporting.IReportRenderer>(sp => sp.GetRequiredService<ReportServer>());
        services.AddHostedService<DatabaseInitialiser>();

        // Security: cookie login, everything authorised unless listed anonymous, antiforgery on every POST.
        services.AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme)
            .AddCookie(o =>
            {
                o.Cookie.Name = "postalcrm.auth";
                o.Cookie.HttpOnly = true;
                o.Cookie.SameSite = SameSiteMode.Lax;
                o.Cookie.SecurePolicy = security.RequireHttps ? CookieSecurePolicy.Always : CookieSecurePolicy.SameAsRequest;
                o.LoginPath = "/Account/Login";
                o.LogoutPath = "/Account/Logout";
                // The cookie names a server-side session (SessionStore) that enforces the idle and absolute timeouts;
                // the cookie itself never outlives the absolute one.
                o.ExpireTimeSpan = security.AbsoluteTimeout;
                o.SlidingExpiration = false;
                o.Events.OnRedirectToAccessDenied = ctx => { ctx.Response.StatusCode = StatusCodes.Status403Forbidden; return Task.CompletedTask; };
                o.Events.OnRedirectToLogin = ctx =>
                {
                    // Relative: the Host header (forgeable) never shapes the redirect.
                    if (ctx.Request.Path.StartsWithSegments("/api")) ctx.Response.StatusCode = StatusCodes.Status401Unauthorized;
                    else ctx.Response.Redirect(Uri.TryCreate(ctx.RedirectUri, UriKind.Absolute, out var abs) ? abs.PathAndQuery : ctx.RedirectUri);
                    return Task.CompletedTask;
                };
            });
        services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build());
        services.AddSingleton<IAuthorizationPolicyProvider, PermissionPolicyProvider>();
        services.AddScoped<IAuthorizationHandler, PermissionHandler>();
        services.AddAntiforgery(o => { o.Cookie.Name = "postalcrm.af"; o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest; });
        services.AddDataProtection()
            .SetApplicationName("PostalCrm")
            .PersistKeysToFileSystem(new DirectoryInfo(config["DataProtection:KeysFolder"] is { Length: > 0 } kf ? kf : Path.Combine(dataFolder, "keys")));

        // Razor writes Chinese as is (HTML metacharacters stay escaped).
        services.Configure<WebEncoderOptions>(o => o.TextEncoderSettings = new TextEncoderSettings(UnicodeRanges.All));

        var mvc = services.AddControllersWithViews(o =>
        {
            o.Filters.Add(new AutoValidateAntiforgeryTokenAttribute());
            o.Filters.Add<BusinessExceptionFilter>();
            o.Filters.Add<RefusedPluginFilter>();
            // Every plugin controller is in the MVC area named by its plugin id: controller names may repeat across
            // plugins, links (tag helpers, RedirectToAction, menu) resolve inside the plugin of the current request,
            // and views are looked up under /<id>/ (below). Plugins need no [Area] of their own.
            o.Conventions.Add(new PluginAreaConvention(catalog));
            ChineseValidationMessages.Apply(o);
        }).AddRazorOptions(o =>
        {
            // Folder by feature: a controller's views sit beside it.
            o.ViewLocationFormats.Insert(0, "/Features/{1}/{0}.cshtml");
            o.ViewLocationFormats.Insert(1, "/Features/Shared/{0}.cshtml");
            // A plugin's views are compiled under /<id>/ (plugins/Directory.Build.targets), so two plugins may both
            // have Features/Import. {2} is the area = plugin id; "Apply/_Fields" names another feature's view.
            o.AreaViewLocationFormats.Clear();
            o.AreaViewLocationFormats.Add("/{2}/Features/{1}/{0}.cshtml");
            o.AreaViewLocationFormats.Add("/{2}/Features/Shared/{0}.cshtml");
            o.AreaViewLocationFormats.Add("/{2}/Features/{0}.cshtml");
            o.AreaViewLocationFormats.Add("/Views/Shared/{0}.cshtml");
        });
        if (builder.Environment.IsDevelopment()) RazorRuntimeCompilation.Configure(mvc, catalog, config, bootLog);

        foreach (var plugin in catalog.InDependencyOrder())
        {
            try
            {
                // Routes first: a plugin mapping a route outside its id never becomes an application part.
                if (PluginRoutes.FindViolation(plugin.Assembly!, plugin.Id) is { } violation)
                {
                    plugin.State = PluginState.Refused;
                    plugin.Reason = $"路由不在插件标识之下:{violation}";
                    bootLog.LogError("Plugin {Id} refused: {Reason}", plugin.Id, violation);
                    continue;
                }
                plugin.Instance!.ConfigureServices(services, config);
                mvc.AddApplicationPart(plugin.Assembly!);
            }
            catch (Exception e)
            {
                plugin.State = PluginState.Refused;
                plugin.Reason = $"注册服务失败:{e.GetBaseException().Message}";
                bootLog.LogError(e, "Plugin {Id} refused: ConfigureServices failed", plugin.Id);
            }
        }
        services.AddSingleton(sp => DeclaredPermissions.From(sp.GetRequiredService<PluginCatalog>()));
        ReusedAntiforgeryTokens.Decorate(services);
        // After the cookie handler's own PostConfigure has made its ticket format: the same format, decrypting a cookie once.
        services.AddOptions<CookieAuthenticationOptions>(CookieAuthenticationDefaults.AuthenticationScheme)
            .PostConfigure<TimeProvider>((o, clock) => o.TicketDataFormat = new DecryptedTickets(o.TicketDataFormat, clock));

        var app = builder.Build();

        app.UseForwardedHeaders();
        if (config.GetValue<bool>("Database:TraceSql")) app.Use(SqlTraceCounters.PerRequest);
        app.UseMiddleware<SecurityHeadersMiddleware>();
        app.UseExceptionHandler("/Home/Error");
        app.UseStatusCodePagesWithReExecute("/Home/Status/{0}");
        app.UseMiddleware<RequestLimitsMiddleware>();
        app.UseMiddleware<QueryControlCharactersMiddleware>();
        app.UseStaticFiles();
        app.UseRouting();
        app.UseMiddleware<RequestBodyLimitMiddleware>();
        app.UseAuthentication();
        app.UseMiddleware<CurrentUserMiddleware>();
        app.Use(WritesForget.Middleware);
        app.UseAuthorization();
        app.MapControllers();
        app.MapControllerRoute("default", "{controller=Home}/{action=Index}/{id?}");
        return app;
    }

    /// <summary><c>Plugins:Enabled</c> as an array, or one comma-separated string (handy in an environment variable).</summary>
    public static IReadOnlyCollection<string> EnabledPlugins(IConfiguration config)
    {
        var section = config.GetSection("Plugins:Enabled");
        // A plain value (environment variable, command line) overrides the array of appsettings.json.
        if (section.Value is { } csv) return csv.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return section.Get<string[]>() ?? [];
    }
}

/// <summary>
/// With <c>Database:TraceSql</c>: how often linq2db translated a LINQ query afresh (a query-cache miss) and rendered its SQL
/// text again (a parameter-dependent statement) before each traced statement of a request. Both are costs paid on every
/// execution when a query defeats the cache (issue 8), invisible in the statement's own time.
/// </summary>
internal static class SqlTraceCounters
{
    private sealed class Counts { public int Translated; public int Rendered; }

    private static readonly AsyncLocal<Counts?> Current = new();
    private static int _registered;

    public static async Task PerRequest(HttpContext context, RequestDelegate next)
    {
        if (Interlocked.Exchange(ref _registered, 1) == 0)
            LinqToDB.Metrics.ActivityService.AddFactory(id =>
            {
                if (Current.Value is { } c)
                {
                    if (id == LinqToDB.Metrics.ActivityID.GetQueryCreate) Interlocked.Increment(ref c.Translated);
                    else if (id == LinqToDB.Metrics.ActivityID.BuildSql) Interlocked.Increment(ref c.Rendered);
                }
                return null;
            });
        Current.Value = new Counts();
        await next(context);
    }

    public static (int Translated, int Rendered) Take() =>
        Current.Value is { } c ? (Interlocked.Exchange(ref c.Translated, 0), Interlocked.Exchange(ref c.Rendered, 0)) : (0, 0);
}
