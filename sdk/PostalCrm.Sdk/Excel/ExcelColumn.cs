using System.Globalization;

namespace PostalCrm.Sdk.Excel;

/// <summary>What a cell holds once read: the .NET type a row accessor returns is noted on each member.</summary>
public enum ExcelValueType
{
    /// <summary><see cref="string"/>; numbers typed into a text column are read as their digits.</summary>
    Text,
    /// <summary><see cref="long"/>.</summary>
    WholeNumber,
    /// <summary><see cref="decimal"/> (money, volumes): exact, never binary floating point; <see cref="ExcelColumn.DecimalPlaces"/> digits at most.</summary>
    Number,
    /// <summary><see cref="DateOnly"/>: a real Excel date or text yyyy-MM-dd / yyyy/M/d.</summary>
    Date,
    /// <summary><see cref="bool"/>: 是 / 否 (also Y / N).</summary>
    Boolean,
}

/// <summary>
/// One column of an import template or an export: the header users see, the key code uses, the type and the checks.
/// Build with the factories and adjust with <c>with</c>:
/// <c>ExcelColumn.Text("联系电话", "phone", required: true, maxLength: 20) with { Example = "027-88886666" }</c>.
/// </summary>
public sealed record ExcelColumn
{
    public ExcelColumn(string header, string key, ExcelValueType type)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(header);
        ArgumentException.ThrowIfNullOrWhiteSpace(key);
        if (ExcelSheetSpec.NormalizeHeader(header) != header)
            throw new ArgumentException($"列名 \"{header}\" 不能有首尾空格或结尾的 *(必填标记由模板自动加上)", nameof(header));
        Header = header;
        Key = key;
        Type = type;
    }

    /// <summary>Header text in the data sheet (Chinese). A trailing * marks required columns in templates; it is not part of this text.</summary>
    public string Header { get; }
    /// <summary>The name code uses to get the value (<see cref="ExcelRow.Text"/> etc.).</summary>
    public string Key { get; }
    public ExcelValueType Type { get; }
    public bool Required { get; init; }
    /// <summary>Text: maximum number of characters.</summary>
    public int? MaxLength { get; init; }
    /// <summary>Text: the only values accepted (exact match after trimming).</summary>
    public IReadOnlyList<string>? AllowedValues { get; init; }
    /// <summary>WholeNumber and Number: inclusive bounds.</summary>
    public decimal? Min { get; init; }
    public decimal? Max { get; init; }
    /// <summary>Number: most digits after the point accepted on import and shown on export (money: 2).</summary>
    public int DecimalPlaces { get; init; } = 2;
    /// <summary>For the 格式说明 sheet.</summary>
    public string? Description { get; init; }
    public string? Example { get; init; }
    /// <summary>Column width in Excel character units; a default by type when not set (ClosedXML cannot auto-fit here).</summary>
    public double? Width { get; init; }

    public static ExcelColumn Text(string header, string key, bool required = false, int? maxLength = null, IReadOnlyList<string>? allowedValues = null) =>
        new(header, key, ExcelValueType.Text) { Required = required, MaxLength = maxLength, AllowedValues = allowedValues };

    public static ExcelColumn WholeNumber(string header, string key, bool required = false, decimal? min = null, decimal? max = null) =>
        new(header, key, ExcelValueType.WholeNumber) { Required = required, Min = min, Max = max };

    public static ExcelColumn Number(string header, string key, bool required = false, int decimalPlaces = 2, decimal? min = null, decimal? max = null) =>
        new(header, key, ExcelValueType.Number) { Required = required, DecimalPlaces = decimalPlaces, Min = min, Max = max };

    /// <summary>An amount in yuan: a number with at most 2 decimals (分).</summary>
    public static ExcelColumn Money(string header, string key, bool required = false, decimal? min = null) =>
        Number(header, key, required, 2, min);

    public static ExcelColumn Date(string header, string key, bool required = false) =>
        new(header, key, ExcelValueType.Date) { Required = required };

    public static ExcelColumn Boolean(string header, string key, bool required = false) =>
        new(header, key, ExcelValueType.Boolean) { Required = required };

    /// <summary>The width actually written: <see cref="Width"/>, or enough for the header and a typical value.</summary>
    public double EffectiveWidth => Width ?? Math.Max(DisplayWidth(Header) + 4, Type switch
    {
        ExcelValueType.Text => Math.Clamp((MaxLength ?? 20) + 2, 10, 50),
        ExcelValueType.WholeNumber => 12,
        ExcelValueType.Number => 16,
        ExcelValueType.Date => 12,
        _ => 8,
    });

    /// <summary>Excel number format for the type (text "@" in templates keeps leading zeros of codes and phone numbers).</summary>
    internal string NumberFormat => Type switch
    {
        ExcelValueType.WholeNumber => "0",
        ExcelValueType.Number => DecimalPlaces > 0 ? "#,##0." + new string('0', DecimalPlaces) : "#,##0",
        ExcelValueType.Date => "yyyy-mm-dd",
        _ => "@",
    };

    /// <summary>类型 as shown in the 格式说明 sheet.</summary>
    internal string TypeDescription => Type switch
    {
        ExcelValueType.Text => "文本",
        ExcelValueType.WholeNumber => "整数",
        ExcelValueType.Number => DecimalPlaces > 0 ? $"数字(最多 {DecimalPlaces} 位小数)" : "数字(整数)",
        ExcelValueType.Date => "日期(yyyy-MM-dd 或 yyyy/M/d)",
        _ => "是/否",
    };

    /// <summary>长度/取值 as shown in the 格式说明 sheet.</summary>
    internal string LimitDescription
    {
        get
        {
            var parts = new List<string>();
            if (MaxLength is { } max) parts.Add($"最长 {max} 个字符");
            if (AllowedValues is { Count: > 0 }) parts.Add("可选值:" + string.Join("、", AllowedValues));
            if (Type == ExcelValueType.Boolean) parts.Add("可选值:是、否");
            if (Min is { } lo) parts.Add("不小于 " + lo.ToString(CultureInfo.InvariantCulture));
            if (Max is { } hi) parts.Add("不大于 " + hi.ToString(CultureInfo.InvariantCulture));
            return string.Join(";", parts);
        }
    }

    /// <summary>CJK characters take two width units in Excel's default fonts.</summary>
    internal static int DisplayWidth(string text) => text.Sum(c => c >= '\u2E80' ? 2 : 1);
}

/// <summary>The data sheet of an import template or an export: its name and columns (in order).</summary>
public sealed class ExcelSheetSpec
{
    /// <summary>The description sheet every template carries; importers never read it.</summary>
    public const string FormatSheetName = "格式说明";

    public ExcelSheetSpec(string sheetName, IEnumerable<ExcelColumn> columns)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(sheetName);
        ArgumentNullException.ThrowIfNull(columns);
        if (sheetName.Length > 31 || sheetName.IndexOfAny(['[', ']', ':', '*', '?', '/', '\\']) >= 0)
            throw new ArgumentException($"工作表名 \"{sheetName}\" 不合法(最多 31 个字符,不能含 []:*?/\\)", nameof(sheetName));
        if (sheetName == FormatSheetName) throw new ArgumentException($"数据表不能叫 {FormatSheetName}", nameof(sheetName));
        SheetName = sheetName;
        Columns = [.. columns];
        if (Columns.Count == 0) throw new ArgumentException("至少需要一列", nameof(columns));
        _index = new Dictionary<string, int>(StringComparer.Ordinal);
        var headers = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < Columns.Count; i++)
        {
            if (!_index.TryAdd(Columns[i].Key, i)) throw new ArgumentException($"列键 \"{Columns[i].Key}\" 重复", nameof(columns));
            if (!headers.Add(Columns[i].Header)) throw new ArgumentException($"列名 \"{Columns[i].Header}\" 重复", nameof(columns));
        }
    }

    public string SheetName { get; }
    public IReadOnlyList<ExcelColumn> Columns { get; }
    private readonly Dictionary<string, int> _index;

    /// <summary>Position of the column with this key; throws for an unknown key (a programming error).</summary>
    public int IndexOf(string key) =>
        _index.TryGetValue(key, out var i) ? i : throw new KeyNotFoundException($"工作表 {SheetName} 没有键为 \"{key}\" 的列");

    /// <summary>Header text as matched on import: trimmed, without the trailing required mark (* or ＊).</summary>
    public static string NormalizeHeader(string? header) => (header ?? "").Trim().TrimEnd('*', '＊').Trim();
}
