using System.Globalization;

namespace PostalCrm.Sdk.Excel;

/// <summary>
/// Turns a raw cell as MiniExcel reads it (string, double, DateTime, bool or null) into the column's type, or a
/// Chinese message saying why not. Numbers arrive as double because that is what an xlsx stores; they are converted to
/// decimal with 15 significant digits — exactly what Excel shows and keeps (so 0.1 is 0.1m, 12345678.91 is 12345678.91m).
/// </summary>
internal static class ExcelCellParser
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    private static readonly string[] DateFormats =
    [
        "yyyy-M-d", "yyyy/M/d", "yyyy.M.d", "yyyy年M月d日",
        "yyyy-M-d H:mm", "yyyy/M/d H:mm", "yyyy-M-d H:mm:ss", "yyyy/M/d H:mm:ss",
    ];

    // A bare number in a date column is taken as an Excel date serial only in a plausible range (1950–2199): Chinese
    // built-in date formats (e.g. numFmtId 31, yyyy"年"m"月"d"日") reach us as plain numbers, while 2024 or 20240305
    // typed by hand must not silently become 1905-07-16 or fail deep inside DateTime.FromOADate.
    private static readonly double MinSerial = new DateTime(1950, 1, 1, 0, 0, 0, DateTimeKind.Unspecified).ToOADate();
    private static readonly double MaxSerial = new DateTime(2200, 1, 1, 0, 0, 0, DateTimeKind.Unspecified).ToOADate();

    /// <summary>True when the cell holds nothing but whitespace.</summary>
    public static bool IsBlank(object? raw) => raw is null || (raw is string s && string.IsNullOrWhiteSpace(s));

    /// <summary>Parses and checks one cell. Returns null when valid (value set, null for an empty optional cell), else the message.</summary>
    public static string? Parse(ExcelColumn column, object? raw, out object? value)
    {
        value = null;
        if (IsBlank(raw)) return column.Required ? "必填" : null;
        return column.Type switch
        {
            ExcelValueType.Text => ParseText(column, raw!, out value),
            ExcelValueType.WholeNumber => ParseInteger(column, raw!, out value),
            ExcelValueType.Number => ParseDecimal(column, raw!, out value),
            ExcelValueType.Date => ParseDate(raw!, out value),
            _ => ParseBoolean(raw!, out value),
        };
    }

    private static string? ParseText(ExcelColumn column, object raw, out object? value)
    {
        var text = raw switch
        {
            string s => s.Trim(),
            double d => FormatNumber(d),
            DateTime dt => dt.TimeOfDay == TimeSpan.Zero ? dt.ToString("yyyy-MM-dd", Inv) : dt.ToString("yyyy-MM-dd HH:mm:ss", Inv),
            bool b => b ? "是" : "否",
            _ => Convert.ToString(raw, Inv)?.Trim() ?? "",
        };
        value = text;
        if (column.MaxLength is { } max && text.Length > max) return $"长度不能超过 {max} 个字符(现有 {text.Length} 个)";
        if (column.AllowedValues is { Count: > 0 } allowed && !allowed.Contains(text, StringComparer.Ordinal))
            return "只能填写以下值之一:" + string.Join("、", allowed.Take(20)) + (allowed.Count > 20 ? "……" : "");
        return null;
    }

    private static string? ParseInteger(ExcelColumn column, object raw, out object? value)
    {
        value = null;
        decimal number;
        switch (raw)
        {
            case double d when double.IsFinite(d) && Math.Abs(d) < 9e15: number = (decimal)d; break;
            case string s when decimal.TryParse(s.Trim(), NumberStyles.Number, Inv, out var parsed): number = parsed; break;
            default: return "必须是整数";
        }
        if (number != decimal.Truncate(number) || number < long.MinValue || number > long.MaxValue) return "必须是整数";
        value = (long)number;
        return CheckRange(column, number);
    }

    private static string? ParseDecimal(ExcelColumn column, object raw, out object? value)
    {
        value = null;
        decimal number;
        switch (raw)
        {
            case double d when double.IsFinite(d) && Math.Abs(d) < 7.9e27: number = (decimal)d; break;
            case string s when decimal.TryParse(s.Trim(), NumberStyles.Number, Inv, out var parsed): number = parsed; break;
            default: return "必须是数字";
        }
        if (decimal.Round(number, column.DecimalPlaces) != number)
            return column.DecimalPlaces == 0 ? "必须是整数" : $"最多 {column.DecimalPlaces} 位小数";
        value = number;
        return CheckRange(column, number);
    }

    private static string? CheckRange(ExcelColumn column, decimal number)
    {
        if (column.Min is { } min && number < min) return "不能小于 " + min.ToString(Inv);
        if (column.Max is { } max && number > max) return "不能大于 " + max.ToString(Inv);
        return null;
    }

    private static string? ParseDate(object raw, out object? value)
    {
        value = raw switch
        {
            DateTime dt => DateOnly.FromDateTime(dt),
            double d when d >= MinSerial && d < MaxSerial => DateOnly.FromDateTime(DateTime.FromOADate(d)),
            string s when DateTime.TryParseExact(s.Trim(), DateFormats, Inv, DateTimeStyles.None, out var dt) => DateOnly.FromDateTime(dt),
            _ => null,
        };
        return value is null ? "必须是日期,如 2024-03-05 或 2024/3/5" : null;
    }

    private static string? ParseBoolean(object raw, out object? value)
    {
        value = raw switch
        {
            bool b => b,
            string s => s.Trim() switch
            {
                "是" or "Y" or "y" => true,
                "否" or "N" or "n" => false,
                _ => null,
            },
            _ => null,
        };
        return value is null ? "只能填写 是 或 否" : null;
    }

    /// <summary>A number typed into a text column (a phone number, a code) as its digits, never "1.38E+10".</summary>
    private static string FormatNumber(double d) =>
        double.IsFinite(d) && Math.Abs(d) < 7.9e27 ? ((decimal)d).ToString(Inv) : d.ToString("R", Inv);
}
