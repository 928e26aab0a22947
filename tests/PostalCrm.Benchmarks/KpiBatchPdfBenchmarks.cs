using System.Diagnostics;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Engines;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using LinqToDB.Data;
using Microsoft.Extensions.Logging.Abstractions;
using PostalCrm.Host.Reporting;
using PostalCrm.Plugins.Kpi.Common;
using PostalCrm.Plugins.Kpi.Data;
using PostalCrm.Plugins.Kpi.Features.KpiReports;
using PostalCrm.Sdk.Customers;
using PostalCrm.Sdk.Data;
using PostalCrm.Sdk.Organisation;
using PostalCrm.Sdk.Reporting;
using PostalCrm.Sdk.Security;
using PostalCrm.Sdk.Tests;
using PostalCrm.Testing;
using PuppeteerSharp;
using PuppeteerSharp.Media;

namespace PostalCrm.Benchmarks;

/// <summary>
/// F-6.2 批量打印 of 500 forms (issue 11: ≤ 60 s) beside its floor. The whole batch is the one-request batch endpoint of the
/// real host (<c>GET /kpi/reports/batch/pdf</c>: read the 500 saved reports through the manager's scope, 500 templates, one
/// 500-page PDF from the pooled Chromium) for a customer manager with 500 customers, on SQLite. The floor: the same
/// 500-form HTML document, finished, printed as one PDF by a PuppeteerSharp page of a browser of its own. Between them,
/// the reporting server on the same 500 forms already in memory (templates + print, no database), which splits the gap
/// into data reading and the rest. One operation is tens of seconds, so each iteration is one invocation.
/// </summary>
[Config(typeof(Config))]
public class KpiBatchPdfBenchmarks
{
    public const int Forms = 500;
    private const int Year = 2031;
    private const int Month = 5;

    private PostalCrmFactory _app = null!;
    private WebSession _cm = null!;
    private ReportServer _server = null!;
    private PdfPrinter _printer = null!;
    private List<ReportData> _forms = null!;
    private string _html = "";
    private IBrowser _browser = null!;
    private IPage _page = null!;

    [GlobalSetup]
    public void Setup() => SetupAsync().GetAwaiter().GetResult();

    private async Task SetupAsync()
    {
        var reports = Path.Combine(RepoPaths.Root, "reports");
        // Not a test project: WebApplicationFactory finds the host's content root through this variable instead.
        Environment.SetEnvironmentVariable("ASPNETCORE_TEST_CONTENTROOT_POSTALCRM_HOST", Path.Combine(RepoPaths.Root, "host", "PostalCrm.Host"));
        // A 500-page print takes longer than one form's 60 s default on a loaded machine: measure it rather than time it out.
        _app = new PostalCrmFactory(DatabaseProvider.Sqlite, settings: new Dictionary<string, string?>
        {
            ["Reporting:Folder"] = reports, ["Reporting:PrintTimeoutSeconds"] = "600",
        });
        _ = _app.Services;
        await SeedAsync();
        _cm = await _app.LoginAsync(DemoUsers.JiangAnCm2);

        var options = new ReportingOptions { Folder = reports, PrintTimeoutSeconds = 600 };
        var catalog = new ReportCatalog(options, NullLogger<ReportCatalog>.Instance);
        _printer = new PdfPrinter(options, NullLogger<PdfPrinter>.Instance);
        _server = new ReportServer(catalog, new ReportTemplates(catalog), _printer, new BenchUser(), [], TimeProvider.System);
        var rows = Enumerable.Range(1, 5).Select(i => new KpiFormRow(i, "业务收入" + i, "万元", "200", "20", "150", "15.00")).ToList();
        var names = new CustomerSearchNames(11);
        _forms = [.. Enumerable.Range(1, Forms).Select(i => new ReportData(new KpiFormModel(names.Next(i, 0, 0, 0).Name, $"C{i:D8}", "2031年05月", Year, Month,
            "江岸客户经理二", "13800000000", "江岸区大客户部", rows, "75.00", 75m)))];
        _html = await _server.DocumentAsync(_server.Find(KpiFormSource.Id), _forms);

        _browser = await Puppeteer.LaunchAsync(new LaunchOptions
        {
            ExecutablePath = _printer.ExecutablePath ?? throw new InvalidOperationException(PdfPrinter.InstallHint),
            Headless = true,
            Args = [.. PdfPrinter.LaunchArgs],
            ProtocolTimeout = 600_000,
        });
        _page = await _browser.NewPageAsync();
        var batch = await BatchAsync();
        var floor = await FloorAsync();
        Console.WriteLine($"// {Forms} forms: {_html.Length:N0} characters of HTML; batch PDF {batch.Length / 1024:N0} KiB, floor PDF {floor.Length / 1024:N0} KiB");
        if (!_staged)
        {
            _staged = true;
            await StagesAsync();
        }
    }

    private static bool _staged;

    /// <summary>500 customers of 江岸客户经理二 (approved relationships), five focus indicators each and a saved report for the month.</summary>
    private async Task SeedAsync()
    {
        using var db = _app.Database.Open();
        var manager = await db.Users.FirstAsync(u => u.Login == DemoUsers.JiangAnCm2);
        var city = await db.OrgUnits.Where(u => u.Name == "武汉市").Select(u => u.Id).FirstAsync();
        var district = await db.OrgUnits.Where(u => u.Name == "江岸区").Select(u => u.Id).FirstAsync();
        var line = await db.ProductLines.OrderBy(p => p.Id).Select(p => p.Id).FirstAsync();
        var indicators = await db.Indicators.Where(i => i.Active).OrderBy(i => i.Id).Select(i => i.Id).Take(5).ToListAsync();
        var names = new CustomerSearchNames(7);
        var now = DateTime.UtcNow;
        var options = new BulkCopyOptions { BulkCopyType = BulkCopyType.MultipleRows };
        await using var tx = await db.BeginTransactionAsync();
        var firstCode = 90_000_000;
        await db.BulkCopyAsync(options, Enumerable.Range(firstCode, Forms).Select(i => names.Next(i, city, district, manager.Id)));
        var ids = await db.BusinessCustomers.Where(c => c.Code.StartsWith("C9")).OrderBy(c => c.Id).Select(c => c.Id).ToListAsync();
        await db.BulkCopyAsync(options, ids.Select(id => new BusinessRelationship
        {
            CustomerId = id, OrgUnitId = manager.OrgUnitId, ManagerUserId = manager.Id, ProductLineId = line, Approved = true, CreatedAt = now,
        }));
        await db.BulkCopyAsync(options, ids.SelectMany(id => indicators.Select((ind, i) => new FocusIndicator
        {
            CustomerId = id, Year = Year, IndicatorId = ind, Target = 200, Weight = 20, Sort = i + 1, UpdatedBy = manager.Id, UpdatedAt = now,
        })));
        await db.BulkCopyAsync(options, ids.Select(id => new KpiReport
        {
            CustomerId = id, Year = Year, Month = Month, ManagerUserId = manager.Id, OrgUnitId = manager.OrgUnitId, Total = 75, SavedAt = now,
        }));
        var reportIds = await db.GetTable<KpiReport>().Where(r => r.Year == Year && r.Month == Month && r.ManagerUserId == manager.Id).Select(r => r.Id).ToListAsync();
        await db.BulkCopyAsync(options, reportIds.SelectMany(r => indicators.Select(ind => new KpiReportValue
        {
            ReportId = r, IndicatorId = ind, Actual = 150, Score = KpiScoring.Score(150, 200, 20),
        })));
        await tx.CommitAsync();
        if (reportIds.Count != Forms) throw new InvalidOperationException($"seeded {reportIds.Count} reports, expected {Forms}");
    }

    /// <summary>
    /// Once per run, where the batch's time goes: the whole request, then the reporting server on in-memory forms (templates +
    /// print), then the template alone, then the floor — back to back, so the differences are read within one load.
    /// </summary>
    private async Task StagesAsync()
    {
        for (var round = 1; round <= 2; round++)
        {
            var whole = await TimeAsync(BatchAsync);
            var server = await TimeAsync(ServerAsync);
            var template = await TimeAsync(async () => System.Text.Encoding.UTF8.GetBytes(await _server.DocumentAsync(_server.Find(KpiFormSource.Id), _forms)));
            var floor = await TimeAsync(FloorAsync);
            Console.WriteLine($"// stages, round {round}: whole batch {whole / 1000:0.0} s = data + server overhead {(whole - server) / 1000:0.0} s"
                + $" + templates {template / 1000:0.00} s + print {(server - template) / 1000:0.0} s; floor {floor / 1000:0.0} s; batch/floor {whole / floor:0.00}");
        }
    }

    private static async Task<double> TimeAsync(Func<Task<byte[]>> run)
    {
        var sw = Stopwatch.StartNew();
        await run();
        return sw.Elapsed.TotalMilliseconds;
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _cm.Dispose();
        _browser.CloseAsync().GetAwaiter().GetResult();
        _printer.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _app.Dispose();
    }

    /// <summary>The floor: the finished 500-form document printed as one PDF by a page of its own browser.</summary>
    [Benchmark(Baseline = true, Description = "floor: 500-form HTML, page.PdfDataAsync")]
    public async Task<byte[]> FloorAsync()
    {
        await _page.SetContentAsync(_html, new SetContentOptions { WaitUntil = [WaitUntilNavigation.Load], Timeout = 600_000 });
        return await _page.PdfDataAsync(new PdfOptions
        {
            Format = PaperFormat.A4, PrintBackground = true, PreferCSSPageSize = true, Timeout = 600_000,
            MarginOptions = new MarginOptions { Top = "12mm", Bottom = "12mm", Left = "12mm", Right = "12mm" },
        });
    }

    /// <summary>The reporting server on the 500 forms in memory: 500 templates and the pooled Chromium, no database.</summary>
    [Benchmark(Description = "server: 500 in-memory forms → one PDF")]
    public async Task<byte[]> ServerAsync() => (await _server.RenderManyAsync(KpiFormSource.Id, _forms, ReportFormat.Pdf)).Content;

    /// <summary>The whole batch as the manager gets it: GET /kpi/reports/batch/pdf on the real host (SQLite).</summary>
    [Benchmark(Description = "whole batch: GET /kpi/reports/batch/pdf (500 forms)")]
    public async Task<byte[]> BatchAsync()
    {
        using var res = await _cm.GetAsync($"/kpi/reports/batch/pdf?year={Year}&month={Month}");
        if (!res.IsSuccessStatusCode) throw new InvalidOperationException($"batch: {(int)res.StatusCode} {await res.Content.ReadAsStringAsync()}");
        return await res.Content.ReadAsByteArrayAsync();
    }

    /// <summary>One invocation per iteration (an operation is tens of seconds), one warm-up, 3 iterations.</summary>
    public sealed class Config : ManualConfig
    {
        public Config()
        {
            // In process (the host and its Chromium live in this process); an operation is tens of seconds, past the default 5-minute limit per case.
            AddJob(Job.Default.WithToolchain(new InProcessEmitToolchain(TimeSpan.FromHours(1), logOutput: true)).WithStrategy(RunStrategy.Monitoring)
                .WithLaunchCount(1).WithWarmupCount(1).WithIterationCount(3).WithInvocationCount(1).WithUnrollFactor(1).WithId("InProcess-1x3"));
            AddColumn(StatisticColumn.P95, StatisticColumn.Median, StatisticColumn.Min, StatisticColumn.Max);
            SummaryStyle = BenchmarkDotNet.Reports.SummaryStyle.Default.WithRatioStyle(RatioStyle.Trend).WithTimeUnit(Perfolizer.Horology.TimeUnit.Second);
            WithOptions(ConfigOptions.DisableOptimizationsValidator);
        }
    }
}
