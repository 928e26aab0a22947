using System.IO.Compression;

namespace PostalCrm.Sdk.Excel;

public sealed class ExcelReadOptions
{
    /// <summary>Zip-bomb guard: the workbook's parts may not inflate beyond this.</summary>
    public long MaxUncompressedBytes { get; init; } = 200L * 1024 * 1024;
    /// <summary>Errors kept for the report; all are still counted.</summary>
    public int MaxReportedErrors { get; init; } = 1000;
}

/// <summary>
/// Reads the data sheet of an uploaded template, by name, with a lean reader of the sheet XML (<see cref="XlsxSheetReader"/>):
/// rows are streamed from the zip with nothing allocated per row beyond the cells' values (memory stays flat for 100,000
/// rows, unlike ClosedXML which loads the whole workbook, and a small fraction of MiniExcel's per-row garbage), and no
/// other sheet — in particular 格式说明 — is ever parsed. Formulas are read as their cached values. Row 1 is the header, matched by text (a trailing * ignored, order free, extra columns
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

        if (XlsxPackage.Check(xlsx, _options.MaxUncompressedBytes) is { } packageError)
        {
            errors.Add(0, "", packageError);
            return Done();
        }
        using var rows = SafeRows.Open(xlsx, spec.SheetName, out var fileError);
        if (rows is null)
        {
            errors.Add(0, "", fileError!);
            return Done();
        }

        // Row 1: the header. A sheet whose first row element is further down has an empty header (every column missing).
        if (!rows.MoveNext())
        {
            errors.Add(rows.Error is null ? 1 : 0, "", rows.Error ?? $"工作表「{spec.SheetName}」是空的,缺少表头行");
            return Done();
        }
        var header = new object?[XlsxSheetReader.MaxColumns];
        if (rows.RowNumber == 1 && !rows.ReadCells(header))
        {
            errors.Add(0, "", rows.Error!);
            return Done();
        }
        var columns = MatchHeader(header, errors);
        if (errors.Count > 0) return Done();
        var cells = new object?[columns.Max() + 1];

        var rowNumber = 1;
        while (rows.MoveNext() && rows.ReadCells(cells))
        {
            rowNumber = rows.RowNumber;
            var raw = new object?[columns.Length];
            var blank = true;
            for (var i = 0; i < columns.Length; i++)
            {
                raw[i] = cells[columns[i]];
                blank &= ExcelCellParser.IsBlank(raw[i]);
            }
            if (blank) continue;
            rowCount++;

            var values = new object?[columns.Length];
            var rowOk = true;
            for (var i = 0; i < columns.Length; i++)
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
        if (rows.Error is { } readError) errors.Add(Math.Max(rowNumber + 1, rows.RowNumber), "", readError);
        else if (rowCount == 0 && errors.Count == 0) errors.Add(0, "", $"工作表「{spec.SheetName}」中没有数据行");
        return Done();
    }

    /// <summary>Column index (A = 0) of each spec column, in spec order; missing or duplicated headers are reported on row 1.</summary>
    private int[] MatchHeader(object?[] header, ExcelErrorSink errors)
    {
        var byText = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var column = 0; column < header.Length; column++)
        {
            if (header[column] is not { } value) continue;
            var text = ExcelSheetSpec.NormalizeHeader(Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture));
            if (text.Length == 0) continue;
            if (!byText.TryAdd(text, column) && spec.Columns.Any(c => c.Header == text))
                errors.Add(1, text, "表头中此列出现了不止一次");
        }
        var columns = new int[spec.Columns.Count];
        for (var i = 0; i < columns.Length; i++)
        {
            if (byText.TryGetValue(spec.Columns[i].Header, out var column)) columns[i] = column;
            else errors.Add(1, spec.Columns[i].Header, "缺少此列,请使用下载的模板,不要修改表头");
        }
        return columns;
    }

    /// <summary>The sheet's rows, with a parse failure half-way (corrupt XML, bad zip entry) turned into a message.</summary>
    private sealed class SafeRows : IDisposable
    {
        private readonly XlsxSheetReader _reader;
        private SafeRows(XlsxSheetReader reader) => _reader = reader;

        public string? Error { get; private set; }
        public int RowNumber => _reader.RowNumber;

        /// <summary>The rows of the sheet with this name, or null and why not (sheet missing, workbook unreadable).</summary>
        public static SafeRows? Open(Stream xlsx, string sheetName, out string? error)
        {
            error = null;
            ZipArchive? zip = null;
            try
            {
                xlsx.Position = 0;
                zip = new ZipArchive(xlsx, ZipArchiveMode.Read, leaveOpen: true);
                List<string> names;
                try
                {
                    names = XlsxSheetReader.SheetNames(zip);
                }
                catch (Exception e) when (IsContentError(e))
                {
                    error = "文件已损坏,不是有效的 Excel (.xlsx) 文件";
                    return null;
                }
                if (!names.Contains(sheetName, StringComparer.Ordinal))
                {
                    error = $"找不到工作表「{sheetName}」(文件中有:{string.Join("、", names)}),请使用下载的模板";
                    return null;
                }
                var rows = new SafeRows(XlsxSheetReader.Open(zip, sheetName));
                zip = null; // the reader owns it now
                return rows;
            }
            catch (Exception e) when (IsContentError(e))
            {
                error = "文件内容已损坏,无法读取:" + e.Message;
                return null;
            }
            finally
            {
                zip?.Dispose();
            }
        }

        public bool MoveNext()
        {
            if (Error is not null) return false;
            try
            {
                return _reader.MoveNext();
            }
            catch (Exception e) when (IsContentError(e))
            {
                Error = "文件内容已损坏,无法读取:" + e.Message;
                return false;
            }
        }

        /// <summary>The current row's cells; false (and <see cref="Error"/>) when they cannot be read.</summary>
        public bool ReadCells(object?[] cells)
        {
            try
            {
                _reader.ReadCells(cells);
                return true;
            }
            catch (Exception e) when (IsContentError(e))
            {
                Error = "文件内容已损坏,无法读取:" + e.Message;
                return false;
            }
        }

        public void Dispose() => _reader.Dispose();

        /// <summary>What a malformed workbook makes the parsers throw (not cancellation, not out-of-memory).</summary>
        public static bool IsContentError(Exception e) =>
            e is InvalidDataException or System.Xml.XmlException or InvalidOperationException or FormatException
                or InvalidCastException or KeyNotFoundException or IndexOutOfRangeException or ArgumentException
                or IOException or NotSupportedException or OverflowException;
    }
}
