using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using PostalCrm.Host;
using PostalCrm.Host.Data;
using PostalCrm.Plugins.Kpi.Common;
using PostalCrm.Plugins.Kpi.Data;
using PostalCrm.Sdk.Data;
using PostalCrm.Testing;

namespace PostalCrm.Plugins.Kpi.Tests;

/// <summary>
/// The province generator's KPI part at the small size, on both databases: focus indicators, reports and values, and now
/// the customers' feedback (F-6.3) and solutions (F-6.4), coherent with each other and the same for the same seed.
/// </summary>
[TestFixtureSource(typeof(TestDatabase), nameof(TestDatabase.Providers))]
public class ProvinceDataTests(DatabaseProvider provider)
{
    private const int Seed = 4242;
    private TestDatabase _db = null!;

    [OneTimeSetUp]
    public async Task Generate()
    {
        _db = TestDatabase.Create(provider);
        await GenerateAsync(_db, Seed);
    }

    [OneTimeTearDown] public void Drop() => _db.Dispose();

    /// <summary>The host (not started) with the kpi plugin only, running the generator as the command does.</summary>
    private static async Task GenerateAsync(TestDatabase tdb, int seed)
    {
        RepoPaths.RequirePublishedPlugins();
        var app = PostalCrmHost.Build(
        [
            "--environment=Testing", $"--DataFolder={tdb.Folder}", $"--Database:Provider={tdb.Settings.Provider}",
            $"--Database:ConnectionString={tdb.Settings.ConnectionString}", $"--Plugins:Directory={RepoPaths.Plugins}",
            "--Plugins:Enabled=kpi", "--Seed:Demo=false",
        ]);
        await using (app)
            await ProvinceGenerator.RunAsync(app.Services, ProvinceScale.Small, seed, TestContext.Progress.WriteLine, CancellationToken.None);
    }

    [Test]
    public async Task F_6_3_and_F_6_4_the_generator_writes_feedback_and_solutions_sized_by_the_reports()
    {
        using var db = _db.Open();
        var reports = await db.GetTable<KpiReport>().CountAsync();
        var feedback = await db.GetTable<KpiFeedback>().CountAsync();
        var solutions = await db.GetTable<KpiSolution>().CountAsync();
        TestContext.Out.WriteLine($"{reports} reports, {feedback} feedback, {solutions} solutions");
        // Every tenth customer, every past month of the history years: the reports follow the scale, feedback and solutions them.
        Assert.That(reports, Is.GreaterThanOrEqualTo(ProvinceScale.Small.Customers / 10 * 12 * (ProvinceScale.Small.HistoryYears - 1)));
        Assert.That(feedback, Is.InRange(reports * 55 / 100, reports * 80 / 100), "about two thirds of the reports");
        Assert.That(solutions, Is.InRange(feedback * 40 / 100, feedback * 60 / 100), "about half of the feedback");
    }

    [Test]
    public async Task F_6_3_generated_feedback_belongs_to_its_report_and_scores_each_focus_indicator_within_its_weight()
    {
        using var db = _db.Open();
        var orphans = await (from f in db.GetTable<KpiFeedback>()
                             join r in db.GetTable<KpiReport>() on f.ReportId equals r.Id
                             where r.CustomerId != f.CustomerId || r.Year != f.Year || r.Month != f.Month
                             select f.Id).CountAsync();
        Assert.That(orphans, Is.Zero, "feedback of the same customer and month as its report");
        var scores = await (from s in db.GetTable<KpiFeedbackScore>()
                            join f in db.GetTable<KpiFeedback>() on s.FeedbackId equals f.Id
                            select new { s.FeedbackId, f.CustomerId, f.Year, s.IndicatorId, s.Score }).ToListAsync();
        var focus = (await db.GetTable<FocusIndicator>().ToListAsync()).ToDictionary(x => (x.CustomerId, x.Year, x.IndicatorId), x => x.Weight);
        foreach (var s in scores)
        {
            Assert.That(focus.TryGetValue((s.CustomerId, s.Year, s.IndicatorId), out var weight), Is.True, $"feedback {s.FeedbackId}: indicator {s.IndicatorId} not in focus");
            Assert.That(s.Score, Is.InRange(0m, weight), $"feedback {s.FeedbackId}");
        }
        var all = await db.GetTable<KpiFeedback>().ToListAsync();
        var byFeedback = scores.GroupBy(s => s.FeedbackId).ToDictionary(g => g.Key, g => g.ToList());
        foreach (var f in all)
        {
            Assert.That(byFeedback.TryGetValue(f.Id, out var own), Is.True, $"feedback {f.Id} has scores");
            Assert.That(own!.Count, Is.EqualTo(focus.Keys.Count(k => k.CustomerId == f.CustomerId && k.Year == f.Year)), $"feedback {f.Id}: every focus indicator");
            Assert.That(f.Total, Is.EqualTo(own.Sum(s => s.Score)), $"feedback {f.Id}: total");
            // The page's own checks accept what the generator wrote.
            Assert.That(KpiText.ChineseName(f.Signature, "签名"), Is.EqualTo(f.Signature));
            Assert.That(KpiText.Digits(f.Phone, "联系电话"), Is.EqualTo(f.Phone));
        }
    }

    [Test]
    public async Task F_6_4_generated_solutions_answer_feedback_of_the_same_customer_and_month()
    {
        using var db = _db.Open();
        var bad = await (from s in db.GetTable<KpiSolution>()
                         join f in db.GetTable<KpiFeedback>() on s.FeedbackId equals f.Id
                         where f.CustomerId != s.CustomerId || f.Year != s.Year || f.Month != s.Month
                         select s.Id).CountAsync();
        Assert.That(bad, Is.Zero);
        foreach (var s in await db.GetTable<KpiSolution>().ToListAsync())
        {
            Assert.That(s.Solution, Is.Not.Empty);
            Assert.That(KpiText.ChineseName(s.SupervisorSignature, "主管签名"), Is.EqualTo(s.SupervisorSignature));
            Assert.That(KpiText.Digits(s.SupervisorPhone, "主管电话"), Is.EqualTo(s.SupervisorPhone));
        }
    }

    [Test]
    public async Task The_same_seed_gives_the_same_kpi_data_and_another_seed_other_data()
    {
        using var same = TestDatabase.Create(DatabaseProvider.Sqlite);
        using var other = TestDatabase.Create(DatabaseProvider.Sqlite);
        await GenerateAsync(same, Seed);
        await GenerateAsync(other, Seed + 1);
        var mine = await FingerprintAsync(_db);
        Assert.That(await FingerprintAsync(same), Is.EqualTo(mine), "same seed (SQLite and this database)");
        Assert.That(await FingerprintAsync(other), Is.Not.EqualTo(mine), "another seed");
    }

    /// <summary>The KPI rows by their natural keys (ids and times aside).</summary>
    private static async Task<string> FingerprintAsync(TestDatabase tdb)
    {
        using var db = tdb.Open();
        var text = new StringBuilder();
        var ci = CultureInfo.InvariantCulture;
        foreach (var r in await db.GetTable<KpiReport>().OrderBy(x => x.CustomerId).ThenBy(x => x.Year).ThenBy(x => x.Month).ToListAsync())
            text.Append(ci, $"r|{r.CustomerId}|{r.Year}|{r.Month}|{r.ManagerUserId}|{r.Total:0.00}\n");
        foreach (var f in await db.GetTable<KpiFeedback>().OrderBy(x => x.CustomerId).ThenBy(x => x.Year).ThenBy(x => x.Month).ToListAsync())
            text.Append(ci, $"f|{f.CustomerId}|{f.Year}|{f.Month}|{f.Total:0.00}|{f.Opinions}|{f.Signature}|{f.Phone}\n");
        foreach (var s in await (from s in db.GetTable<KpiFeedbackScore>()
                                 join f in db.GetTable<KpiFeedback>() on s.FeedbackId equals f.Id
                                 orderby f.CustomerId, f.Year, f.Month, s.IndicatorId
                                 select new { f.CustomerId, f.Year, f.Month, s.IndicatorId, s.Score }).ToListAsync())
            text.Append(ci, $"s|{s.CustomerId}|{s.Year}|{s.Month}|{s.IndicatorId}|{s.Score:0.00}\n");
        foreach (var s in await db.GetTable<KpiSolution>().OrderBy(x => x.CustomerId).ThenBy(x => x.Year).ThenBy(x => x.Month).ToListAsync())
            text.Append(ci, $"o|{s.CustomerId}|{s.Year}|{s.Month}|{s.Solution}|{s.SupervisorSignature}|{s.SupervisorPhone}\n");
        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }
}
