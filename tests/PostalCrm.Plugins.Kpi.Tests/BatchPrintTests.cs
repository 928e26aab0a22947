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
    /// <summary>What a restarted process has: a new instance of the batch service on the same database.</summary>
    private BatchPrints Restarted() =>
        new(App.Services.GetRequiredService<IServiceScopeFactory>(), TimeProvider.System, NullLogger<BatchPrints>.Instance);

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
}
