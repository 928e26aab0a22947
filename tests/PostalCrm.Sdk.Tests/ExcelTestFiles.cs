using ClosedXML.Excel;
using MiniExcelLibs;
using PostalCrm.Sdk.Excel;

namespace PostalCrm.Sdk.Tests;

/// <summary>Specs and workbook builders shared by the Excel tests.</summary>
internal static class ExcelTestFiles
{
    public static readonly ExcelSheetSpec CustomerSpec = new("客户",
    [
        ExcelColumn.Text("客户名称", "name", required: true, maxLength: 10),
        ExcelColumn.Text("联系电话", "phone", required: true, maxLength: 20) with { Example = "027-88886666", Description = "座机或手机" },
        ExcelColumn.Text("客户级别", "level", allowedValues: ["A", "B", "C"]),
        ExcelColumn.WholeNumber("员工人数", "staff", min: 0),
        ExcelColumn.Money("年收入", "revenue", min: 0),
        ExcelColumn.Date("建档日期", "since"),
        ExcelColumn.Boolean("综合客户", "comprehensive"),
    ]);

    public sealed record Customer(string Name, string Phone, string? Level, long? Staff, decimal? Revenue, DateOnly? Since, bool? Comprehensive);

    public static Customer ToCustomer(ExcelRow row) => new(row.Text("name")!, row.Text("phone")!, row.Text("level"),
        row.WholeNumber("staff"), row.Number("revenue"), row.Date("since"), row.Boolean("comprehensive"));

    /// <summary>The real template, filled in with ClosedXML the way a user would in Excel.</summary>
    public static MemoryStream FilledTemplate(Action<IXLWorksheet> fill, Action<XLWorkbook>? more = null)
    {
        using var template = new MemoryStream(ExcelTemplateWriter.ToBytes(CustomerSpec));
        using var workbook = new XLWorkbook(template);
        fill(workbook.Worksheet(CustomerSpec.SheetName));
        more?.Invoke(workbook);
        var output = new MemoryStream();
        workbook.SaveAs(output);
        output.Position = 0;
        return output;
    }

    /// <summary>Sets a row of the customer sheet: strings as text, numbers as numbers, DateTime as an Excel date.</summary>
    public static void SetRow(IXLWorksheet sheet, int row, params object?[] values)
    {
        for (var i = 0; i < values.Length; i++)
        {
            var cell = sheet.Cell(row, i + 1);
            switch (values[i])
            {
                case null: cell.Clear(); break;
                case string s: cell.SetValue(s); break;
                case double d: cell.SetValue(d); cell.Style.NumberFormat.Format = "General"; break;
                case DateTime dt: cell.SetValue(dt); cell.Style.NumberFormat.Format = "yyyy-mm-dd"; break;
                default: throw new ArgumentException(values[i]!.GetType().Name);
            }
        }
    }

    public static readonly object?[] ValidRow = ["华信物流", "027-88886666", "A", 120d, 12345678.91, new DateTime(2024, 3, 5), "是"];

    /// <summary>A single-sheet workbook written by MiniExcel: header = the dictionaries' keys.</summary>
    public static MemoryStream MiniSheet(string sheetName, IEnumerable<Dictionary<string, object?>> rows)
    {
        var output = new MemoryStream();
        MiniExcel.SaveAs(output, rows, sheetName: sheetName);
        output.Position = 0;
        return output;
    }

    public static Dictionary<string, object?> CustomerCells(string? name = "华信物流", string? phone = "027-88886666", object? revenue = null,
        object? since = null) => new()
    {
        ["客户名称*"] = name, ["联系电话*"] = phone, ["客户级别"] = null, ["员工人数"] = null,
        ["年收入"] = revenue, ["建档日期"] = since, ["综合客户"] = null,
    };

    public static ExcelReadResult<Customer> ReadCustomers(Stream xlsx, ExcelReadOptions? options = null) =>
        new ExcelRowReader(CustomerSpec, options).Read(xlsx, ToCustomer);
}

/// <summary>A stream like a network body: forward-only.</summary>
internal sealed class ForwardOnlyStream(byte[] bytes) : Stream
{
    private readonly MemoryStream _inner = new(bytes);
    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
    public override int Read(byte[] buffer, int offset, int count) => _inner.Read(buffer, offset, count);
    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    protected override void Dispose(bool disposing)
    {
        if (disposing) _inner.Dispose();
        base.Dispose(disposing);
    }
}

/// <summary>A response body as Kestrel gives it: synchronous writes throw.</summary>
internal sealed class AsyncOnlyWriteStream : Stream
{
    public MemoryStream Written { get; } = new();
    public override bool CanRead => false;
    public override bool CanSeek => false;
    public override bool CanWrite => true;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    public override void Flush() => throw new InvalidOperationException("Synchronous operations are disallowed.");
    public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new InvalidOperationException("Synchronous operations are disallowed.");
    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        Written.WriteAsync(buffer, offset, count, cancellationToken);
    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default) =>
        Written.WriteAsync(buffer, cancellationToken);
    protected override void Dispose(bool disposing)
    {
        if (disposing) Written.Dispose();
        base.Dispose(disposing);
    }
}
