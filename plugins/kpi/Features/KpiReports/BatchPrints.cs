using System.Collections.Concurrent;
using PostalCrm.Sdk.Reporting;

namespace PostalCrm.Plugins.Kpi.Features.KpiReports;

/// <summary>One batch print (F-6.2): its owner, how many forms, how many printed so far, then the PDF or the error.</summary>
public sealed class BatchPrint(int ownerUserId, int total, string fileName, DateTime startedUtc)
{
    private int _done;
    public Guid Id { get; } = Guid.NewGuid();
    public int OwnerUserId { get; } = ownerUserId;
    public int Total { get; } = total;
    public string FileName { get; } = fileName;
    public DateTime StartedUtc { get; } = startedUtc;
    public int Done => Volatile.Read(ref _done);
    public RenderedReport? Result { get; private set; }
    public string? Error { get; private set; }
    public bool Finished => Result is not null || Error is not null;

    internal void Report(int done) => Volatile.Write(ref _done, done);
    internal void Complete(RenderedReport result) => Result = result;
    internal void Fail(string error) => Error = error;
}

/// <summary>
/// Batch prints in progress (in memory, per host; finished ones are dropped after 30 minutes). The forms' data is read in
/// the request (scope and permission checked there); the reporting server then lays them out and prints while the page
/// polls the progress.
/// </summary>
public sealed class BatchPrints(TimeProvider clock)
{
    private static readonly TimeSpan Keep = TimeSpan.FromMinutes(30);
    private readonly ConcurrentDictionary<Guid, BatchPrint> _jobs = new();

    public BatchPrint Start(int ownerUserId, string fileName, IReadOnlyList<ReportData> docs,
        Func<IReadOnlyList<ReportData>, IProgress<int>, Task<RenderedReport>> render)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        foreach (var old in _jobs.Values.Where(j => now - j.StartedUtc > Keep)) _jobs.TryRemove(old.Id, out _);
        var job = new BatchPrint(ownerUserId, docs.Count, fileName, now);
        _jobs[job.Id] = job;
        // The render task starts here, in the request (permission checked synchronously), and continues after it.
        Task<RenderedReport> task;
        try { task = render(docs, new Progress(job)); }
        catch (Exception e) { job.Fail(e.Message); return job; }
        _ = task.ContinueWith(t =>
        {
            if (t.IsCompletedSuccessfully) job.Complete(t.Result);
            else job.Fail(t.Exception?.GetBaseException().Message ?? "打印已取消");
        }, TaskScheduler.Default);
        return job;
    }

    /// <summary>The user's own job, else null.</summary>
    public BatchPrint? Find(Guid id, int userId) => _jobs.TryGetValue(id, out var j) && j.OwnerUserId == userId ? j : null;

    private sealed class Progress(BatchPrint job) : IProgress<int>
    {
        public void Report(int value) => job.Report(value);
    }
}
