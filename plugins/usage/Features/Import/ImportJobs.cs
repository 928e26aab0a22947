using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using PostalCrm.Plugins.Usage.Data;
using PostalCrm.Sdk.Data;
using PostalCrm.Sdk.Files;
using PostalCrm.Sdk.Lists;
using PostalCrm.Sdk.Security;

namespace PostalCrm.Plugins.Usage.Features.Import;

public enum ImportJobKind
{
    /// <summary>The check after an upload (ends at the 是(Y)/否 question or at the errors).</summary>
    Check,
    /// <summary>是(Y): the re-check and the write.</summary>
    Import,
}

/// <summary>
/// One check or import: its owner, file, progress, and then its result or error. Live (running on this host, progress
/// counted in memory) or as last written to <c>usage_import_jobs</c> (e.g. after a restart: then <see cref="Interrupted"/>).
/// </summary>
public sealed class ImportJob(Guid id, ImportJobKind kind, int ownerUserId, string token, string fileName, DateTime startedUtc, ImportProgress progress)
{
    public Guid Id { get; } = id;
    public ImportJobKind Kind { get; } = kind;
    public int OwnerUserId { get; } = ownerUserId;
    public string Token { get; } = token;
    public string FileName { get; } = fileName;
    public DateTime StartedUtc { get; } = startedUtc;
    public ImportProgress Progress { get; } = progress;
    public ImportResult? Result { get; private set; }
    public string? Error { get; private set; }
    /// <summary>The portal restarted while the job ran: nothing was written.</summary>
    public bool Interrupted { get; private init; }
    public bool Finished => Result is not null || Error is not null || Interrupted;

    internal void Complete(ImportResult result) => Result = result;
    internal void Fail(string error) => Error = error;

    /// <summary>The job as its row stands.</summary>
    internal static ImportJob FromRow(UsageImportJob row)
    {
        var job = new ImportJob(Guid.Parse(row.Id), row.Kind, row.OwnerUserId, row.Token, row.FileName, row.CreatedAt,
            ImportProgress.Restored(row.Phase, row.TotalRows, row.ReadRows, row.CheckedRows, row.WrittenRows))
        {
            Interrupted = row.State == ImportJobState.Interrupted,
        };
        if (row.State == ImportJobState.Succeeded && row.ResultJson is { } json) job.Result = JsonSerializer.Deserialize<ImportResult>(json);
        else if (row.State == ImportJobState.Failed) job.Error = row.Error ?? ImportJobs.SystemError;
        return job;
    }
}

/// <summary>
/// The queue of import jobs: each runs in the background in its own DI scope with the user (and client address) captured
/// from the request, at most <see cref="Slots"/> at a time on this two-core deployment; the page polls its progress.
/// Every job is a row of <c>usage_import_jobs</c>, written as it moves (start, each phase before the write transaction,
/// the end), so its page outlives a restart: at start-up (<see cref="ImportJobRecovery"/>) the jobs this machine was
/// running are marked interrupted. That is honest because an import writes in one transaction that also records the
/// job's success: a job still "running" in the database committed nothing, and one marked interrupted can no longer
/// commit (its success update finds no running row and rolls the write back).
/// </summary>
public sealed class ImportJobs(IServiceScopeFactory scopes, IServiceProvider services, TimeProvider clock, ILogger<ImportJobs> log) : IDisposable
{
    /// <summary>
    /// Key of an optional <c>Func&lt;string, string, Task&gt;</c> (job kind, phase) awaited as a job enters each phase: tests
    /// hold a job there (e.g. to write as another user while an import is checked). Framework types only, because the
    /// plugin's own types differ between its load context and a test's.
    /// </summary>
    public const string PhaseHookKey = "usage.import.phase";
    private readonly Func<string, string, Task>? _hook = services.GetKeyedService<Func<string, string, Task>>(PhaseHookKey);

    public const int Slots = 2;
    public const string SystemError = "导入过程中出现系统错误,没有导入任何数据,请稍后重试";
    public const string InterruptedMessage = "导入因系统重启而中断,未写入任何数据,请重新导入";
    private static readonly TimeSpan Keep = TimeSpan.FromHours(1);
    /// <summary>Finished job rows are deleted at start-up after this long (their pages are of no use by then).</summary>
    private static readonly TimeSpan KeepRows = TimeSpan.FromDays(7);
    private readonly ConcurrentDictionary<Guid, ImportJob> _jobs = new();
    private readonly SemaphoreSlim _slots = new(Slots, Slots);
    private readonly SemaphoreSlim _importStart = new(1, 1);

    /// <summary>Checks the user's stored upload.</summary>
    public Task<ImportJob> StartCheckAsync(ICurrentUser user, string? clientIp, string token, string fileName) =>
        StartAsync(ImportJobKind.Check, user, clientIp, token, fileName);

    /// <summary>是(Y) for the user's checked file; a second 是(Y) for the same file while the first runs gets the same job.</summary>
    public async Task<ImportJob> StartImportAsync(ICurrentUser user, string? clientIp, string token, string fileName)
    {
        await _importStart.WaitAsync();
        try
        {
            if (_jobs.Values.FirstOrDefault(j => j.Kind == ImportJobKind.Import && j.Token == token && j.OwnerUserId == user.Id && !j.Finished) is { } running)
                return running;
            return await StartAsync(ImportJobKind.Import, user, clientIp, token, fileName);
        }
        finally
        {
            _importStart.Release();
        }
    }

    public void Dispose()
    {
        _slots.Dispose();
        _importStart.Dispose();
    }

    /// <summary>The user's own job (live on this host, else as its row stands), else null: someone else's id is a 404.</summary>
    public async Task<ImportJob?> FindAsync(Guid id, int userId, PostalDb db)
    {
        if (_jobs.TryGetValue(id, out var live)) return live.OwnerUserId == userId ? live : null;
        var key = id.ToString("D");
        return await db.GetTable<UsageImportJob>().Where(j => j.Id == key && j.OwnerUserId == userId).FirstOrDefaultAsync() is { } row
            ? ImportJob.FromRow(row) : null;
    }

    /// <summary>
    /// At start-up: this machine's jobs still running in the database died with the previous process — marked interrupted
    /// (they wrote nothing) — and finished rows older than a week are deleted. Returns how many were interrupted.
    /// </summary>
    public static async Task<int> RecoverAsync(PostalDb db, TimeProvider clock)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var host = Environment.MachineName;
        var interrupted = await db.GetTable<UsageImportJob>().Where(j => j.State == ImportJobState.Running && j.Host == host)
            .Set(j => j.State, ImportJobState.Interrupted).Set(j => j.Error, InterruptedMessage).Set(j => j.FinishedAt, now)
            .UpdateAsync();
        var old = now - KeepRows;
        await db.GetTable<UsageImportJob>().Where(j => j.State != ImportJobState.Running && j.CreatedAt < old).DeleteAsync();
        return interrupted;
    }

    private async Task<ImportJob> StartAsync(ImportJobKind kind, ICurrentUser user, string? clientIp, string token, string fileName)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        foreach (var old in _jobs.Values.Where(j => j.Finished && now - j.StartedUtc > Keep)) _jobs.TryRemove(old.Id, out _);
        var id = Guid.NewGuid();
        var key = id.ToString("D");
        // Written before the job runs (and before the page is shown): the link works from the first moment, on any restart.
        await using (var start = scopes.CreateAsyncScope())
        {
            await start.ServiceProvider.GetRequiredService<PostalDb>().InsertAsync(new UsageImportJob
            {
                Id = key, Kind = kind, State = ImportJobState.Running, Phase = ImportPhase.Queued, Token = token, FileName = fileName,
                OwnerUserId = user.Id, ClientIp = clientIp, Host = Environment.MachineName, CreatedAt = now,
            });
        }
        ImportJob job = null!;
        PostalDb? work = null;
        var progress = new ImportProgress
        {
            // The phases before the write transaction are written to the job's row (from the job's own scope: outside any transaction).
            OnPhase = async phase =>
            {
                if (phase is ImportPhase.Reading or ImportPhase.Checking or ImportPhase.Writing) await SaveProgressAsync(key, job.Progress, phase);
                if (_hook is { } hook) await hook(kind.ToString(), phase.ToString());
            },
            // Inside the write transaction, on its connection: the success and the rows commit together.
            BeforeCommit = async result =>
            {
                if (await Finish(work!.GetTable<UsageImportJob>(), key, ImportJobState.Succeeded, result, null) == 0)
                    throw new InvalidOperationException($"usage import job {key} was marked interrupted: its write is rolled back");
            },
        };
        job = new ImportJob(id, kind, user.Id, token, fileName, now, progress);
        _jobs[id] = job;
        _ = Task.Run(async () =>
        {
            await _slots.WaitAsync();
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var sp = scope.ServiceProvider;
                work = sp.GetRequiredService<PostalDb>();
                var service = ImportService.For(work, user, sp.GetRequiredService<StorageSettings>(), clock, clientIp);
                var result = kind == ImportJobKind.Check ? await service.CheckStoredAsync(token, progress) : await service.ImportAsync(token, progress);
                if (progress.Phase != ImportPhase.Done) await progress.EnterAsync(ImportPhase.Done);
                // An import's success was recorded in its transaction; a check's result, a refused import's errors and the
                // answer to a 是(Y) posted again (nothing written) here.
                if (kind == ImportJobKind.Check || !result.Succeeded || result.AlreadyImported)
                    await FinishAsync(key, ImportJobState.Succeeded, result, null);
                // Written after the request that started it: the lists' remembered counts go (the portal forgets them on requests only).
                if (result.BatchId is not null) sp.GetRequiredService<BoundedCounts>().Forget();
                job.Complete(result);
                log.LogInformation("usage import job {Job} ({Kind}, {Rows} rows) of user {User}: {Timings}", job.Id, kind, result.RowCount, user.Id,
                    progress.Timings);
            }
            catch (BusinessRuleException e)
            {
                await FailAsync(job, e.Message);
            }
#pragma warning disable CA1031 // a background job has no caller: every failure becomes the job's message (nothing was written)
            catch (Exception e)
#pragma warning restore CA1031
            {
                log.LogError(e, "usage import job {Job} ({Kind}) of user {User} failed", job.Id, kind, user.Id);
                await FailAsync(job, SystemError);
            }
            finally
            {
                try { _slots.Release(); } catch (ObjectDisposedException) { } // the host is stopping
            }
        });
        return job;
    }

    private async Task FailAsync(ImportJob job, string error)
    {
        job.Fail(error);
#pragma warning disable CA1031 // the row stays "running" and the next start-up calls it interrupted: still true (nothing written)
        try { await FinishAsync(job.Id.ToString("D"), ImportJobState.Failed, null, error); }
        catch (Exception e) { log.LogError(e, "usage import job {Job}: its failure could not be recorded", job.Id); }
#pragma warning restore CA1031
    }

    private async Task SaveProgressAsync(string key, ImportProgress p, ImportPhase phase)
    {
        await using var scope = scopes.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<PostalDb>().GetTable<UsageImportJob>().Where(j => j.Id == key && j.State == ImportJobState.Running)
            .Set(j => j.Phase, phase).Set(j => j.TotalRows, p.Total).Set(j => j.ReadRows, p.Read).Set(j => j.CheckedRows, p.Checked)
            .Set(j => j.WrittenRows, p.Written).UpdateAsync();
    }

    private async Task FinishAsync(string key, ImportJobState state, ImportResult? result, string? error)
    {
        await using var scope = scopes.CreateAsyncScope();
        await Finish(scope.ServiceProvider.GetRequiredService<PostalDb>().GetTable<UsageImportJob>(), key, state, result, error);
    }

    /// <summary>The end of a running job (a job marked interrupted meanwhile stays so): rows updated, 0 or 1.</summary>
    private Task<int> Finish(ITable<UsageImportJob> jobs, string key, ImportJobState state, ImportResult? result, string? error)
    {
        var json = result is null ? null : JsonSerializer.Serialize(result);
        var now = clock.GetUtcNow().UtcDateTime;
        return jobs.Where(j => j.Id == key && j.State == ImportJobState.Running)
            .Set(j => j.State, state).Set(j => j.Phase, ImportPhase.Done).Set(j => j.ResultJson, json).Set(j => j.Error, error)
            .Set(j => j.BatchId, result?.BatchId).Set(j => j.FinishedAt, now)
            .Set(j => j.ReadRows, result?.RowCount ?? 0).Set(j => j.CheckedRows, result?.RowCount ?? 0)
            .Set(j => j.WrittenRows, result?.BatchId is null ? 0 : result.RowCount).Set(j => j.TotalRows, result?.RowCount ?? 0)
            .UpdateAsync();
    }
}

/// <summary>Marks the import jobs the previous process was running as interrupted, once the migrations have run.</summary>
public sealed class ImportJobRecovery(IServiceScopeFactory scopes, TimeProvider clock, ILogger<ImportJobRecovery> log) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var n = await ImportJobs.RecoverAsync(scope.ServiceProvider.GetRequiredService<PostalDb>(), clock);
            if (n > 0) log.LogWarning("{Count} usage import job(s) interrupted by the restart were marked so (nothing of theirs was written)", n);
        }
#pragma warning disable CA1031 // e.g. the plugin's migrations failed (the plugin is refused): the host still starts
        catch (Exception e)
#pragma warning restore CA1031
        {
            log.LogError(e, "usage import jobs: start-up recovery failed");
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
