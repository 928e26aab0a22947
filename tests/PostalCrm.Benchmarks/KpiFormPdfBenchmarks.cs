using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Microsoft.Extensions.Logging.Abstractions;
using PostalCrm.Host.Reporting;
using PostalCrm.Plugins.Kpi.Features.KpiReports;
using PostalCrm.Sdk.Organisation;
using PostalCrm.Sdk.Reporting;
using PostalCrm.Sdk.Security;
using PostalCrm.Testing;
using PuppeteerSharp;
using PuppeteerSharp.Media;

namespace PostalCrm.Benchmarks;

/// <summary>
/// One KPI form (F-6.2 打印, ARCHITECTURE §6/§9: ~200 ms per form) through the reporting server — manifest, Liquid template,
/// the pooled Chromium of <see cref="PdfPrinter"/> — beside its floor: the same finished HTML printed straight through a
/// PuppeteerSharp page of a browser of its own (SetContent + PdfData, no pool, no template). Also the template alone, to
/// show its share. Warm: every case runs on launched browsers and reused pages.
/// </summary>
[Config(typeof(KpiFormPdfBenchmarks.Config))]
public class KpiFormPdfBenchmarks
{
    private ReportServer _server = null!;
    private PdfPrinter _printer = null!;
    private ReportManifest _manifest = null!;
    private ReportData _data = null!;
    private string _html = "";
    private IBrowser _browser = null!;
    private IPage _page = null!;

    [GlobalSetup]
    public void Setup() => SetupAsync().GetAwaiter().GetResult();

    private async Task SetupAsync()
    {
        var options = new ReportingOptions { Folder = Path.Combine(RepoPaths.Root, "reports") };
        var catalog = new ReportCatalog(options, NullLogger<ReportCatalog>.Instance);
        _printer = new PdfPrinter(options, NullLogger<PdfPrinter>.Instance);
        _server = new ReportServer(catalog, new ReportTemplates(catalog), _printer, new BenchUser(), [], TimeProvider.System);
        _manifest = _server.Find(KpiFormSource.Id);
        var rows = Enumerable.Range(1, 5).Select(i => new KpiFormRow(i, "业务收入" + i, "万元", "200", "20", "150", "15.00")).ToList();
        _data = new ReportData(new KpiFormModel("湖北省信息产业厅", "4201029000001", "2026年03月", 2026, 3, "江岸客户经理一", "13800000000",
            "江岸区大客户部", rows, "75.00", 75m)) { FileName = "bench" };
        _html = await _server.DocumentAsync(_manifest, [_data]);

        _browser = await Puppeteer.LaunchAsync(new LaunchOptions
        {
            ExecutablePath = _printer.ExecutablePath ?? throw new InvalidOperationException(PdfPrinter.InstallHint),
            Headless = true,
            // The printer's own arguments, so only the path in between differs.
            Args = [.. PdfPrinter.LaunchArgs],
        });
        _page = await _browser.NewPageAsync();
        // Launch both browsers and load the fonts once before measuring.
        for (var i = 0; i < 3; i++)
        {
            await FloorAsync();
            await FormAsync();
        }
        Console.WriteLine($"// one form: {_html.Length:N0} characters of HTML, {(await FormAsync()).Length:N0} bytes of PDF; PdfOptions.Tagged default: {new PdfOptions().Tagged}");
        if (!_paired)
        {
            _paired = true;
            await PairedAsync();
        }
    }

    private static bool _paired;

    /// <summary>
    /// Once per run: form and floor interleaved (alternating which goes first), 30 pairs. BenchmarkDotNet measures the cases
    /// one after the other, so on a shared machine whose load drifts the case that runs first is penalised; the paired
    /// ratio is immune to that drift.
    /// </summary>
    private async Task PairedAsync()
    {
        var ratios = new List<double>();
        var forms = new List<double>();
        var floors = new List<double>();
        for (var i = 0; i < 30; i++)
        {
            double form, floor;
            if (i % 2 == 0) { form = await TimeAsync(FormAsync); floor = await TimeAsync(FloorAsync); }
            else { floor = await TimeAsync(FloorAsync); form = await TimeAsync(FormAsync); }
            forms.Add(form);
            floors.Add(floor);
            ratios.Add(form / floor);
        }
        static double Median(List<double> l) => l.Order().ElementAt(l.Count / 2);
        static double Q(List<double> l, int p) => l.Order().ElementAt(l.Count * p / 100);
        Console.WriteLine($"// paired (30 interleaved pairs): form median {Median(forms):0} ms, floor median {Median(floors):0} ms, "
            + $"form/floor median {Median(ratios):0.00} (p25 {Q(ratios, 25):0.00}, p75 {Q(ratios, 75):0.00})");
    }

    private static async Task<double> TimeAsync(Func<Task<byte[]>> run)
    {
        var sw = System.Diagnostics.Stopwatch.StartNew();
        await run();
        return sw.Elapsed.TotalMilliseconds;
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _browser.CloseAsync().GetAwaiter().GetResult();
        _printer.DisposeAsync().AsTask().GetAwaiter().GetResult();
    }

    /// <summary>The floor: the same HTML straight through Chromium (page.SetContent, page.PdfData).</summary>
    [Benchmark(Baseline = true, Description = "floor: same HTML, page.PdfDataAsync")]
    public Task<byte[]> FloorAsync() => PrintAsync(tagged: true);

    /// <summary>The floor without the tagged (accessibility) structure Chromium adds by default: what tagging costs.</summary>
    [Benchmark(Description = "floor, untagged PDF")]
    public Task<byte[]> FloorUntaggedAsync() => PrintAsync(tagged: false);

    private async Task<byte[]> PrintAsync(bool tagged)
    {
        await _page.SetContentAsync(_html, new SetContentOptions { WaitUntil = [WaitUntilNavigation.Load] });
        return await _page.PdfDataAsync(new PdfOptions
        {
            Format = PaperFormat.A4, PrintBackground = true, PreferCSSPageSize = true, Tagged = tagged,
            MarginOptions = new MarginOptions { Top = "12mm", Bottom = "12mm", Left = "12mm", Right = "12mm" },
        });
    }

    /// <summary>One KPI form through the reporting server: manifest, template, pooled Chromium page.</summary>
    [Benchmark(Description = "KPI form PDF via the reporting server")]
    public async Task<byte[]> FormAsync() => (await _server.RenderAsync(KpiFormSource.Id, _data, ReportFormat.Pdf)).Content;

    /// <summary>The template alone (manifest read, Liquid render, document wrapper): what the server adds before Chromium.</summary>
    [Benchmark(Description = "template only (HTML document)")]
    public Task<string> TemplateAsync() => _server.DocumentAsync(_server.Find(KpiFormSource.Id), [_data]);

    /// <summary>As <see cref="ShortInProcess"/> with 10 iterations: Chromium on 2 shared cores is noisy.</summary>
    public sealed class Config : ManualConfig
    {
        public Config()
        {
            AddJob(Job.ShortRun.WithToolchain(InProcessEmitToolchain.Instance).WithIterationCount(10).WithId("InProcess-10"));
            AddColumn(StatisticColumn.P95, StatisticColumn.Median);
            SummaryStyle = BenchmarkDotNet.Reports.SummaryStyle.Default.WithRatioStyle(RatioStyle.Trend);
            WithOptions(ConfigOptions.DisableOptimizationsValidator);
        }
    }
}
