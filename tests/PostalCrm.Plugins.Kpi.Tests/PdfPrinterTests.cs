using System.Diagnostics;
using Microsoft.Extensions.Logging.Abstractions;
using PostalCrm.Host.Reporting;
using UglyToad.PdfPig;

namespace PostalCrm.Plugins.Kpi.Tests;

/// <summary>The reporting server's printer (ARCHITECTURE §6): one browser, pages reused, recycled after N documents, closed on shutdown.</summary>
public class PdfPrinterTests
{
    private const string Html = "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><style>body{font-family:\"WenQuanYi Micro Hei\"}</style></head>"
        + "<body><h1>湖北省信息产业厅</h1><p>户 人 门 大 日 目 金 入</p></body></html>";

    [Test]
    public async Task Prints_extractable_chinese_recycles_the_browser_after_n_documents_and_closes_on_shutdown()
    {
        var printer = new PdfPrinter(new ReportingOptions { Pages = 2, RecycleAfter = 2 }, NullLogger<PdfPrinter>.Instance);
        Assume.That(printer.Available, "Chromium is installed by build/test-deps.sh");
        var first = await printer.PrintAsync(Html, "A4", false, CancellationToken.None);
        using (var doc = PdfDocument.Open(first))
            Assert.That(doc.GetPage(1).Text, Does.Contain("湖北省信息产业厅").And.Contain("户人门大日目金入").Or.Contain("户 人 门 大 日 目 金 入"));

        var warm = Stopwatch.StartNew();
        await printer.PrintAsync(Html, "A4", false, CancellationToken.None);
        warm.Stop();
        TestContext.Out.WriteLine($"warm page: {warm.ElapsedMilliseconds} ms");
        for (var i = 0; i < 3; i++) await printer.PrintAsync(Html, "A5", true, CancellationToken.None);
        Assert.That(printer.Printed, Is.EqualTo(5));
        Assert.That(printer.Launches, Is.EqualTo(3), "a fresh browser after every 2 documents");

        // Concurrent requests share the bounded pool.
        var many = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => printer.PrintAsync(Html, "A4", false, CancellationToken.None)));
        Assert.That(many.All(p => p.Length > 1000), Is.True);

        await printer.DisposeAsync();
        Assert.That(() => printer.PrintAsync(Html, "A4", false, CancellationToken.None), Throws.TypeOf<ObjectDisposedException>());
    }
}
