using System.IO.Compression;
using ClosedXML.Excel;
using PostalCrm.Sdk.Excel;

namespace PostalCrm.Sdk.Tests;

public class ExcelExportTests
{
    private static readonly ExcelSheetSpec Spec = new("客户清单",
    [
        ExcelColumn.Text("客户名称", "name") with { Width = 30 },
        ExcelColumn.Money("年收入", "revenue"),
        ExcelColumn.Date("建档日期", "since"),
        ExcelColumn.WholeNumber("员工人数", "staff"),
        ExcelColumn.Boolean("综合客户", "comprehensive"),
    ]);

    private static object?[] Row(string? name) => [name, 12345678.91m, new DateOnly(2024, 3, 5), 42L, true];

    [TestCase("=1+2")]
    [TestCase("+86 27 8888 6666")]
    [TestCase("-5")]
    [TestCase("@SUM(A1)")]
    [TestCase("=HYPERLINK(\"http://evil\",\"点我\")")]
    public void Formula_like_text_is_exported_as_escaped_text(string dangerous)
    {
        var bytes = ExcelExporter.ToBytes(Spec, [Row(dangerous), Row("华信物流")]);

        using var workbook = new XLWorkbook(new MemoryStream(bytes));
        var cell = workbook.Worksheet("客户清单").Cell(2, 1);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(cell.HasFormula, Is.False);
            Assert.That(cell.DataType, Is.EqualTo(XLDataType.Text));
            Assert.That(cell.GetString(), Is.EqualTo("'" + dangerous));
            Assert.That(workbook.Worksheet("客户清单").Cell(3, 1).GetString(), Is.EqualTo("华信物流"), "ordinary text untouched");
        }
        Assert.That(SheetXml(bytes), Does.Not.Match("<(x:)?f[ >]"), "no formula element anywhere in the sheet");
    }

    [Test]
    public void Export_is_formatted_with_header_widths_and_number_formats()
    {
        var bytes = ExcelExporter.ToBytes(Spec, [Row("华信物流"), [null, null, null, null, false]]);

        using var workbook = new XLWorkbook(new MemoryStream(bytes));
        var sheet = workbook.Worksheet("客户清单");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(sheet.Row(1).Cells(1, 5).Select(c => c.GetString()), Is.EqualTo(new[] { "客户名称", "年收入", "建档日期", "员工人数", "综合客户" }));
            Assert.That(sheet.Cell(1, 1).Style.Fill.BackgroundColor, Is.Not.EqualTo(XLColor.NoColor), "styled header");
            Assert.That(sheet.SheetView.SplitRow, Is.EqualTo(1), "header frozen");
            Assert.That(sheet.Column(1).Width, Is.EqualTo(30).Within(1));
            Assert.That(sheet.Column(2).Width, Is.EqualTo(Spec.Columns[1].EffectiveWidth).Within(1));

            Assert.That(sheet.Cell(2, 2).GetValue<decimal>(), Is.EqualTo(12345678.91m));
            Assert.That(sheet.Cell(2, 2).Style.NumberFormat.Format, Is.EqualTo("#,##0.00"));
            Assert.That(sheet.Cell(2, 3).DataType, Is.EqualTo(XLDataType.DateTime));
            Assert.That(sheet.Cell(2, 3).GetDateTime(), Is.EqualTo(new DateTime(2024, 3, 5)));
            Assert.That(sheet.Cell(2, 3).Style.NumberFormat.Format, Is.EqualTo("yyyy-mm-dd"));
            Assert.That(sheet.Cell(2, 4).GetValue<long>(), Is.EqualTo(42));
            Assert.That(sheet.Cell(2, 5).GetString(), Is.EqualTo("是"));
            Assert.That(sheet.Cell(3, 1).IsEmpty(), Is.True);
            Assert.That(sheet.Cell(3, 5).GetString(), Is.EqualTo("否"));
        }
    }

    [Test]
    public void An_export_reads_back_through_the_importer()
    {
        var bytes = ExcelExporter.ToBytes(Spec, [Row("华信物流"), ["邮储银行", 0.1m, new DateTime(2023, 12, 31), null, false]]);
        var result = new ExcelRowReader(Spec).Read(new MemoryStream(bytes),
            r => (r.Text("name"), r.Number("revenue"), r.Date("since"), r.WholeNumber("staff"), r.Boolean("comprehensive")));

        Assert.That(result.Errors, Is.Empty);
        Assert.That(result.Items, Is.EqualTo(new[]
        {
            ("华信物流", (decimal?)12345678.91m, (DateOnly?)new DateOnly(2024, 3, 5), (long?)42, (bool?)true),
            ("邮储银行", 0.1m, new DateOnly(2023, 12, 31), null, false),
        }));
    }

    [Test]
    public void An_empty_export_still_has_its_header()
    {
        using var workbook = new XLWorkbook(new MemoryStream(ExcelExporter.ToBytes(Spec, [])));
        var sheet = workbook.Worksheet("客户清单");
        Assert.That(sheet.Row(1).Cells(1, 5).Select(c => c.GetString()), Is.EqualTo(new[] { "客户名称", "年收入", "建档日期", "员工人数", "综合客户" }));
        Assert.That(sheet.LastRowUsed()!.RowNumber(), Is.EqualTo(1));
    }

    [Test]
    public async Task WriteAsync_streams_to_a_body_that_refuses_synchronous_writes()
    {
        using var body = new AsyncOnlyWriteStream();
        Assert.Throws<InvalidOperationException>(() => ExcelExporter.Write(body, Spec, [Row("华信物流")]), "MiniExcel alone writes synchronously");

        await ExcelExporter.WriteAsync(body, Spec, [Row("=1+2")]);
        body.Written.Position = 0;
        using var workbook = new XLWorkbook(body.Written);
        Assert.That(workbook.Worksheet("客户清单").Cell(2, 1).GetString(), Is.EqualTo("'=1+2"));
    }

    [Test]
    public void A_row_with_the_wrong_number_of_values_is_a_programming_error() =>
        Assert.Throws<ArgumentException>(() => ExcelExporter.ToBytes(Spec, [new object?[] { "只有一个值" }]));

    [TestCase("=1", "'=1")]
    [TestCase("+1", "'+1")]
    [TestCase("-1", "'-1")]
    [TestCase("@a", "'@a")]
    [TestCase("\tx", "'\tx")]
    [TestCase("a=1", "a=1")]
    [TestCase("华信", "华信")]
    [TestCase("", "")]
    [TestCase(null, null)]
    public void EscapeText(string? input, string? expected) => Assert.That(ExcelExporter.EscapeText(input), Is.EqualTo(expected));

    private static string SheetXml(byte[] xlsx)
    {
        using var zip = new ZipArchive(new MemoryStream(xlsx));
        using var reader = new StreamReader(zip.GetEntry("xl/worksheets/sheet1.xml")!.Open());
        return reader.ReadToEnd();
    }
}
