using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using PostalCrm.Plugins.Usage.Data;
using PostalCrm.Plugins.Usage.Features.Import;
using PostalCrm.Sdk.Data;
using PostalCrm.Testing;

namespace PostalCrm.Plugins.Usage.Tests;

/// <summary>Holds an import job when it enters a phase, until released (registered under <see cref="ImportJobs.PhaseHookKey"/>).</summary>
internal sealed class PhaseGate
{
    private readonly Lock _gate = new();
    private (string Kind, string Phase)? _holdAt;
    private (string Kind, string Phase)? _failAt;
    private TaskCompletionSource _reached = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public void HoldAt(ImportJobKind kind, ImportPhase phase)
    {
        lock (_gate)
        {
            _holdAt = (kind.ToString(), phase.ToString());
            _reached = new(TaskCreationOptions.RunContinuationsAsynchronously);
            _release = new(TaskCreationOptions.RunContinuationsAsynchronously);
        }
    }

    /// <summary>The job throws when it enters this phase (a failure half-way through the write).</summary>
    public void FailAt(ImportJobKind kind, ImportPhase phase)
    {
        lock (_gate) _failAt = (kind.ToString(), phase.ToString());
    }

    public async Task WaitReachedAsync() => await _reached.Task.WaitAsync(TimeSpan.FromSeconds(60));

    public void Release() => _release.TrySetResult();

    public Task OnPhase(string kind, string phase)
    {
        lock (_gate)
        {
            if (_failAt == (kind, phase))
            {
                _failAt = null;
                throw new InvalidOperationException("test: the import fails here");
            }
            if (_holdAt != (kind, phase)) return Task.CompletedTask;
            _holdAt = null;
            _reached.TrySetResult();
            return _release.Task;
        }
    }
}

/// <summary>F-5.5: checks and imports run as background jobs with a progress page, and block nobody else.</summary>
[TestFixtureSource(typeof(TestDatabase), nameof(TestDatabase.Providers))]
[NonParallelizable]
public sealed partial class ImportJobTests(DatabaseProvider provider)
{
    private const string Url = "/usage/import";
    private readonly PhaseGate _gate = new();
    private UsageApp _app = null!;

    [OneTimeSetUp]
    public void Start() => _app = new UsageApp(provider,
        s => s.AddKeyedSingleton<Func<string, string, Task>>(ImportJobs.PhaseHookKey, (kind, phase) => _gate.OnPhase(kind, phase)));

    [OneTimeTearDown] public void Stop() => _app.Dispose();
    [TearDown] public void Release() => _gate.Release();

    private static DateOnly Today => DateOnly.FromDateTime(DateTime.UtcNow.AddHours(8));

    [GeneratedRegex("^/usage/import/jobs/[0-9a-f-]{36}$")]
    private static partial Regex JobUrl();

    private async Task<byte[]> FileAsync(string login, string remarks)
    {
        var a = await _app.BookingOfAsync(login);
        var day = Today.ToDateTime(TimeOnly.MinValue);
        return ImportTests.Xlsx(
        [
            ImportTests.Row(day, a.Number, a.ProductLine, a.BusinessType, 10.5, remarks: remarks),
            ImportTests.Row(day, a.Number, a.ProductLine, a.BusinessType, 20.25, remarks: remarks),
        ]);
    }

    [Test]
    public async Task F_5_5_the_check_is_a_job_whose_page_polls_its_progress_and_only_the_importer_sees_it()
    {
        using var s = await _app.LoginAsync(DemoUsers.JiangAnCm1);
        _gate.HoldAt(ImportJobKind.Check, ImportPhase.Checking);
        var res = await s.PostMultipartAsync(Url, [], "File", "进度.xlsx", await FileAsync(DemoUsers.JiangAnCm1, "进度"), tokenFrom: Url);
        Assert.That(res.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        var job = res.Headers.Location!.ToString();
        Assert.That(job, Does.Match(JobUrl()));
        await _gate.WaitReachedAsync();

        var page = await s.GetHtmlAsync(job);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(page, Does.Contain(ImportFlow.StatusMarker).And.Contain("<progress").And.Contain("正在检查数据").And.Contain("进度.xlsx"));
            Assert.That(page, Does.Contain($"hx-get=\"{job}/status\"").And.Contain("hx-trigger=\"every 1s\""), "polled with htmx, no inline script");
            Assert.That(page, Does.Not.Contain("<script>"));
        }
        var status = await s.GetAsync(job + "/status");
        Assert.That(status.Headers.Contains("HX-Redirect"), Is.False, "still running");
        Assert.That(await status.Content.ReadAsStringAsync(), Does.Contain(ImportFlow.StatusMarker));

        using (var other = await _app.LoginAsync(DemoUsers.JiangAnCm2))
        {
            Assert.That((await other.GetAsync(job)).StatusCode, Is.EqualTo(HttpStatusCode.NotFound), "another user's job");
            Assert.That((await other.GetAsync(job + "/status")).StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        }

        _gate.Release();
        res = await s.FollowJobAsync(res);
        var html = await res.Content.ReadAsStringAsync();
        Assert.That(html, Does.Contain("是(Y)").And.Contain("否(N)").And.Contain("共 <strong id=\"rows\">2</strong> 行"));
        status = await s.GetAsync(job + "/status");
        Assert.That(status.Headers.GetValues("HX-Redirect").Single(), Is.EqualTo(job), "done: htmx goes to the job page");
        await s.PostFormAsync(Url + "/cancel", new { Token = ImportTests.Token(html) }, tokenFrom: null);
    }

    [Test]
    public async Task F_5_5_F_5_6_another_users_single_entry_succeeds_while_an_import_is_being_checked()
    {
        using var s = await _app.LoginAsync(DemoUsers.JiangAnCm1);
        var html = await (await ImportTests.UploadAsync(s, await FileAsync(DemoUsers.JiangAnCm1, "并发"), "并发.xlsx")).Content.ReadAsStringAsync();
        Assert.That(html, Does.Contain("是(Y)"));
        long Batches()
        {
            using var db = _app.Open();
            return db.GetTable<UsageBatch>().LongCount();
        }
        var batches = Batches();

        // 是(Y): the job re-checks the rows (outside any transaction) and is held there.
        _gate.HoldAt(ImportJobKind.Import, ImportPhase.Checking);
        var res = await s.PostFormAsync(Url + "/confirm", new { Token = ImportTests.Token(html) }, tokenFrom: null);
        Assert.That(res.Headers.Location?.ToString(), Does.Match(JobUrl()));
        await _gate.WaitReachedAsync();

        // Meanwhile another manager books a single usage: it neither fails nor waits for the import.
        using (var other = await _app.LoginAsync(DemoUsers.JiangAnCm2))
        {
            var b = await _app.BookingOfAsync(DemoUsers.JiangAnCm2);
            var entry = $"/usage/entry/accounts/{b.KeyAccountId}";
            var posted = await other.PostFormAsync(entry, new
            {
                UsageDate = Today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), ProductLineId = b.ProductLineId.ToString(CultureInfo.InvariantCulture),
                BusinessTypeId = b.BusinessTypeId.ToString(CultureInfo.InvariantCulture), Actual = "66.66",
                ManagerUserId = b.ManagerUserId.ToString(CultureInfo.InvariantCulture), Remarks = "导入期间录入",
            }, tokenFrom: entry);
            Assert.That(posted.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), await posted.Content.ReadAsStringAsync());
            using var db = _app.Open();
            Assert.That(await db.GetTable<UsageRecord>().CountAsync(r => r.Remarks == "导入期间录入"), Is.EqualTo(1));
        }
        Assert.That(Batches(), Is.EqualTo(batches), "the held import has written nothing yet");

        _gate.Release();
        res = await s.FollowJobAsync(res);
        Assert.That(res.Headers.Location?.ToString(), Does.StartWith("/usage/batches/"), await res.Content.ReadAsStringAsync());
        Assert.That(Batches(), Is.EqualTo(batches + 1));
        var sums = await _app.SummaryAndRecordsAsync();
        Assert.That(sums[0], Is.EqualTo(sums[1]), "summary == sum of records");
    }

    [Test]
    public async Task F_5_5_a_second_yes_for_the_same_file_joins_the_running_import()
    {
        using var s = await _app.LoginAsync(DemoUsers.JiangAnCm1);
        var html = await (await ImportTests.UploadAsync(s, await FileAsync(DemoUsers.JiangAnCm1, "双击"), "双击.xlsx")).Content.ReadAsStringAsync();
        _gate.HoldAt(ImportJobKind.Import, ImportPhase.Checking);
        var first = await s.PostFormAsync(Url + "/confirm", new { Token = ImportTests.Token(html) }, tokenFrom: null);
        await _gate.WaitReachedAsync();
        var second = await s.PostFormAsync(Url + "/confirm", new { Token = ImportTests.Token(html) }, tokenFrom: null);
        Assert.That(second.Headers.Location, Is.EqualTo(first.Headers.Location), "the same job, not a second batch");
        _gate.Release();
        await s.FollowJobAsync(first);
        using var db = _app.Open();
        Assert.That(await db.GetTable<UsageRecord>().CountAsync(r => r.Remarks == "双击"), Is.EqualTo(2));
    }

    [Test]
    public async Task F_5_5_a_failure_after_the_rows_are_copied_leaves_no_partial_batch()
    {
        using var s = await _app.LoginAsync(DemoUsers.JiangAnCm1);
        var html = await (await ImportTests.UploadAsync(s, await FileAsync(DemoUsers.JiangAnCm1, "中途失败"), "中途失败.xlsx")).Content.ReadAsStringAsync();
        long Batches()
        {
            using var db = _app.Open();
            return db.GetTable<UsageBatch>().LongCount();
        }
        var batches = Batches();
        // The rows are bulk-copied; the job then fails on entering the summary step, inside the write transaction.
        _gate.FailAt(ImportJobKind.Import, ImportPhase.Summary);
        var res = await ImportTests.ConfirmAsync(s, html);
        Assert.That(await res.Content.ReadAsStringAsync(), Does.Contain("没有导入任何数据"));
        using (var db = _app.Open())
            Assert.That(await db.GetTable<UsageRecord>().CountAsync(r => r.Remarks == "中途失败"), Is.Zero, "the copied rows were rolled back");
        Assert.That(Batches(), Is.EqualTo(batches), "no batch");
        var sums = await _app.SummaryAndRecordsAsync();
        Assert.That(sums[0], Is.EqualTo(sums[1]), "summary == sum of records");
    }
}
