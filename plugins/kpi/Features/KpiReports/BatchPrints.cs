using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using PostalCrm.Plugins.Kpi.Data;
using PostalCrm.Sdk.Data;
using PostalCrm.Sdk.Files;
using PostalCrm.Sdk.Organisation;
using PostalCrm.Sdk.Reporting;
using PostalCrm.Sdk.Security;
using PostalCrm.Sdk.Time;

namespace PostalCrm.Plugins.Kpi.Features.KpiReports;

/// <summary>
/// Runs batch prints (F-6.2) in the background of this host process and keeps their state in <c>kpi_batch_jobs</c>:
/// progress and a heartbeat while running, the PDF in the SDK file store when done, the error when not. Nothing lives only
/// in memory, so any node answers the status and a restart loses no finished PDF; a job a restart interrupted is failed
/// with <see cref="Interrupted"/> (<see cref="RecoverAsync"/>, at start-up). A finished job's PDF is kept for
/// <see cref="BatchPrintOptions.KeepFor"/>, then removed (<see cref="ExpireAsync"/>, at start-up and when a batch starts).
/// </summary>
public sealed class BatchPrints(IServiceScopeFactory scopes, TimeProvider clock, BatchPrintOptions options, ILogger<BatchPrints> log)
{
    public const string Interrupted = "服务器在生成期间重新启动,本次批量打印未完成,请重新打印。";
    public const string Stalled = "生成本次批量打印的服务器已停止响应,本次批量打印未完成,请重新打印。";
    public const string Expired = "该批量打印文件已过期,请重新生成。";

    /// <summary>Jobs expired per transaction round (a node that was down for long may find many).</summary>
    private const int ExpireBatch = 100;

    /// <summary>A running job writes a heartbeat at least this often…</summary>
    public static readonly TimeSpan Heartbeat = TimeSpan.FromSeconds(10);

    /// <summary>…and one silent for this long is failed by whichever node looks at it.</summary>
    public static readonly TimeSpan StaleAfter = TimeSpan.FromMinutes(2);

    /// <summary>The PDF of up to a few thousand forms; the file store checks it is one.</summary>
    private static readonly FilePolicy Pdf = new() { MaxBytes = 1024L * 1024 * 1024, Allowed = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { ".pdf" } };

    private readonly ConcurrentDictionary<int, Task> _running = new();

    /// <summary>This process: "machine:instance". A restart of the machine gives a new instance.</summary>
    public string Node { get; } = $"{Truncate(Environment.MachineName, 60)}:{Guid.NewGuid():N}";

    private string MachinePrefix => Node[..(Node.IndexOf(':', StringComparison.Ordinal) + 1)];

    /// <summary>
    /// Follows a render started in the request (permission and scope checked there) until it ends: progress and heartbeat
    /// to the row, then the PDF to the file store or the error to the row.
    /// </summary>
    public void Follow(KpiBatchJob job, BatchProgress progress, Task<RenderedReport> render)
    {
        var follower = Task.Run(() => FollowAsync(job, progress, render));
        _running[job.Id] = follower;
        // Ended before it was registered (its own removal came first): nothing to keep.
        if (follower.IsCompleted) _running.TryRemove(job.Id, out _);
    }

    /// <summary>Completes when this process has finished the job (at once for a job it does not run).</summary>
    public Task WhenDoneAsync(int jobId) => _running.TryGetValue(jobId, out var t) ? t : Task.CompletedTask;

    /// <summary>
    /// At start-up: every job this machine left running died with the previous process, and a job of another node whose
    /// heartbeat stopped died with that node. Both are failed with a message saying so. Returns how many.
    /// </summary>
    public async Task<int> RecoverAsync(CancellationToken ct = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PostalDb>();
        var now = clock.UtcNow();
        var prefix = MachinePrefix;
        var restarted = await db.GetTable<KpiBatchJob>()
            .Where(j => j.State == KpiBatchJob.Running && j.Node != Node && j.Node.StartsWith(prefix))
            .Set(j => j.State, KpiBatchJob.Failed).Set(j => j.Error, Interrupted).Set(j => j.FinishedAt, now).Set(j => j.UpdatedAt, now)
            .UpdateAsync(ct);
        var stalled = await FailStalledAsync(db, ct);
        if (restarted + stalled > 0) log.LogWarning("KPI batch prints interrupted by a restart: {Restarted}; stalled on other nodes: {Stalled}", restarted, stalled);
        await ExpireAsync(ct);
        return restarted + stalled;
    }

    /// <summary>
    /// Removes the PDF (file-store row and content) of every finished job that finished more than
    /// <see cref="BatchPrintOptions.KeepFor"/> ago; the job stays, marked <see cref="KpiBatchJob.Expired"/>, so its page says
    /// so. Safe on several nodes at once: a job is claimed by a conditional update, and only its claimer deletes the file.
    /// Returns how many.
    /// </summary>
    public async Task<int> ExpireAsync(CancellationToken ct = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        var sp = scope.ServiceProvider;
        var db = sp.GetRequiredService<PostalDb>();
        var storage = sp.GetRequiredService<StorageSettings>();
        var now = clock.UtcNow();
        var finishedBefore = now - options.KeepFor;
        var expired = 0;
        while (true)
        {
            var old = await db.GetTable<KpiBatchJob>()
                .Where(j => j.State == KpiBatchJob.Finished && j.FinishedAt < finishedBefore && j.FileId != null)
                .OrderBy(j => j.Id).Take(ExpireBatch).Select(j => new { j.Id, j.OwnerUserId, FileId = j.FileId!.Value }).ToListAsync(ct);
            foreach (var job in old)
            {
                await using var files = new FileStore(db, storage, new Owner(job.OwnerUserId), clock);
                await using var tx = await db.BeginTransactionAsync(ct);
                var claimed = await db.GetTable<KpiBatchJob>().Where(j => j.Id == job.Id && j.State == KpiBatchJob.Finished && j.FileId == job.FileId)
                    .Set(j => j.State, KpiBatchJob.Expired).Set(j => j.FileId, (int?)null).Set(j => j.UpdatedAt, now)
                    .UpdateAsync(ct);
                if (claimed == 0) continue;
                if (await files.FindAsync(job.FileId) is { } stored) await files.DeleteAsync(stored, ct);
                await tx.CommitAsync(ct);
                expired++;
            }
            if (old.Count < ExpireBatch) break;
        }
        if (expired > 0) log.LogInformation("KPI batch prints expired (PDF removed after {Days} days): {Count}", options.KeepFor.TotalDays, expired);
        return expired;
    }

    /// <summary><see cref="ExpireAsync"/> that never stops the caller (starting a batch must not fail on housekeeping).</summary>
    public async Task TryExpireAsync()
    {
        try { await ExpireAsync(); }
        catch (Exception e) { log.LogError(e, "KPI batch print expiry failed"); }
    }

    /// <summary>Fails running jobs of other nodes whose heartbeat stopped (a node that died without restarting).</summary>
    public async Task<int> FailStalledAsync(PostalDb db, CancellationToken ct = default)
    {
        var now = clock.UtcNow();
        var silentSince = now - StaleAfter;
        return await db.GetTable<KpiBatchJob>()
            .Where(j => j.State == KpiBatchJob.Running && j.Node != Node && j.UpdatedAt < silentSince)
            .Set(j => j.State, KpiBatchJob.Failed).Set(j => j.Error, Stalled).Set(j => j.FinishedAt, now).Set(j => j.UpdatedAt, now)
            .UpdateAsync(ct);
    }

    private async Task FollowAsync(KpiBatchJob job, BatchProgress progress, Task<RenderedReport> render)
    {
        try
        {
            var written = 0;
            var beat = clock.UtcNow();
            while (!render.IsCompleted)
            {
                await Task.WhenAny(render, Task.Delay(TimeSpan.FromSeconds(1), clock));
                var done = progress.Done;
                var now = clock.UtcNow();
                if (render.IsCompleted || (done == written && now - beat < Heartbeat)) continue;
                await UpdateAsync(job.Id, q => q.Set(j => j.Done, done).Set(j => j.UpdatedAt, now));
                (written, beat) = (done, now);
            }
            RenderedReport pdf;
            try { pdf = await render; }
            catch (Exception e)
            {
                var message = e is BusinessRuleException or ReportUnavailableException ? e.Message : "批量打印失败:" + e.GetBaseException().Message;
                log.LogWarning(e, "KPI batch print {Job} failed", job.Id);
                await FailAsync(job.Id, message);
                return;
            }
            await StoreAsync(job, pdf);
        }
        catch (Exception e)
        {
            log.LogError(e, "KPI batch print {Job}: could not record its result", job.Id);
            try { await FailAsync(job.Id, "批量打印的结果无法保存:" + e.GetBaseException().Message); }
            catch (Exception again) { log.LogError(again, "KPI batch print {Job}: could not record the failure", job.Id); }
        }
        finally
        {
            _running.TryRemove(job.Id, out _);
        }
    }

    /// <summary>The PDF into the file store (under the owner's name) and the row marked finished, in one transaction.</summary>
    private async Task StoreAsync(KpiBatchJob job, RenderedReport pdf)
    {
        await using var scope = scopes.CreateAsyncScope();
        var sp = scope.ServiceProvider;
        var db = sp.GetRequiredService<PostalDb>();
        await using var files = new FileStore(db, sp.GetRequiredService<StorageSettings>(), new Owner(job.OwnerUserId), clock);
        await using var tx = await db.BeginTransactionAsync();
        var stored = await files.SaveAsync(new MemoryStream(pdf.Content, false), job.FileName, Pdf);
        var now = clock.UtcNow();
        await db.GetTable<KpiBatchJob>().Where(j => j.Id == job.Id)
            .Set(j => j.State, KpiBatchJob.Finished).Set(j => j.FileId, stored.Id).Set(j => j.Done, job.Total).Set(j => j.Error, (string?)null)
            .Set(j => j.FinishedAt, now).Set(j => j.UpdatedAt, now)
            .UpdateAsync();
        await tx.CommitAsync();
    }

    private Task FailAsync(int id, string message)
    {
        var now = clock.UtcNow();
        return UpdateAsync(id, q => q.Set(j => j.State, KpiBatchJob.Failed).Set(j => j.Error, Truncate(message, 500))
            .Set(j => j.FinishedAt, now).Set(j => j.UpdatedAt, now));
    }

    private async Task UpdateAsync(int id, Func<IQueryable<KpiBatchJob>, LinqToDB.Linq.IUpdatable<KpiBatchJob>> set)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PostalDb>();
        await set(db.GetTable<KpiBatchJob>().Where(j => j.Id == id)).UpdateAsync();
    }

    private static string Truncate(string s, int max) => s.Length <= max ? s : s[..max];

    /// <summary>The job's owner as the file store's uploader (the background has no signed-in user).</summary>
    private sealed class Owner(int id) : ICurrentUser
    {
        public bool IsAuthenticated => true;
        public int Id => id;
        public string Login => "";
        public string DisplayName => "";
        public OrgUnit OrgUnit => throw new InvalidOperationException("batch print owner: no unit");
        public OrgUnit Area => throw new InvalidOperationException("batch print owner: no area");
        public IReadOnlySet<string> Roles { get; } = new HashSet<string>();
        public IReadOnlySet<string> Permissions { get; } = new HashSet<string>();
        public bool Has(string permission) => false;
        public bool IsInRole(string role) => false;
    }
}

/// <summary>Configuration section <c>Kpi:BatchPrint</c>.</summary>
public sealed class BatchPrintOptions
{
    public const string Section = "Kpi:BatchPrint";

    /// <summary>Days a finished batch's PDF is kept (<c>Kpi:BatchPrint:KeepDays</c>, default 7).</summary>
    public double KeepDays { get; set; } = 7;

    public TimeSpan KeepFor => TimeSpan.FromDays(KeepDays);
}

/// <summary>Forms laid out so far, reported by the reporting server and read by the follower.</summary>
public sealed class BatchProgress : IProgress<int>
{
    private int _done;
    public int Done => Volatile.Read(ref _done);
    public void Report(int value) => Volatile.Write(ref _done, value);
}

/// <summary>The signed-in user's batch jobs (request scope): start one, list the recent ones, find one of their own (else 404).</summary>
public sealed class BatchJobs(PostalDb db, ICurrentUser me, BatchPrints prints, TimeProvider clock)
{
    public const int Recent = 10;

    public async Task<KpiBatchJob> CreateAsync(int year, int month, int total, string fileName)
    {
        await prints.TryExpireAsync();
        var now = clock.UtcNow();
        var job = new KpiBatchJob
        {
            OwnerUserId = me.Id, Year = year, Month = month, Total = total, State = KpiBatchJob.Running, FileName = fileName,
            Node = prints.Node, CreatedAt = now, UpdatedAt = now,
        };
        job.Id = await db.InsertWithInt32IdentityAsync(job);
        return job;
    }

    public async Task<IReadOnlyList<KpiBatchJob>> RecentAsync()
    {
        await prints.FailStalledAsync(db);
        return await db.GetTable<KpiBatchJob>().Where(j => j.OwnerUserId == me.Id).OrderByDescending(j => j.Id).Take(Recent).ToListAsync();
    }

    /// <summary>The user's own job; another user's (or none) → <see cref="OutOfScopeException"/> (404).</summary>
    public async Task<KpiBatchJob> FindAsync(int id)
    {
        var job = await db.GetTable<KpiBatchJob>().FirstOrDefaultAsync(j => j.Id == id && j.OwnerUserId == me.Id) ?? throw new OutOfScopeException();
        if (job.State == KpiBatchJob.Running && await prints.FailStalledAsync(db) > 0)
            job = await db.GetTable<KpiBatchJob>().FirstAsync(j => j.Id == id);
        return job;
    }
}

/// <summary>At start-up (after the migrations): batch prints the previous process left running are failed, not left spinning.</summary>
public sealed class BatchRecovery(BatchPrints prints, ILogger<BatchRecovery> log) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        try { await prints.RecoverAsync(cancellationToken); }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // A refused plugin has no table: the host still starts.
            log.LogError(e, "KPI batch print recovery failed");
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
