using ClosedXML.Excel;
using PostalCrm.Sdk.Excel;

namespace PostalCrm.Plugins.Usage.Features.Import;

/// <summary>The downloadable error reports of a refused import.</summary>
internal static class ErrorWorkbook
{
    private static readonly XLColor Bad = XLColor.FromHtml("#FFC7CE");

    /// <summary>
    /// A copy of the user's workbook: every cell with an error filled red with the message as a comment (a row-level error
    /// marks the row's first cell), and a 错误报告 sheet listing row, column and message. ClosedXML loads the whole workbook,
    /// so the caller uses it only for files of moderate size.
    /// </summary>
    public static void WriteMarkedCopy(string source, string target, string sheetName, Features.Import.ImportResult result)
    {
        using var workbook = new XLWorkbook(source);
        var sheet = workbook.Worksheet(sheetName);
        var columns = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var cell in sheet.Row(1).CellsUsed())
            columns.TryAdd(ExcelSheetSpec.NormalizeHeader(cell.GetString()), cell.Address.ColumnNumber);
        foreach (var e in result.Errors)
        {
            var cell = sheet.Cell(e.Row, columns.GetValueOrDefault(e.Column, 1));
            cell.Style.Fill.BackgroundColor = Bad;
            var had = cell.HasComment;
            cell.Comment.AddText((had ? "\n" : "") + e.Message);
        }
        if (workbook.Worksheets.TryGetWorksheet(ExcelErrorReport.Spec.SheetName, out var old)) old.Delete();
        var report = workbook.AddWorksheet(ExcelErrorReport.Spec.SheetName);
        report.Cell(1, 1).SetValue("行号");
        report.Cell(1, 2).SetValue("列");
        report.Cell(1, 3).SetValue("错误信息");
        report.Row(1).Style.Font.Bold = true;
        report.Column(1).Width = 8;
        report.Column(2).Width = 20;
        report.Column(3).Width = 70;
        var i = 2;
        foreach (var e in result.Errors)
        {
            report.Cell(i, 1).SetValue(e.Row);
            report.Cell(i, 2).SetValue(e.Column);
            report.Cell(i, 3).SetValue(e.Message);
            i++;
        }
        if (result.ErrorCount > result.Errors.Count)
            report.Cell(i, 3).SetValue($"共 {result.ErrorCount} 个错误,此处只列出前 {result.Errors.Count} 个;请先改正这些错误后重新导入。");
        workbook.SaveAs(target);
    }

    /// <summary>The SDK's error list (行号, 列, 错误信息), for big files and file-level problems.</summary>
    public static void WriteList(Stream output, Features.Import.ImportResult result)
    {
        IEnumerable<IReadOnlyList<object?>> rows = result.Errors.Select(e => (IReadOnlyList<object?>)
            [e.Row > 0 ? e.Row : null, e.Column.Length > 0 ? e.Column : null, e.Message]);
        if (result.ErrorCount > result.Errors.Count)
            rows = rows.Append([null, null, $"共 {result.ErrorCount} 个错误,此处只列出前 {result.Errors.Count} 个;请先改正这些错误后重新导入。"]);
        ExcelExporter.Write(output, ExcelErrorReport.Spec, rows);
    }
}
