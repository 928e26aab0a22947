using PostalCrm.Host.Plugins;
using PostalCrm.Host.Security;
using PostalCrm.Sdk.Data;

namespace PostalCrm.Host.Data;

/// <summary>
/// Before the server accepts requests: migrate the SDK schema, then each plugin's (dependency order), seed base
/// data (and the demo province when <c>Seed:Demo</c>), and record the permissions of the host and every plugin. On a
/// database the demo province was just seeded into, the demo data hooks run last (unless <c>Seed:DemoData</c> is
/// <c>minimal</c>: org tree and users only).
/// </summary>
public sealed class DatabaseInitialiser(DatabaseSettings settings, PluginCatalog catalog, IServiceProvider services,
    IConfiguration config, ILogger<DatabaseInitialiser> log) : IHostedService
{
    /// <summary>What the demo data hooks did at this start; null when they did not run.</summary>
    public DemoDataReport? DemoReport { get; private set; }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var started = System.Diagnostics.Stopwatch.StartNew();
        Migrate();

        using var scope = services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<PostalDb>();
        var demoSeeded = false;
        await using (var tx = await db.BeginTransactionAsync(cancellationToken))
        {
            await Seeder.SeedBaseAsync(db);
            if (config.GetValue("Seed:Demo", false)) demoSeeded = await Seeder.SeedDemoAsync(db, scope.ServiceProvider.GetRequiredService<TimeProvider>());
            else if (await Seeder.SeedBootstrapAsync(db, scope.ServiceProvider.GetRequiredService<TimeProvider>(), config["Seed:Province:Code"] ?? "420000", config["Seed:Province:Name"] ?? "湖北省") is { } oneTime)
                log.LogWarning("First start: administrator 'admin' created with one-time password {Password} (must be changed at first login; shown only now)", oneTime);
            await PermissionSync.SyncAsync(db, "host", HostPermissions.All);
            foreach (var p in catalog.Loaded) await PermissionSync.SyncAsync(db, p.Id, p.Instance!.Permissions);
            // Resolved only now: a plugin refused by its migrations above declares nothing.
            await PermissionSync.RetireUndeclaredAsync(db, scope.ServiceProvider.GetRequiredService<DeclaredPermissions>().Names);
            await tx.CommitAsync(cancellationToken);
        }
        if (demoSeeded && !string.Equals(config["Seed:DemoData"], "minimal", StringComparison.OrdinalIgnoreCase))
            DemoReport = await DemoDataRunner.RunAsync(services, catalog, log, cancellationToken);
        log.LogInformation("Database ready ({Provider}) in {Ms} ms", settings.Provider, started.ElapsedMilliseconds);
    }

    /// <summary>The SDK schema, then each plugin's in dependency order; a plugin whose migrations fail is refused.</summary>
    public void Migrate()
    {
        ConnectionSetup.PrepareSqlite(settings);
        SchemaMigrator.Migrate(settings, typeof(PostalDb).Assembly, "vi_sdk");
        foreach (var p in catalog.InDependencyOrder())
        {
            try
            {
                SchemaMigrator.Migrate(settings, p.Assembly!, SchemaMigrator.VersionTableFor(p.Id));
            }
            catch (Exception e)
            {
                // A plugin whose migrations fail must not serve pages on a schema it does not have; the host still starts.
                p.State = PluginState.Refused;
                p.Reason = $"数据库迁移失败:{e.GetBaseException().Message}";
                log.LogError(e, "Plugin {Id} refused: migration failed", p.Id);
            }
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
