using System.Net;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using PostalCrm.Plugins.Usage.Data;
using PostalCrm.Plugins.Usage.Features.Import;
using PostalCrm.Sdk.Audit;
using PostalCrm.Sdk.Data;
using PostalCrm.Testing;

namespace PostalCrm.Plugins.Usage.Tests;

/// <summary>F-5.5: import jobs are kept in the database, so a restart of the portal keeps their pages; the audit names the importer's address.</summary>
public sealed partial class ImportJobTests
{
    private const string Interrupted = "导入因系统重启而中断,未写入任何数据,请重新导入";

    /// <summary>The portal started again over the same database (the running one stays: its held job plays the dead process).</summary>
    private WebApplicationFactory<Program> Restarted()
    {
        var app = _app.Base.WithWebHostBuilder(b => b.ConfigureTestServices(s => s.AddSingleton<TimeProvider>(_app.Clock)));
        _ = app.Server; // starts it: migrations, seed check, then the import job recovery
        return app;
    }

    private static async Task<WebSession> LoginAsync(WebApplicationFactory<Program> app, string login)
    {
        var s = new WebSession(app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true }));
        var res = await s.LoginAsync(login, DemoUsers.Password);
        Assert.That(res.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), $"login of {login}");
        return s;
    }

    private long Count<T>() where T : class
    {
        using var db = _app.Open();
        return db.GetTable<T>().LongCount();
    }

    [Test]
    public async Task F_5_5_an_import_running_at_a_restart_is_shown_as_interrupted_to_its_owner_only_and_wrote_nothing()
    {
        using var s = await _app.LoginAsync(DemoUsers.JiangAnCm1);
        var html = await (await ImportTests.UploadAsync(s, await FileAsync(DemoUsers.JiangAnCm1, "重启中断"), "重启中断.xlsx")).Content.ReadAsStringAsync();
        Assert.That(html, Does.Contain("是(Y)"));
        var (batches, records) = (Count<UsageBatch>(), Count<UsageRecord>());

        // 是(Y); the job is held in its check when the portal "restarts".
        _gate.HoldAt(ImportJobKind.Import, ImportPhase.Checking);
        var res = await s.PostFormAsync(Url + "/confirm", new { Token = ImportTests.Token(html) }, tokenFrom: null);
        var job = res.Headers.Location!.ToString();
        await _gate.WaitReachedAsync();

        using (var restarted = Restarted())
        {
            using var owner = await LoginAsync(restarted, DemoUsers.JiangAnCm1);
            var page = await owner.GetAsync(job);
            Assert.That(page.StatusCode, Is.EqualTo(HttpStatusCode.OK), "the owner's link still answers after the restart");
            var text = await page.Content.ReadAsStringAsync();
            Assert.That(text, Does.Contain(Interrupted).And.Not.Contain(ImportFlow.StatusMarker));
            var status = await owner.GetAsync(job + "/status");
            Assert.That(status.Headers.GetValues("HX-Redirect").Single(), Is.EqualTo(job), "the progress box stops polling");

            using var other = await LoginAsync(restarted, DemoUsers.JiangAnCm2);
            Assert.That((await other.GetAsync(job)).StatusCode, Is.EqualTo(HttpStatusCode.NotFound), "another user's job");
            Assert.That((await other.GetAsync(job + "/status")).StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        }
        using (var db = _app.Open())
        {
            var row = await db.GetTable<UsageImportJob>().SingleAsync(j => j.Id == job.Substring(job.LastIndexOf('/') + 1));
            Assert.That((row.State, row.Phase, row.FinishedAt.HasValue), Is.EqualTo((ImportJobState.Interrupted, ImportPhase.Checking, true)));
        }

        // The "dead" process's job goes on: marked interrupted, it can no longer commit (its write is rolled back).
        _gate.Release();
        res = await s.FollowJobAsync(res);
        Assert.That(await res.Content.ReadAsStringAsync(), Does.Contain("没有导入任何数据"));
        Assert.That((Count<UsageBatch>(), Count<UsageRecord>()), Is.EqualTo((batches, records)), "nothing written");
        var sums = await _app.SummaryAndRecordsAsync();
        Assert.That(sums[0], Is.EqualTo(sums[1]), "summary == sum of records");
    }

    [Test]
    public async Task F_5_5_yes_posted_again_after_a_crash_between_the_commit_and_the_pending_files_removal_creates_no_second_batch()
    {
        using var s = await _app.LoginAsync(DemoUsers.JiangAnCm1);
        var html = await (await ImportTests.UploadAsync(s, await FileAsync(DemoUsers.JiangAnCm1, "提交后崩溃"), "提交后崩溃.xlsx")).Content.ReadAsStringAsync();
        Assert.That(html, Does.Contain("是(Y)"));
        var token = ImportTests.Token(html);
        var (batches, records) = (Count<UsageBatch>(), Count<UsageRecord>());

        // 是(Y); the job is held right after its commit, before it removes the pending file: there the portal "dies".
        _gate.HoldAt(ImportJobKind.Import, ImportPhase.Done);
        var first = await s.PostFormAsync(Url + "/confirm", new { Token = token }, tokenFrom: null);
        await _gate.WaitReachedAsync();
        Assert.That((Count<UsageBatch>(), Count<UsageRecord>()), Is.EqualTo((batches + 1, records + 2)), "committed");
        int batchId;
        using (var db = _app.Open()) batchId = await db.GetTable<UsageBatch>().Where(b => b.FileName == "提交后崩溃.xlsx").Select(b => b.Id).SingleAsync();

        using (var restarted = Restarted())
        {
            // The user posts the same 是(Y) again on the restarted portal: the pending file is still there.
            using var owner = await LoginAsync(restarted, DemoUsers.JiangAnCm1);
            var again = await owner.FollowJobAsync(await owner.PostFormAsync(Url + "/confirm", new { Token = token }, tokenFrom: Url));
            Assert.That(again.Headers.Location?.ToString(), Is.EqualTo($"/usage/batches/{batchId}"), await again.Content.ReadAsStringAsync());
            Assert.That(await owner.GetHtmlAsync(again.Headers.Location!.ToString()), Does.Contain("没有重复导入"));
            Assert.That((Count<UsageBatch>(), Count<UsageRecord>()), Is.EqualTo((batches + 1, records + 2)), "no second batch");

            // And once more, the pending file gone by now: straight to the same batch.
            var third = await owner.PostFormAsync(Url + "/confirm", new { Token = token }, tokenFrom: Url);
            Assert.That(third.Headers.Location?.ToString(), Is.EqualTo($"/usage/batches/{batchId}"));
        }

        _gate.Release();
        var done = await s.FollowJobAsync(first);
        Assert.That(done.Headers.Location?.ToString(), Is.EqualTo($"/usage/batches/{batchId}"), "the first job ends with its batch");
        Assert.That((Count<UsageBatch>(), Count<UsageRecord>()), Is.EqualTo((batches + 1, records + 2)));
        var sums = await _app.SummaryAndRecordsAsync();
        Assert.That(sums[0], Is.EqualTo(sums[1]), "summary == sum of records");
    }

    [Test]
    public async Task F_5_5_a_finished_checks_page_survives_a_restart_and_its_yes_imports_there()
    {
        using var s = await _app.LoginAsync(DemoUsers.JiangAnCm1);
        var res = await s.PostMultipartAsync(Url, [], "File", "重启之后.xlsx", await FileAsync(DemoUsers.JiangAnCm1, "重启之后"), tokenFrom: Url);
        var job = res.Headers.Location!.ToString();
        var html = await (await s.FollowJobAsync(res)).Content.ReadAsStringAsync();
        Assert.That(html, Does.Contain("是(Y)"));

        using var restarted = Restarted();
        using var owner = await LoginAsync(restarted, DemoUsers.JiangAnCm1);
        var page = await owner.GetHtmlAsync(job);
        Assert.That(page, Does.Contain("是(Y)").And.Contain("共 <strong id=\"rows\">2</strong> 行").And.Contain("重启之后.xlsx"), "the 是(Y)/否 question, read from the job's row");
        using (var other = await LoginAsync(restarted, DemoUsers.JiangAnCm2))
            Assert.That((await other.GetAsync(job)).StatusCode, Is.EqualTo(HttpStatusCode.NotFound));

        var done = await owner.FollowJobAsync(await owner.PostFormAsync(Url + "/confirm", new { Token = ImportTests.Token(page) }, tokenFrom: null));
        Assert.That(done.Headers.Location?.ToString(), Does.StartWith("/usage/batches/"), await done.Content.ReadAsStringAsync());
        using var db = _app.Open();
        Assert.That(await db.GetTable<UsageRecord>().CountAsync(r => r.Remarks == "重启之后"), Is.EqualTo(2));
    }

    [Test]
    public async Task F_5_5_the_start_up_recovery_marks_only_running_jobs_interrupted()
    {
        using var db = _app.Open();
        var owner = await _app.UserIdAsync(DemoUsers.JiangAnCm1);
        var now = DateTime.UtcNow;
        UsageImportJob Row(ImportJobState state) => new()
        {
            Id = Guid.NewGuid().ToString("D"), Kind = ImportJobKind.Import, State = state, Phase = ImportPhase.Checking, Token = "t", FileName = "f.xlsx",
            OwnerUserId = owner, Host = Environment.MachineName, CreatedAt = now,
        };
        var running = Row(ImportJobState.Running);
        var failed = Row(ImportJobState.Failed);
        var elsewhere = Row(ImportJobState.Running);
        elsewhere.Host = "another-portal-node";
        foreach (var r in new[] { running, failed, elsewhere }) await db.InsertAsync(r);

        Assert.That(await ImportJobs.RecoverAsync(db, TimeProvider.System), Is.EqualTo(1));
        var states = await db.GetTable<UsageImportJob>().Where(j => j.Id == running.Id || j.Id == failed.Id || j.Id == elsewhere.Id)
            .ToDictionaryAsync(j => j.Id, j => j.State);
        Assert.That(states[running.Id], Is.EqualTo(ImportJobState.Interrupted));
        Assert.That(states[failed.Id], Is.EqualTo(ImportJobState.Failed));
        Assert.That(states[elsewhere.Id], Is.EqualTo(ImportJobState.Running), "another machine's job is its own start-up's business");
        await db.GetTable<UsageImportJob>().Where(j => j.Id == elsewhere.Id).DeleteAsync();
    }

    [Test]
    public async Task F_5_5_the_import_audit_entry_names_the_importer_and_the_client_address_captured_with_the_job()
    {
        using var s = await _app.LoginAsync(DemoUsers.JiangAnCm1);
        s.Client.DefaultRequestHeaders.Add("X-Forwarded-For", "203.0.113.45");
        var html = await (await ImportTests.UploadAsync(s, await FileAsync(DemoUsers.JiangAnCm1, "审计地址"), "审计地址.xlsx")).Content.ReadAsStringAsync();
        var res = await ImportTests.ConfirmAsync(s, html);
        var location = res.Headers.Location?.ToString();
        Assert.That(location, Does.StartWith("/usage/batches/"), await res.Content.ReadAsStringAsync());
        var batch = location![(location.LastIndexOf('/') + 1)..];

        using var db = _app.Open();
        var user = await _app.UserIdAsync(DemoUsers.JiangAnCm1);
        var entry = await db.AuditEntries.SingleAsync(a => a.Entity == ImportService.AuditEntity && a.EntityId == batch && a.Action == "import");
        using (Assert.EnterMultipleScope())
        {
            Assert.That((entry.UserId, entry.UserLogin), Is.EqualTo(((int?)user, (string?)DemoUsers.JiangAnCm1)));
            Assert.That(entry.AfterJson, Does.Contain("\"ClientIp\":\"203.0.113.45\"").And.Contain("\"Importer\":\"ja_cm1\""));
        }
        var jobRow = await db.GetTable<UsageImportJob>().Where(j => j.BatchId == int.Parse(batch, System.Globalization.CultureInfo.InvariantCulture)).SingleAsync();
        Assert.That((jobRow.State, jobRow.ClientIp, jobRow.OwnerUserId), Is.EqualTo((ImportJobState.Succeeded, (string?)"203.0.113.45", user)));
    }
}
