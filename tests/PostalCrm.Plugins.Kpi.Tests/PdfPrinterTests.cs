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

    [Test]
    public void F_6_2_a_batch_gets_one_documents_print_timeout_plus_a_share_for_each_further_document()
    {
        var options = new ReportingOptions { PrintTimeoutSeconds = 60, PrintSecondsPerExtraDocument = 1 };
        Assert.That(PdfPrinter.PrintTimeout(options, 1), Is.EqualTo(TimeSpan.FromSeconds(60)));
        Assert.That(PdfPrinter.PrintTimeout(options, 500), Is.EqualTo(TimeSpan.FromSeconds(559)));
    }

    [Test]
    public async Task F_6_2_a_long_batch_is_not_cut_at_one_documents_print_timeout()
    {
        // One document may take 1 s; 300 pages of tables take longer than that, and get 1 + 299 × 1 s.
        var printer = new PdfPrinter(new ReportingOptions { PrintTimeoutSeconds = 1, PrintSecondsPerExtraDocument = 1 }, NullLogger<PdfPrinter>.Instance);
        Assume.That(printer.Available, "Chromium is installed by build/test-deps.sh");
        await using var _ = printer;
        var row = "<tr><td>业务收入</td><td>200</td><td>20</td><td>150</td><td>15.00</td></tr>";
        var page = "<section style=\"break-before: page\"><h1>湖北省信息产业厅</h1><table>" + string.Concat(Enumerable.Repeat(row, 25)) + "</table></section>";
        var html = "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><style>body{font-family:\"WenQuanYi Micro Hei\"}</style></head><body>"
            + string.Concat(Enumerable.Repeat(page, 300)) + "</body></html>";
        var pdf = await printer.PrintAsync(html, "A4", false, CancellationToken.None, documents: 300);
        using var doc = PdfDocument.Open(pdf);
        Assert.That(doc.NumberOfPages, Is.GreaterThanOrEqualTo(300));
    }
}
