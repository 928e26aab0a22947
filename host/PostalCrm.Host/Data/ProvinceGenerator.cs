using System.Diagnostics;
using System.Globalization;
using LinqToDB;
using LinqToDB.Data;
using PostalCrm.Host.Plugins;
using PostalCrm.Sdk.Data;

namespace PostalCrm.Host.Data;

/// <summary>One hook of the generator that ran: whose and how long.</summary>
public sealed record ProvinceStep(string Owner, string Hook, long Milliseconds);

/// <summary>What the generator did, in the order it ran.</summary>
public sealed record ProvinceReport(ProvinceScale Scale, int Seed, IReadOnlyList<ProvinceStep> Steps, long Milliseconds)
{
    public override string ToString() =>
        $"{Scale.Name} (seed {Seed}) in {Milliseconds / 1000.0:N1} s: " + string.Join(", ", Steps.Select(s => $"{s.Owner} {s.Milliseconds / 1000.0:N1} s"));
}

/// <summary>
/// The province data generator (ARCHITECTURE §8–9, issue 8): on an empty database, migrates, seeds base data, then
/// runs the host's part (<see cref="ProvinceHostData"/>: org tree, users, customers) and every <see cref="IProvinceData"/>
/// a plugin registered, plugins in dependency order (a hook belongs to the plugin whose assembly defines it) — like
/// <see cref="DemoDataRunner"/>. Each hook runs in its own transaction; a failing hook stops the generator (a half
/// province is worth nothing to a benchmark). Afterwards identity sequences are moved past the written ids
/// (PostgreSQL) and statistics are refreshed.
/// Run it as <c>dotnet PostalCrm.Host.dll generate-province --scale province|small --seed N</c> with the usual database
/// configuration (<c>--Database:Provider=PostgreSQL --Database:ConnectionString=…</c>).
/// </summary>
public static class ProvinceGenerator
{
    public const string Command = "generate-province";
    public const int DefaultSeed = 20261201;

    /// <summary>The command line: <c>generate-province [--scale province|small] [--seed N] [--usage-records-per-customer N] [host configuration…]</c>; returns the exit code.</summary>
    public static async Task<int> RunCommandAsync(string[] args)
    {
        var scale = ProvinceScale.Province;
        var seed = DefaultSeed;
        int? usagePerCustomer = null;
        var rest = new List<string>();
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i] == "--scale" && i + 1 < args.Length)
            {
                scale = args[++i].ToLowerInvariant() switch
                {
                    "province" => ProvinceScale.Province,
                    "small" => ProvinceScale.Small,
                    var other => throw new ArgumentException($"unknown scale {other} (province|small)"),
                };
            }
            else if (args[i] == "--seed" && i + 1 < args.Length) seed = int.Parse(args[++i], CultureInfo.InvariantCulture);
            // Fewer usage records (the one part that takes most of the time) where only the other pages are measured.
            else if (args[i] == "--usage-records-per-customer" && i + 1 < args.Length)
                usagePerCustomer = int.Parse(args[++i], CultureInfo.InvariantCulture);
            else rest.Add(args[i]);
        }
        if (usagePerCustomer is { } perCustomer) scale = scale with { UsageRecordsPerCustomer = perCustomer };
        // No demo province: the generator makes its own.
        rest.Add("--Seed:Demo=false");
        var app = PostalCrmHost.Build([.. rest]);
        try
        {
            var report = await RunAsync(app.Services, scale, seed, Console.WriteLine, CancellationToken.None);
            Console.WriteLine($"province generated: {report}");
            return 0;
        }
        catch (InvalidOperationException e)
        {
            await Console.Error.WriteLineAsync($"generate-province: {e.Message}");
            return 1;
        }
        finally
        {
            await app.DisposeAsync();
        }
    }

    public static async Task<ProvinceReport> RunAsync(IServiceProvider services, ProvinceScale scale, int seed, Action<string>? progress, CancellationToken ct)
    {
        var total = Stopwatch.StartNew();
        var catalog = services.GetRequiredService<PluginCatalog>();
        var initialiser = services.GetServices<IHostedService>().OfType<DatabaseInitialiser>().Single();
        var settings = services.GetRequiredService<DatabaseSettings>();
        initialiser.Migrate();

        using var scope = services.CreateScope();
        var sp = scope.ServiceProvider;
        var db = sp.GetRequiredService<PostalDb>();
        // One statement may cover millions of rows (a plugin's summary rebuilt from its records): no 30 s command timeout.
        db.CommandTimeout = 0;
        // SQLite: the generated rows are written once, in big transactions; a crash leaves nothing worth keeping.
        if (!db.IsPostgres) await db.ExecuteAsync("PRAGMA synchronous=OFF", ct);
        await using (var tx = await db.BeginTransactionAsync(ct))
        {
            await Seeder.SeedBaseAsync(db);
            await tx.CommitAsync(ct);
        }

        var hooks = sp.GetServices<IProvinceData>().ToList();
        var ordered = new List<(string Owner, IProvinceData Hook)> { (DemoDataRunner.HostOwner, new ProvinceHostData()) };
        foreach (var plugin in catalog.InDependencyOrder())
            ordered.AddRange(hooks.Where(h => h.GetType().Assembly == plugin.Assembly).Select(h => (plugin.Id, h)));
        foreach (var stray in hooks.Where(h => ordered.All(o => !ReferenceEquals(o.Hook, h))))
            progress?.Invoke($"warning: province data hook {stray.GetType().FullName} belongs to no loaded plugin: not run");

        var time = sp.GetService<TimeProvider>() ?? TimeProvider.System;
        var steps = new List<ProvinceStep>();
        foreach (var (owner, hook) in ordered)
        {
            var watch = Stopwatch.StartNew();
            var ctx = await ProvinceContext.LoadAsync(owner, db, time, scale, seed, progress, ct);
            await using (var tx = await db.BeginTransactionAsync(ct))
            {
                await hook.GenerateAsync(ctx, ct);
                await tx.CommitAsync(ct);
            }
            if (db.IsPostgres) await SyncSequencesAsync(db, ct);
            steps.Add(new ProvinceStep(owner, hook.GetType().Name, watch.ElapsedMilliseconds));
            progress?.Invoke($"{owner}: done in {watch.Elapsed.TotalSeconds:N1} s");
            if (owner == DemoDataRunner.HostOwner)
            {
                // Permissions of the host and every plugin, as at a start (the province's users exist now: no bootstrap admin).
                await initialiser.StartAsync(ct);
            }
        }

        await db.ExecuteAsync(db.IsPostgres ? "ANALYZE" : "ANALYZE", ct);
        if (!db.IsPostgres) await db.ExecuteAsync("PRAGMA wal_checkpoint(TRUNCATE)", ct);
        progress?.Invoke($"statistics refreshed ({settings.Provider})");
        return new ProvinceReport(scale, seed, steps, total.ElapsedMilliseconds);
    }

    /// <summary>PostgreSQL: every identity/serial sequence of the database continues after the highest id written.</summary>
    private static async Task SyncSequencesAsync(PostalDb db, CancellationToken ct)
    {
        var columns = await db.QueryToListAsync<SequenceColumn>(
            """
            SELECT c.table_name AS table_name, c.column_name AS column_name, pg_get_serial_sequence(quote_ident(c.table_name), c.column_name) AS seq
            FROM information_schema.columns c
            WHERE c.table_schema = current_schema() AND (c.is_identity = 'YES' OR c.column_default LIKE 'nextval(%')
            """, ct);
        foreach (var c in columns.Where(c => c.Seq is not null))
            await db.ExecuteAsync(
                $"SELECT setval('{c.Seq}', COALESCE((SELECT MAX(\"{c.ColumnName}\") FROM \"{c.TableName}\"), 0) + 1, false)", ct);
    }

    private sealed class SequenceColumn
    {
        [LinqToDB.Mapping.Column("table_name")] public string TableName { get; set; } = "";
        [LinqToDB.Mapping.Column("column_name")] public string ColumnName { get; set; } = "";
        [LinqToDB.Mapping.Column("seq")] public string? Seq { get; set; }
    }
}
