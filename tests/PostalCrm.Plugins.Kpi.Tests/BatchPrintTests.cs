using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using PostalCrm.Plugins.Kpi.Data;
using PostalCrm.Plugins.Kpi.Features.KpiReports;
using PostalCrm.Sdk.Data;
using PostalCrm.Sdk.Files;
using PostalCrm.Testing;
using UglyToad.PdfPig;

namespace PostalCrm.Plugins.Kpi.Tests;

/// <summary>
/// F-6.2 批量打印 survives a restart: the job is a row (state, progress, owner), the PDF sits in the SDK file store, the
/// user's page lists their recent jobs, a job a restart interrupted is failed with a Chinese message, and only the owner
/// reaches a job. The restart is a second <see cref="BatchPrints"/> on the same database running the start-up recovery.
/// </summary>
[TestFixtureSource(typeof(TestDatabase), nameof(TestDatabase.Providers))]
public class BatchPrintTests(DatabaseProvider provider) : KpiFixture(provider)
{
    /// <summary>What a restarted process has: a new instance of the batch service on the same database (optionally later, or configured otherwise).</summary>
    private BatchPrints Restarted(TimeSpan? later = null, double keepDays = 7) =>
        new(App.Services.GetRequiredService<IServiceScopeFactory>(), later is { } by ? new Later(by) : TimeProvider.System,
            new BatchPrintOptions { KeepDays = keepDays }, NullLogger<BatchPrints>.Instance);

    /// <summary>The clock the plugin reads, moved forward.</summary>
    private sealed class Later(TimeSpan by) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => base.GetUtcNow() + by;
    }

    /// <summary>Starts the signed-in manager's batch print of a month and waits for it: the job's URL and id.</summary>
    private static async Task<(string Url, int Id)> PrintBatchAsync(WebSession cm, int month)
    {
        var start = await cm.PostFormAsync("/kpi/reports/batch", new { year = Str(ThisYear), month = Str(month) }, tokenFrom: "/kpi/reports/batch");
        await AssertRedirectAsync(start, "batch print");
        var job = start.Headers.Location!.ToString();
        Assert.That(await WaitForAsync(cm, job), Does.Contain("batch-download"), job);
        return (job, int.Parse(job[(job.LastIndexOf('/') + 1)..], System.Globalization.CultureInfo.InvariantCulture));
    }

    /// <summary>The job's row, its stored file's row (or null) and whether the file's content is on disk.</summary>
    private async Task<(KpiBatchJob Job, StoredFile? File, bool OnDisk)> StateAsync(int id, string storedName)
    {
        using var db = App.Database.Open();
        var job = await db.GetTable<KpiBatchJob>().FirstAsync(j => j.Id == id);
        var file = await db.GetTable<StoredFile>().FirstOrDefaultAsync(f => f.StoredName == storedName);
        return (job, file, System.IO.File.Exists(Path.Combine(App.Services.GetRequiredService<StorageSettings>().Root, storedName)));
    }

    private async Task<string> StoredNameAsync(int jobId)
    {
        using var db = App.Database.Open();
        var fileId = await db.GetTable<KpiBatchJob>().Where(j => j.Id == jobId).Select(j => j.FileId).FirstAsync();
        return await db.GetTable<StoredFile>().Where(f => f.Id == fileId).Select(f => f.StoredName).FirstAsync();
    }

    private static int PdfPages(byte[] pdf)
    {
        using var doc = PdfDocument.Open(pdf);
        return doc.NumberOfPages;
    }

    private static async Task<string> WaitForAsync(WebSession s, string job)
    {
        var status = "";
        for (var i = 0; i < 240 && !status.Contains("data-done", StringComparison.Ordinal); i++)
        {
            status = WebUtility.HtmlDecode(await s.GetHtmlAsync(job + "/status"));
            if (!status.Contains("data-done", StringComparison.Ordinal)) await Task.Delay(500);
        }
        return status;
    }

    private async Task<int> UserIdAsync(string login)
    {
        using var db = App.Database.Open();
        return await db.Users.Where(u => u.Login == login).Select(u => u.Id).FirstAsync();
    }

    private async Task<int> RunningJobAsync(string owner, string node, DateTime heartbeat)
    {
        using var db = App.Database.Open();
        return await db.InsertWithInt32IdentityAsync(new KpiBatchJob
        {
            OwnerUserId = await UserIdAsync(owner), Year = ThisYear, Month = 9, Total = 40, Done = 12, State = KpiBatchJob.Running,
            FileName = "KPI指标分析报告-测试.pdf", Node = node, CreatedAt = heartbeat, UpdatedAt = heartbeat,
        });
    }

    [Test]
    public async Task F_6_2_a_finished_batch_print_is_kept_in_the_file_store_and_downloaded_after_a_restart()
    {
        using var cm = await App.LoginAsync(DemoUsers.JiangAnCm2);
        var a = await CustomerWithReportAsync(cm, ThisYear, 8, DemoUsers.JiangAnCm2);
        var b = await CustomerWithReportAsync(cm, ThisYear, 8, DemoUsers.JiangAnCm2);
        var start = await cm.PostFormAsync("/kpi/reports/batch", new { year = Str(ThisYear), month = "8" }, tokenFrom: "/kpi/reports/batch");
        Assert.That(start.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        var job = start.Headers.Location!.ToString();
        Assert.That(job, Does.Match(@"^/kpi/reports/batch/\d+$"));
        var id = int.Parse(job[(job.LastIndexOf('/') + 1)..], System.Globalization.CultureInfo.InvariantCulture);
        Assert.That(await WaitForAsync(cm, job), Does.Contain("batch-download").And.Contain("已完成 2 / 2 份"));

        // The row and the stored file: state, progress, owner; the PDF in the file store under the owner's name.
        using (var db = App.Database.Open())
        {
            var row = await db.GetTable<KpiBatchJob>().FirstAsync(j => j.Id == id);
            Assert.That((row.State, row.Done, row.Total, row.OwnerUserId), Is.EqualTo((KpiBatchJob.Finished, 2, 2, await UserIdAsync(DemoUsers.JiangAnCm2))));
            var file = await db.GetTable<StoredFile>().FirstAsync(f => f.Id == row.FileId);
            Assert.That((file.UploadedBy, file.ContentType), Is.EqualTo((row.OwnerUserId, "application/pdf")));
        }

        // Restart: the recovery leaves a finished job alone, and the page lists it with its download, read from the database.
        Assert.That(await Restarted().RecoverAsync(), Is.Zero);
        var page = WebUtility.HtmlDecode(await cm.GetHtmlAsync("/kpi/reports/batch"));
        Assert.That(page, Does.Contain("最近的批量打印").And.Contain($"data-job=\"{id}\"").And.Contain($"{job}/pdf").And.Contain("已完成"));
        var pdf = await cm.GetAsync(job + "/pdf");
        Assert.That(pdf.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(pdf.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/pdf"));
        var bytes = await pdf.Content.ReadAsByteArrayAsync();
        Assert.That(PdfPages(bytes), Is.EqualTo(2));
        using (var doc = PdfDocument.Open(bytes))
            Assert.That(string.Join("\n", doc.GetPages().Select(p => p.Text)), Does.Contain(a.Name).And.Contain(b.Name));
    }

    [Test]
    public async Task F_6_2_only_the_owner_reaches_a_batch_print_another_users_job_id_is_404()
    {
        using var cm = await App.LoginAsync(DemoUsers.JiangAnCm2);
        await CustomerWithReportAsync(cm, ThisYear, 10, DemoUsers.JiangAnCm2);
        var start = await cm.PostFormAsync("/kpi/reports/batch", new { year = Str(ThisYear), month = "10" }, tokenFrom: "/kpi/reports/batch");
        var job = start.Headers.Location!.ToString();
        Assert.That(await WaitForAsync(cm, job), Does.Contain("batch-download"));
        // Another manager, and the manager's own department head: neither sees nor downloads it.
        foreach (var login in new[] { DemoUsers.JiangAnCm1, DemoUsers.JiangAnDept })
        {
            using var other = await App.LoginAsync(login);
            foreach (var url in new[] { job, job + "/status", job + "/pdf" })
                Assert.That((await other.GetAsync(url)).StatusCode, Is.EqualTo(HttpStatusCode.NotFound), $"{login} {url}");
            Assert.That(await other.GetHtmlAsync("/kpi/reports/batch"), Does.Not.Contain($"{job}/pdf"));
        }
        Assert.That((await cm.GetAsync("/kpi/reports/batch/999999/pdf")).StatusCode, Is.EqualTo(HttpStatusCode.NotFound), "no such job");
    }

    [Test]
    public async Task F_6_2_a_batch_print_running_when_the_server_restarted_is_failed_with_a_clear_message()
    {
        var now = DateTime.UtcNow;
        // Left running by the previous process on this machine; by a live node elsewhere; by a node elsewhere that stopped beating.
        var interrupted = await RunningJobAsync(DemoUsers.JiangAnCm2, Environment.MachineName + ":previous-process", now);
        var elsewhere = await RunningJobAsync(DemoUsers.JiangAnCm2, "other-node:alive", now);
        var stalled = await RunningJobAsync(DemoUsers.JiangAnCm2, "other-node:dead", now - BatchPrints.StaleAfter - TimeSpan.FromMinutes(1));

        Assert.That(await Restarted().RecoverAsync(), Is.EqualTo(2));

        using (var db = App.Database.Open())
        {
            var rows = await db.GetTable<KpiBatchJob>().Where(j => j.Id == interrupted || j.Id == elsewhere || j.Id == stalled).ToDictionaryAsync(j => j.Id);
            Assert.That((rows[interrupted].State, rows[interrupted].Error), Is.EqualTo((KpiBatchJob.Failed, BatchPrints.Interrupted)));
            Assert.That((rows[stalled].State, rows[stalled].Error), Is.EqualTo((KpiBatchJob.Failed, BatchPrints.Stalled)));
            Assert.That(rows[elsewhere].State, Is.EqualTo(KpiBatchJob.Running), "a live node's job is left to it");
            Assert.That(rows[interrupted].FinishedAt, Is.Not.Null);
        }

        using var cm = await App.LoginAsync(DemoUsers.JiangAnCm2);
        var status = WebUtility.HtmlDecode(await cm.GetHtmlAsync($"/kpi/reports/batch/{interrupted}/status"));
        Assert.That(status, Does.Contain("batch-error").And.Contain(BatchPrints.Interrupted).And.Not.Contain("hx-get"));
        var download = await cm.GetAsync($"/kpi/reports/batch/{interrupted}/pdf");
        Assert.That(download.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(WebUtility.HtmlDecode(await download.Content.ReadAsStringAsync()), Does.Contain("请重新打印"));
        var page = WebUtility.HtmlDecode(await cm.GetHtmlAsync("/kpi/reports/batch"));
        Assert.That(page, Does.Contain("失败:" + BatchPrints.Interrupted));
        Assert.That(WebUtility.HtmlDecode(await cm.GetHtmlAsync($"/kpi/reports/batch/{elsewhere}/status")), Does.Contain("正在生成:已完成 12 / 40 份"));
    }

    [Test]
    public void F_6_2_the_recovery_runs_at_start_up() =>
        Assert.That(App.Services.GetServices<Microsoft.Extensions.Hosting.IHostedService>().Select(s => s.GetType().FullName),
            Does.Contain(typeof(BatchRecovery).FullName));

    [Test]
    public async Task F_6_2_a_batch_prints_pdf_is_removed_at_start_up_once_older_than_the_configured_age_and_its_page_says_it_expired()
    {
        using var cm = await App.LoginAsync(DemoUsers.JiangAnCm2);
        await CustomerWithReportAsync(cm, ThisYear, 11, DemoUsers.JiangAnCm2);
        var (job, id) = await PrintBatchAsync(cm, 11);
        var stored = await StoredNameAsync(id);

        // Eight days on: kept where 10 days are configured, removed under the default 7 (file-store row and content).
        await Restarted(TimeSpan.FromDays(8), keepDays: 10).RecoverAsync();
        var kept = await StateAsync(id, stored);
        Assert.That((kept.Job.State, kept.File is null, kept.OnDisk), Is.EqualTo((KpiBatchJob.Finished, false, true)), "younger than the configured age");
        Assert.That((await cm.GetAsync(job + "/pdf")).StatusCode, Is.EqualTo(HttpStatusCode.OK));

        await Restarted(TimeSpan.FromDays(8)).RecoverAsync();
        var gone = await StateAsync(id, stored);
        Assert.That((gone.Job.State, gone.Job.FileId, gone.File, gone.OnDisk), Is.EqualTo((KpiBatchJob.Expired, (int?)null, (StoredFile?)null, false)));

        // The job's page, its download and the list all say it expired.
        var status = WebUtility.HtmlDecode(await cm.GetHtmlAsync(job + "/status"));
        Assert.That(status, Does.Contain(BatchPrints.Expired).And.Contain("重新生成").And.Not.Contain("batch-download").And.Not.Contain("hx-get"));
        Assert.That(WebUtility.HtmlDecode(await cm.GetHtmlAsync(job)), Does.Contain("该批量打印文件已过期,请重新生成"));
        var download = await cm.GetAsync(job + "/pdf");
        Assert.That(download.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(await BodyAsync(download), Does.Contain(BatchPrints.Expired));
        var page = WebUtility.HtmlDecode(await cm.GetHtmlAsync("/kpi/reports/batch"));
        Assert.That(page, Does.Contain($"data-job=\"{id}\"").And.Contain("已过期").And.Not.Contain($"{job}/pdf").And.Contain("保留 7 天"));

        // Nothing left to do the next time.
        Assert.That(await Restarted(TimeSpan.FromDays(30)).ExpireAsync(), Is.Zero);
    }

    [Test]
    public async Task F_6_2_an_old_batch_prints_pdf_is_removed_when_a_new_batch_starts_and_the_new_one_is_kept()
    {
        using var cm = await App.LoginAsync(DemoUsers.JiangAnCm2);
        await CustomerWithReportAsync(cm, ThisYear, 12, DemoUsers.JiangAnCm2);
        var (oldJob, oldId) = await PrintBatchAsync(cm, 12);
        var oldStored = await StoredNameAsync(oldId);
        // The running host's clock cannot move: the old job finished eight days before it instead.
        using (var db = App.Database.Open())
        {
            var eightDaysAgo = DateTime.UtcNow.AddDays(-8);
            await db.GetTable<KpiBatchJob>().Where(j => j.Id == oldId).Set(j => j.FinishedAt, eightDaysAgo).UpdateAsync();
        }
        Assert.That((await StateAsync(oldId, oldStored)).OnDisk, Is.True, "nothing removes it before a batch starts");

        var (newJob, newId) = await PrintBatchAsync(cm, 12);
        var old = await StateAsync(oldId, oldStored);
        Assert.That((old.Job.State, old.File, old.OnDisk), Is.EqualTo((KpiBatchJob.Expired, (StoredFile?)null, false)));
        Assert.That(WebUtility.HtmlDecode(await cm.GetHtmlAsync(oldJob + "/status")), Does.Contain(BatchPrints.Expired));
        var fresh = await StateAsync(newId, await StoredNameAsync(newId));
        Assert.That((fresh.Job.State, fresh.OnDisk), Is.EqualTo((KpiBatchJob.Finished, true)));
        Assert.That((await cm.GetAsync(newJob + "/pdf")).StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }
}
