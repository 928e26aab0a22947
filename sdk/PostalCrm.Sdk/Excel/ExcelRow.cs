namespace PostalCrm.Sdk.Excel;

/// <summary>
/// One validated data row, typed by its <see cref="ExcelSheetSpec"/>: empty cells are null. Handed to the map function of
/// <see cref="ExcelRowReader.Read{T}"/>, which may add its own checks (e.g. "大客户号不存在") with <see cref="AddError"/>.
/// </summary>
public sealed class ExcelRow
{
    private readonly ExcelSheetSpec _spec;
    private readonly object?[] _values;
    private readonly ExcelErrorSink _errors;

    internal ExcelRow(ExcelSheetSpec spec, int rowNumber, object?[] values, ExcelErrorSink errors)
    {
        _spec = spec;
        RowNumber = rowNumber;
        _values = values;
        _errors = errors;
    }

    /// <summary>The Excel row number the user sees (header = 1).</summary>
    public int RowNumber { get; }
    public bool HasErrors { get; private set; }

    /// <summary>The typed value (string, long, decimal, DateOnly or bool) or null.</summary>
    public object? this[string key] => _values[_spec.IndexOf(key)];

    public string? Text(string key) => (string?)Get(key, ExcelValueType.Text);
    public long? WholeNumber(string key) => (long?)Get(key, ExcelValueType.WholeNumber);
    public decimal? Number(string key) => (decimal?)Get(key, ExcelValueType.Number);
    public DateOnly? Date(string key) => (DateOnly?)Get(key, ExcelValueType.Date);
    public bool? Boolean(string key) => (bool?)Get(key, ExcelValueType.Boolean);

    /// <summary>Reports a problem with this row's cell, exactly like a type error; the row then is not imported, nor is any other.</summary>
    public void AddError(string key, string message)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(message);
        HasErrors = true;
        _errors.Add(RowNumber, _spec.Columns[_spec.IndexOf(key)].Header, message);
    }

    /// <summary>Reports a problem with the row as a whole (e.g. "与第 3 行重复").</summary>
    public void AddError(string message)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(message);
        HasErrors = true;
        _errors.Add(RowNumber, "", message);
    }

    private object? Get(string key, ExcelValueType type)
    {
        var i = _spec.IndexOf(key);
        if (_spec.Columns[i].Type != type)
            throw new InvalidOperationException($"列 \"{key}\" 的类型是 {_spec.Columns[i].Type},不是 {type}");
        return _values[i];
    }
}
