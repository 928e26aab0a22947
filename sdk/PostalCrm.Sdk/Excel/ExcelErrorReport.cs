namespace PostalCrm.Sdk.Excel;

/// <summary>
/// The downloadable error list of a failed import: one line per error (行号, 列, 错误信息), and a closing line when
/// more errors were counted than kept.
/// <code>return File(ExcelErrorReport.ToBytes(result), ExcelExporter.ContentType, "导入错误.xlsx");</code>
/// </summary>
public static class ExcelErrorReport
{
    public static readonly ExcelSheetSpec Spec = new("错误报告",
    [
        ExcelColumn.WholeNumber("行号", "row") with { Width = 8 },
        ExcelColumn.Text("列", "column") with { Width = 20 },
        ExcelColumn.Text("错误信息", "message") with { Width = 70 },
    ]);

    public static byte[] ToBytes(ExcelReadResult result)
    {
        using var output = new MemoryStream();
        Write(output, result);
        return output.ToArray();
    }

    public static void Write(Stream output, ExcelReadResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        ExcelExporter.Write(output, Spec, Rows(result));
    }

    private static IEnumerable<object?[]> Rows(ExcelReadResult result)
    {
        foreach (var e in result.Errors)
            yield return [e.Row > 0 ? e.Row : null, e.Column.Length > 0 ? e.Column : null, e.Message];
        if (result.ErrorsTruncated)
            yield return [null, null, $"共 {result.ErrorCount} 个错误,此处只列出前 {result.Errors.Count} 个;请先改正这些错误后重新导入。"];
    }
}
