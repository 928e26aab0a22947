using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using PostalCrm.Sdk.Data;
using PostalCrm.Sdk.Files;
using PostalCrm.Sdk.Security;

namespace PostalCrm.Plugins.Usage.Features.Import;

public enum ImportJobKind
{
    /// <summary>The check after an upload (ends at the 是(Y)/否 question or at the errors).</summary>
    Check,
    /// <summary>是(Y): the re-check and the write.</summary>
    Import,
}

/// <summary>One check or import running in the background: its owner, file, progress, and then its result or error.</summary>
public sealed class ImportJob(ImportJobKind kind, int ownerUserId, string token, string fileName, DateTime startedUtc, ImportProgress progress)
{
    public Guid Id { get; } = Guid.NewGuid();
    public ImportJobKind Kind { get; } = kind;
    public int OwnerUserId { get; } = ownerUserId;
    public string Token { get; } = token;
    public string FileName { get; } = fileName;
    public DateTime StartedUtc { get; } = startedUtc;
    public ImportProgress Progress { get; } = progress;
    public ImportResult? Result { get; private set; }
    public string? Error { get; private set; }
    public bool Finished => Result is not null || Error is not null;

    internal void Complete(ImportResult result) => Result = result;
    internal void Fail(string error) => Error = error;
}

/// <summary>
/// The in-process queue of import jobs (per host; finished jobs are dropped after an hour). A job runs in its own DI scope
/// with the user captured from the request (permission and the upload checked there), at most <see cref="Slots"/> at a
/// time on this two-core deployment; the page polls its progress. A job that dies with the process wrote nothing: the
/// write is one transaction, and the pending file stays for one day (the user uploads it again).
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
    private static readonly TimeSpan Keep = TimeSpan.FromHours(1);
    private readonly ConcurrentDictionary<Guid, ImportJob> _jobs = new();
    private readonly SemaphoreSlim _slots = new(Slots, Slots);

    /// <summary>Checks the user's stored upload.</summary>
    public ImportJob StartCheck(ICurrentUser user, string token, string fileName) =>
        Start(ImportJobKind.Check, user, token, fileName, (service, progress) => service.CheckStoredAsync(token, progress));

    /// <summary>是(Y) for the user's checked file; a second 是(Y) for the same file while the first runs gets the same job.</summary>
    public ImportJob StartImport(ICurrentUser user, string token, string fileName)
    {
        lock (_jobs)
        {
            if (_jobs.Values.FirstOrDefault(j => j.Kind == ImportJobKind.Import && j.Token == token && j.OwnerUserId == user.Id) is { } running)
                return running;
            return Start(ImportJobKind.Import, user, token, fileName, (service, progress) => service.ImportAsync(token, progress));
        }
    }

    public void Dispose() => _slots.Dispose();

    /// <summary>The user's own job, else null.</summary>
    public ImportJob? Find(Guid id, int userId) => _jobs.TryGetValue(id, out var j) && j.OwnerUserId == userId ? j : null;

    private ImportJob Start(ImportJobKind kind, ICurrentUser user, string token, string fileName, Func<ImportService, ImportProgress, Task<ImportResult>> run)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        foreach (var old in _jobs.Values.Where(j => j.Finished && now - j.StartedUtc > Keep)) _jobs.TryRemove(old.Id, out _);
        var progress = new ImportProgress { OnPhase = _hook is { } hook ? phase => hook(kind.ToString(), phase.ToString()) : null };
        var job = new ImportJob(kind, user.Id, token, fileName, now, progress);
        _jobs[job.Id] = job;
        _ = Task.Run(async () =>
        {
            await _slots.WaitAsync();
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var sp = scope.ServiceProvider;
                var service = ImportService.For(sp.GetRequiredService<PostalDb>(), user, sp.GetRequiredService<StorageSettings>(), clock);
                var result = await run(service, progress);
                if (progress.Phase != ImportPhase.Done) await progress.EnterAsync(ImportPhase.Done);
                job.Complete(result);
                log.LogInformation("usage import job {Job} ({Kind}, {Rows} rows) of user {User}: {Timings}", job.Id, kind, result.RowCount, user.Id,
                    progress.Timings);
            }
            catch (BusinessRuleException e)
            {
                job.Fail(e.Message);
            }
#pragma warning disable CA1031 // a background job has no caller: every failure becomes the job's message (nothing was written)
            catch (Exception e)
#pragma warning restore CA1031
            {
                log.LogError(e, "usage import job {Job} ({Kind}) of user {User} failed", job.Id, kind, user.Id);
                job.Fail("导入过程中出现系统错误,没有导入任何数据,请稍后重试");
            }
            finally
            {
                try { _slots.Release(); } catch (ObjectDisposedException) { } // the host is stopping
            }
        });
        return job;
    }
}
