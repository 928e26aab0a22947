using System.Diagnostics;
using PostalCrm.Host.Plugins;
using PostalCrm.Sdk.Data;
using PostalCrm.Sdk.Files;

namespace PostalCrm.Host.Data;

/// <summary>One hook that ran: whose, how long, and whether it failed (its transaction then rolled back).</summary>
public sealed record DemoDataStep(string Owner, string Hook, long Milliseconds, string? Error);

/// <summary>What the demo seeding did, in the order it ran.</summary>
public sealed record DemoDataReport(IReadOnlyList<DemoDataStep> Steps, long Milliseconds)
{
    public override string ToString() =>
        $"{Milliseconds} ms (" + string.Join(", ", Steps.Select(s => $"{s.Owner} {s.Milliseconds} ms" + (s.Error is null ? "" : " FAILED"))) + ")";
}

/// <summary>
/// Runs the demo data hooks once, on a database the demo province was just seeded into: the host's customers first,
/// then every <see cref="IDemoData"/> a plugin registered, plugins in dependency order (a hook belongs to the plugin
/// whose assembly defines it). Each hook gets its own transaction; one that fails is logged and rolled back, and the
/// host still starts (like a refused plugin).
/// </summary>
public static class DemoDataRunner
{
    public const string HostOwner = "host";

    public static async Task<DemoDataReport> RunAsync(IServiceProvider services, PluginCatalog catalog, ILogger log, CancellationToken ct)
    {
        var total = Stopwatch.StartNew();
        using var scope = services.CreateScope();
        var sp = scope.ServiceProvider;
        var hooks = sp.GetServices<IDemoData>().ToList();
        var ordered = new List<(string Owner, IDemoData Hook)> { (HostOwner, new DemoCustomers()) };
        foreach (var plugin in catalog.InDependencyOrder())
            ordered.AddRange(hooks.Where(h => h.GetType().Assembly == plugin.Assembly).Select(h => (plugin.Id, h)));
        foreach (var stray in hooks.Where(h => ordered.All(o => !ReferenceEquals(o.Hook, h))))
            log.LogWarning("Demo data hook {Type} belongs to no loaded plugin: not run", stray.GetType().FullName);

        var db = sp.GetRequiredService<PostalDb>();
        var time = sp.GetService<TimeProvider>() ?? TimeProvider.System;
        var storage = sp.GetRequiredService<StorageSettings>();
        var steps = new List<DemoDataStep>();
        foreach (var (owner, hook) in ordered)
        {
            var watch = Stopwatch.StartNew();
            string? error = null;
            await using (var ctx = await DemoContext.LoadAsync(owner, db, time, storage, ct))
            {
                try
                {
                    await using var tx = await db.BeginTransactionAsync(ct);
                    await hook.SeedAsync(ctx, ct);
                    await tx.CommitAsync(ct);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    error = e.GetBaseException().Message;
                    log.LogError(e, "Demo data of {Owner} ({Hook}) failed and was rolled back", owner, hook.GetType().Name);
                }
            }
            steps.Add(new DemoDataStep(owner, hook.GetType().Name, watch.ElapsedMilliseconds, error));
        }
        var report = new DemoDataReport(steps, total.ElapsedMilliseconds);
        log.LogInformation("Demo data seeded in {Report}", report.ToString());
        return report;
    }
}
