using System.Collections.Concurrent;
using PostalCrm.Sdk.Reporting;
using PuppeteerSharp;
using PuppeteerSharp.Media;

namespace PostalCrm.Host.Reporting;

/// <summary>
/// HTML → PDF through one long-lived headless Chromium (ARCHITECTURE §6): launched on first use, a bounded pool of pages
/// reused between documents, a queue with a timeout in front of the pool, a print timeout, no wait for network idle (the
/// HTML is self-contained), the browser restarted after <see cref="ReportingOptions.RecycleAfter"/> documents or when it
/// has died, and closed when the host stops.
/// </summary>
public sealed class PdfPrinter(ReportingOptions options, ILogger<PdfPrinter> log) : IAsyncDisposable
{
    public const string InstallHint = "PDF 打印需要 Chromium 与文泉驿微米黑字体:在服务器上执行 apt-get install chromium fonts-wqy-microhei,"
        + "或在配置 Reporting:ChromiumPath 中指定 Chromium/Chrome 的路径。HTML 报表不受影响。";

    private static readonly string[] Candidates = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome", "/usr/bin/google-chrome-stable"];
    private readonly SemaphoreSlim _slots = new(Math.Max(1, options.Pages));
    private readonly SemaphoreSlim _browserLock = new(1, 1);
    private readonly ConcurrentBag<IPage> _idle = [];
    private IBrowser? _browser;
    private int _printedByBrowser;
    private int _busy;
    private bool _disposed;

    /// <summary>Documents printed since the host started (all browsers).</summary>
    public int Printed { get; private set; }

    /// <summary>Browsers launched since the host started (1 + recycles).</summary>
    public int Launches { get; private set; }

    /// <summary>The Chromium executable, or null when none is installed.</summary>
    public string? ExecutablePath =>
        !string.IsNullOrWhiteSpace(options.ChromiumPath) ? (File.Exists(options.ChromiumPath) ? options.ChromiumPath : null)
        : Candidates.FirstOrDefault(File.Exists);

    public bool Available => ExecutablePath is not null;

    /// <summary>
    /// A batch's print time grows with its documents: <see cref="ReportingOptions.PrintTimeoutSeconds"/> for one, plus
    /// <see cref="ReportingOptions.PrintSecondsPerExtraDocument"/> for each further one, so a month's 500 forms are not cut
    /// at one form's limit.
    /// </summary>
    public static TimeSpan PrintTimeout(ReportingOptions options, int documents) =>
        TimeSpan.FromSeconds(options.PrintTimeoutSeconds + options.PrintSecondsPerExtraDocument * Math.Max(0, documents - 1));

    /// <param name="documents">How many documents the HTML holds (one per printed form): sets the print timeout.</param>
    public async Task<byte[]> PrintAsync(string html, string paper, bool landscape, CancellationToken ct, int documents = 1)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (!Available) throw new ReportUnavailableException(InstallHint);
        using (var queued = CancellationTokenSource.CreateLinkedTokenSource(ct))
        {
            queued.CancelAfter(TimeSpan.FromSeconds(options.QueueTimeoutSeconds));
            try { await _slots.WaitAsync(queued.Token); }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested)
            {
                throw new ReportUnavailableException($"PDF 打印繁忙:排队超过 {options.QueueTimeoutSeconds} 秒,请稍后再试。");
            }
        }
        try
        {
            var page = await RentAsync();
            var limit = PrintTimeout(options, documents);
            var ok = false;
            try
            {
                var print = PrintOnPageAsync(page, html, paper, landscape, limit);
                var bytes = await print.WaitAsync(limit, ct);
                ok = true;
                return bytes;
            }
            catch (TimeoutException e)
            {
                throw new ReportUnavailableException($"PDF 打印超时(超过 {limit.TotalSeconds:0} 秒)。", e);
            }
            finally
            {
                await ReturnAsync(page, ok);
            }
        }
        finally
        {
            _slots.Release();
        }
    }

    private static async Task<byte[]> PrintOnPageAsync(IPage page, string html, string paper, bool landscape, TimeSpan limit)
    {
        // Puppeteer's own limits (30 s for the load and for the PDF) would cut a long batch: ours (limit) governs.
        var ms = (int)Math.Min(int.MaxValue, limit.TotalMilliseconds);
        // Self-contained HTML: "load" is enough; never wait for network idle (500 ms lost per document).
        await page.SetContentAsync(html, new SetContentOptions { WaitUntil = [WaitUntilNavigation.Load], Timeout = ms });
        return await page.PdfDataAsync(new PdfOptions
        {
            Timeout = ms,
            Format = paper.ToUpperInvariant() switch
            {
                "A3" => PaperFormat.A3,
                "A5" => PaperFormat.A5,
                "LETTER" => PaperFormat.Letter,
                _ => PaperFormat.A4,
            },
            Landscape = landscape,
            PrintBackground = true,
            PreferCSSPageSize = true,
            MarginOptions = new MarginOptions { Top = "12mm", Bottom = "12mm", Left = "12mm", Right = "12mm" },
        });
    }

    private async Task<IPage> RentAsync()
    {
        await _browserLock.WaitAsync();
        try
        {
            // Recycle: after N documents, once no page is printing, the browser is closed and a fresh one launched.
            if (_browser is not null && (!_browser.IsConnected || (_printedByBrowser >= options.RecycleAfter && _busy == 0)))
                await CloseBrowserAsync(_browser.IsConnected ? "recycled after " + _printedByBrowser + " documents" : "disconnected");
            _browser ??= await LaunchAsync();
            _busy++;
            while (_idle.TryTake(out var idle))
                if (!idle.IsClosed) return idle;
            return await _browser.NewPageAsync();
        }
        catch (Exception e) when (e is not ReportUnavailableException)
        {
            _busy = Math.Max(0, _busy - 1);
            throw new ReportUnavailableException("无法启动 Chromium 打印 PDF:" + e.Message + "。" + InstallHint, e);
        }
        finally
        {
            _browserLock.Release();
        }
    }

    private async Task ReturnAsync(IPage page, bool ok)
    {
        await _browserLock.WaitAsync();
        try
        {
            _busy--;
            if (ok)
            {
                _printedByBrowser++;
                Printed++;
            }
            if (ok && !page.IsClosed && _browser?.IsConnected == true) _idle.Add(page);
            else if (!page.IsClosed) await page.CloseAsync().WaitAsync(TimeSpan.FromSeconds(5)).ContinueWith(_ => { });
        }
        finally
        {
            _browserLock.Release();
        }
    }

    /// <summary>Chromium's switches for printing; the PDF benchmarks' floor browser is launched with the same ones.</summary>
    public static readonly IReadOnlyList<string> LaunchArgs =
    [
        "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking", "--disable-component-update",
        "--no-first-run", "--disable-sync", "--disable-extensions", "--font-render-hinting=none",
    ];

    private async Task<IBrowser> LaunchAsync()
    {
        var browser = await Puppeteer.LaunchAsync(new LaunchOptions
        {
            ExecutablePath = ExecutablePath,
            Headless = true,
            Args = [.. LaunchArgs],
            Timeout = 30_000,
            // The print timeout above governs; Puppeteer's own 180 s per call would cut a long batch first.
            ProtocolTimeout = 60 * 60_000,
        });
        Launches++;
        _printedByBrowser = 0;
        log.LogInformation("Chromium started for PDF printing ({Path})", ExecutablePath);
        return browser;
    }

    private async Task CloseBrowserAsync(string why)
    {
        var browser = _browser;
        _browser = null;
        while (_idle.TryTake(out _)) { }
        if (browser is null) return;
        log.LogInformation("Chromium closed: {Why}", why);
        try { await browser.CloseAsync().WaitAsync(TimeSpan.FromSeconds(10)); }
        catch (Exception e) { log.LogWarning(e, "Chromium did not close cleanly"); }
        finally { await browser.DisposeAsync(); }
    }

    /// <summary>Clean shutdown with the host: the browser process ends with it.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_disposed) return;
        _disposed = true;
        await _browserLock.WaitAsync();
        try { await CloseBrowserAsync("host stopping"); }
        finally { _browserLock.Release(); }
    }
}
