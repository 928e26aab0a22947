using MiniExcelLibs;
using MiniExcelLibs.OpenXml;

namespace PostalCrm.Sdk.Excel;

public sealed class ExcelReadOptions
{
    /// <summary>Zip-bomb guard: the workbook's parts may not inflate beyond this.</summary>
    public long MaxUncompressedBytes { get; init; } = 200L * 1024 * 1024;
    /// <summary>Errors kept for the report; all are still counted.</summary>
    public int MaxReportedErrors { get; init; } = 1000;
}

/// <summary>
/// Reads the data sheet of an uploaded template, by name, with MiniExcel: rows are streamed from the zip (memory stays
/// flat for 100,000 rows, unlike ClosedXML which loads the whole workbook) and no other sheet — in particular
/// 格式说明 — is ever parsed. Row 1 is the header, matched by text (a trailing * ignored, order free, extra columns
/// ignored); every following non-empty row is validated against the <see cref="ExcelSheetSpec"/>.
/// Problems with the file itself (not an xlsx, zip bomb, sheet or column missing, corrupt content) come back as errors,
/// never as exceptions; exceptions thrown by the caller's map function are the caller's and propagate.
/// <code>
/// var result = new ExcelRowReader(spec).Read(upload, row => new Usage(row.Text("number")!, row.Number("amount")!.Value));
/// if (!result.Succeeded) return File(ExcelErrorReport.ToBytes(result), ExcelExporter.ContentType, "错误报告.xlsx");
/// </code>
/// </summary>
public sealed class ExcelRowReader(ExcelSheetSpec spec, ExcelReadOptions? options = null)
{
    private readonly ExcelReadOptions _options = options ?? new ExcelReadOptions();

    /// <summary>Validates every row without mapping (e.g. a "check only" button).</summary>
    public ExcelReadResult Read(Stream xlsx) => Read<object?>(xlsx, _ => null);

    /// <summary>
    /// Validates every row; rows that pass are handed to <paramref name="map"/>, which may add its own errors through
    /// <see cref="ExcelRow.AddError(string, string)"/>. The mapped items are returned only when no row has any error
    /// (all-or-nothing); after the first error they are no longer kept. <paramref name="xlsx"/> should be seekable (a
    /// form upload or a file is); otherwise it is first copied to a temporary file.
    /// </summary>
    public ExcelReadResult<T> Read<T>(Stream xlsx, Func<ExcelRow, T> map)
    {
        ArgumentNullException.ThrowIfNull(xlsx);
        ArgumentNullException.ThrowIfNull(map);
        if (xlsx.CanSeek) return ReadSeekable(xlsx, map);
        using var buffered = new FileStream(Path.GetTempFileName(), FileMode.Create, FileAccess.ReadWrite, FileShare.None, 81920, FileOptions.DeleteOnClose);
        xlsx.CopyTo(buffered);
        return ReadSeekable(buffered, map);
    }

    private ExcelReadResult<T> ReadSeekable<T>(Stream xlsx, Func<ExcelRow, T> map)
    {
        var errors = new ExcelErrorSink(_options.MaxReportedErrors);
        var items = new List<T>();
        var rowCount = 0;
        ExcelReadResult<T> Done() => new(rowCount, errors.Count, errors.Kept, errors.Count == 0 ? items : []);

        if ((XlsxPackage.Check(xlsx, _options.MaxUncompressedBytes) ?? CheckSheetExists(xlsx)) is { } fileError)
        {
            errors.Add(0, "", fileError);
            return Done();
        }

        using var rows = new SafeRows(MiniExcel.Query(xlsx, useHeaderRow: false, sheetName: spec.SheetName, excelType: ExcelType.XLSX,
            configuration: new OpenXmlConfiguration { FillMergedCells = false, IgnoreEmptyRows = false }).GetEnumerator());

        // Row 1: the header. MiniExcel yields one dictionary per sheet row (column letter → value), empty rows included,
        // so the n-th row yielded is Excel row n.
        if (!rows.MoveNext(out var header))
        {
            errors.Add(rows.Error is null ? 1 : 0, "", rows.Error ?? $"工作表「{spec.SheetName}」是空的,缺少表头行");
            return Done();
        }
        var letters = MatchHeader(header!, errors);
        if (errors.Count > 0) return Done();

        var rowNumber = 1;
        while (rows.MoveNext(out var cells))
        {
            rowNumber++;
            var raw = new object?[letters.Length];
            var blank = true;
            for (var i = 0; i < letters.Length; i++)
            {
                raw[i] = cells!.TryGetValue(letters[i], out var v) ? v : null;
                blank &= ExcelCellParser.IsBlank(raw[i]);
            }
            if (blank) continue;
            rowCount++;

            var values = new object?[letters.Length];
            var rowOk = true;
            for (var i = 0; i < letters.Length; i++)
            {
                if (ExcelCellParser.Parse(spec.Columns[i], raw[i], out values[i]) is { } message)
                {
                    errors.Add(rowNumber, spec.Columns[i].Header, message);
                    rowOk = false;
                }
            }
            if (!rowOk) continue;

            var row = new ExcelRow(spec, rowNumber, values, errors);
            var item = map(row);
            if (errors.Count == 0) items.Add(item);
            else if (items.Count > 0) items = [];
        }
        if (rows.Error is { } readError) errors.Add(rowNumber + 1, "", readError);
        else if (rowCount == 0 && errors.Count == 0) errors.Add(0, "", $"工作表「{spec.SheetName}」中没有数据行");
        return Done();
    }

    private string? CheckSheetExists(Stream xlsx)
    {
        try
        {
            var names = MiniExcel.GetSheetNames(xlsx);
            return names.Contains(spec.SheetName, StringComparer.Ordinal) ? null
                : $"找不到工作表「{spec.SheetName}」(文件中有:{string.Join("、", names)}),请使用下载的模板";
        }
        catch (Exception e) when (SafeRows.IsContentError(e))
        {
            return "文件已损坏,不是有效的 Excel (.xlsx) 文件";
        }
        finally
        {
            xlsx.Position = 0;
        }
    }

    /// <summary>Column letter of each spec column, in spec order; missing or duplicated headers are reported on row 1.</summary>
    private string[] MatchHeader(IDictionary<string, object?> header, ExcelErrorSink errors)
    {
        var byText = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (letter, value) in header)
        {
            var text = ExcelSheetSpec.NormalizeHeader(Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture));
            if (text.Length == 0) continue;
            if (!byText.TryAdd(text, letter) && spec.Columns.Any(c => c.Header == text))
                errors.Add(1, text, "表头中此列出现了不止一次");
        }
        var letters = new string[spec.Columns.Count];
        for (var i = 0; i < letters.Length; i++)
        {
            if (byText.TryGetValue(spec.Columns[i].Header, out var letter)) letters[i] = letter;
            else errors.Add(1, spec.Columns[i].Header, "缺少此列,请使用下载的模板,不要修改表头");
        }
        return letters;
    }

    /// <summary>MiniExcel's lazy rows, with a parse failure half-way (corrupt XML, bad zip entry) turned into a message.</summary>
    private sealed class SafeRows(IEnumerator<dynamic> inner) : IDisposable
    {
        public string? Error { get; private set; }

        public bool MoveNext(out IDictionary<string, object?>? row)
        {
            row = null;
            if (Error is not null) return false;
            try
            {
                if (!inner.MoveNext()) return false;
                row = (IDictionary<string, object?>)inner.Current;
                return true;
            }
            catch (Exception e) when (IsContentError(e))
            {
                Error = "文件内容已损坏,无法读取:" + e.Message;
                return false;
            }
        }

        public void Dispose() => inner.Dispose();

        /// <summary>What a malformed workbook makes the parsers throw (not cancellation, not out-of-memory).</summary>
        public static bool IsContentError(Exception e) =>
            e is InvalidDataException or System.Xml.XmlException or InvalidOperationException or FormatException
                or InvalidCastException or KeyNotFoundException or IndexOutOfRangeException or ArgumentException
                or IOException or NotSupportedException or OverflowException;
    }
}
