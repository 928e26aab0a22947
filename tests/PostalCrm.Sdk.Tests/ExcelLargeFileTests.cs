using System.Diagnostics;
using MiniExcelLibs;
using PostalCrm.Sdk.Excel;

namespace PostalCrm.Sdk.Tests;

/// <summary>A usage import of 100,000 rows (F-5.5), read in one streamed pass. Timings are printed, never asserted (benchmarks own speed).</summary>
public class ExcelLargeFileTests
{
    private const int Rows = 100_000;

    private static readonly ExcelSheetSpec Usage = new("用邮数据",
    [
        ExcelColumn.Text("大客户号", "number", required: true, maxLength: 20),
        ExcelColumn.Date("用邮日期", "date", required: true),
        ExcelColumn.Text("产品线", "product", required: true, allowedValues: ["函件", "包裹", "EMS"]),
        ExcelColumn.WholeNumber("业务量", "volume", required: true, min: 0),
        ExcelColumn.Money("实收金额", "revenue", required: true, min: 0),
    ]);

    private sealed record UsageRow(string Number, DateOnly Date, string Product, long Volume, decimal Revenue);

    private static IEnumerable<Dictionary<string, object?>> Generate()
    {
        string[] products = ["函件", "包裹", "EMS"];
        var start = new DateTime(2024, 1, 1);
        for (var i = 0; i < Rows; i++)
            yield return new()
            {
                ["大客户号*"] = $"KA{i:D8}", ["用邮日期*"] = start.AddDays(i % 366), ["产品线*"] = products[i % 3],
                ["业务量*"] = i % 500, ["实收金额*"] = (i % 100_000) / 100m + 0.01m,
            };
    }

    [Test]
    public void Reads_100k_rows_streamed_from_the_data_sheet()
    {
        var path = Path.Combine(Path.GetTempPath(), $"usage-{Guid.NewGuid():N}.xlsx");
        try
        {
            MiniExcel.SaveAs(path, Generate(), sheetName: "用邮数据");
            using var file = File.OpenRead(path);

            var watch = Stopwatch.StartNew();
            var result = new ExcelRowReader(Usage).Read(file, r =>
                new UsageRow(r.Text("number")!, r.Date("date")!.Value, r.Text("product")!, r.WholeNumber("volume")!.Value, r.Number("revenue")!.Value));
            watch.Stop();

            Assert.That(result.Errors, Is.Empty);
            using (Assert.EnterMultipleScope())
            {
                Assert.That(result.RowCount, Is.EqualTo(Rows));
                Assert.That(result.Items, Has.Count.EqualTo(Rows));
                Assert.That(result.Items[0], Is.EqualTo(new UsageRow("KA00000000", new DateOnly(2024, 1, 1), "函件", 0, 0.01m)));
                Assert.That(result.Items[^1], Is.EqualTo(new UsageRow("KA00099999", new DateOnly(2024, 1, 1).AddDays(99_999 % 366), "函件", 99_999 % 500, 1000.00m)));
                Assert.That(result.Items.Sum(u => u.Revenue), Is.EqualTo(Enumerable.Range(0, Rows).Sum(i => (i % 100_000) / 100m + 0.01m)));
            }
            TestContext.Out.WriteLine($"read {Rows:N0} rows ({new FileInfo(path).Length / 1024:N0} KB) in {watch.ElapsedMilliseconds:N0} ms = "
                + $"{Rows / watch.Elapsed.TotalSeconds:N0} rows/s; peak working set {Process.GetCurrentProcess().PeakWorkingSet64 / 1024 / 1024:N0} MB");
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Test]
    public void One_bad_row_among_100k_fails_the_import_with_its_row_number()
    {
        var path = Path.Combine(Path.GetTempPath(), $"usage-{Guid.NewGuid():N}.xlsx");
        try
        {
            MiniExcel.SaveAs(path, Generate().Select((row, i) =>
            {
                if (i == 77_776) row["产品线*"] = "快递包裹";
                return row;
            }), sheetName: "用邮数据");
            using var file = File.OpenRead(path);
            var result = new ExcelRowReader(Usage).Read(file, r => r.Text("number"));

            Assert.That(result.Errors, Is.EqualTo(new[] { new ExcelError(77_778, "产品线", "只能填写以下值之一:函件、包裹、EMS") }));
            Assert.That(result.Items, Is.Empty);
            Assert.That(result.RowCount, Is.EqualTo(Rows));
        }
        finally
        {
            File.Delete(path);
        }
    }
}
