namespace PostalCrm.Sdk.Excel;

/// <summary>
/// One problem in an uploaded workbook. <see cref="Row"/> is the Excel row number the user sees (the header is row 1);
/// 0 means the file as a whole (not an xlsx, too large, sheet missing). <see cref="Column"/> is the header text.
/// </summary>
public sealed record ExcelError(int Row, string Column, string Message)
{
    /// <summary>E.g. "第 5 行 [联系电话]: 必填".</summary>
    public override string ToString() => (Row, Column.Length) switch
    {
        (0, 0) => Message,
        (0, _) => $"[{Column}]: {Message}",
        (_, 0) => $"第 {Row} 行: {Message}",
        _ => $"第 {Row} 行 [{Column}]: {Message}",
    };
}

/// <summary>Outcome of reading an import: rows read, every error counted, the first ones kept for the report.</summary>
public class ExcelReadResult
{
    internal ExcelReadResult(int rowCount, int errorCount, IReadOnlyList<ExcelError> errors)
    {
        RowCount = rowCount;
        ErrorCount = errorCount;
        Errors = errors;
    }

    /// <summary>Data rows read (fully empty rows are skipped and not counted).</summary>
    public int RowCount { get; }
    /// <summary>All errors found, also those beyond <see cref="ExcelReadOptions.MaxReportedErrors"/>.</summary>
    public int ErrorCount { get; }
    /// <summary>The first errors in file order, at most <see cref="ExcelReadOptions.MaxReportedErrors"/>.</summary>
    public IReadOnlyList<ExcelError> Errors { get; }
    /// <summary>Every row passed: only then may anything be imported (imports are all-or-nothing).</summary>
    public bool Succeeded => ErrorCount == 0;
    public bool ErrorsTruncated => ErrorCount > Errors.Count;
}

/// <summary>A read whose rows were mapped to <typeparamref name="T"/>. <see cref="Items"/> is empty unless <see cref="ExcelReadResult.Succeeded"/>.</summary>
public sealed class ExcelReadResult<T> : ExcelReadResult
{
    internal ExcelReadResult(int rowCount, int errorCount, IReadOnlyList<ExcelError> errors, IReadOnlyList<T> items)
        : base(rowCount, errorCount, errors) => Items = items;

    public IReadOnlyList<T> Items { get; }
}

/// <summary>Counts every error, keeps the first <c>cap</c>.</summary>
internal sealed class ExcelErrorSink(int cap)
{
    private readonly List<ExcelError> _kept = [];
    public int Count { get; private set; }
    public IReadOnlyList<ExcelError> Kept => _kept;

    public void Add(int row, string column, string message)
    {
        Count++;
        if (_kept.Count < cap) _kept.Add(new ExcelError(row, column, message));
    }
}
