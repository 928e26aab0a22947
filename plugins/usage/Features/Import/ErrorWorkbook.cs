using System.Globalization;
using ClosedXML.Excel;
using MiniExcelLibs;
using PostalCrm.Sdk.Excel;

namespace PostalCrm.Plugins.Usage.Features.Import;

/// <summary>The downloadable error reports of a refused import.</summary>
internal static class ErrorWorkbook
{
    private static readonly XLColor Bad = XLColor.FromHtml("#FFC7CE");

    /// <summary>
    /// A copy of the user's data sheet — every cell value, rows and columns where they were — with every cell that has an
    /// error filled red and the message as a comment (a row-level error marks the row's first cell), plus a 错误报告 sheet
    /// listing row, column and message. The values are read with MiniExcel and written into a fresh ClosedXML workbook
    /// (ClosedXML cannot re-save every producer's files, and loads whole workbooks: the caller limits the size).
    /// </summary>
    public static void WriteMarkedCopy(string source, string target, string sheetName, Features.Import.ImportResult result)
    {
        using var workbook = new XLWorkbook();
        var sheet = workbook.AddWorksheet(sheetName);
        var columns = new Dictionary<string, int>(StringComparer.Ordinal);
        using (var input = new FileStream(source, FileMode.Open, FileAccess.Read, FileShare.Read))
        {
            var rowNumber = 0;
            foreach (IDictionary<string, object?> row in MiniExcel.Query(input, useHeaderRow: false, sheetName: sheetName, excelType: ExcelType.XLSX))
            {
                rowNumber++;
                foreach (var (letter, value) in row)
                {
                    if (value is null) continue;
                    var cell = sheet.Cell(rowNumber, letter);
                    switch (value)
                    {
                        case double d: cell.SetValue(d); break;
                        case DateTime dt: cell.SetValue(dt); cell.Style.NumberFormat.Format = "yyyy-mm-dd"; break;
                        case bool b: cell.SetValue(b); break;
                        default: cell.SetValue(Convert.ToString(value, CultureInfo.InvariantCulture)); break;
                    }
                    if (rowNumber == 1)
                    {
                        columns.TryAdd(ExcelSheetSpec.NormalizeHeader(Convert.ToString(value, CultureInfo.InvariantCulture)), cell.Address.ColumnNumber);
                        cell.Style.Font.Bold = true;
                    }
                }
            }
        }
        foreach (var e in result.Errors)
        {
            var cell = sheet.Cell(e.Row, columns.GetValueOrDefault(e.Column, 1));
            cell.Style.Fill.BackgroundColor = Bad;
            var had = cell.HasComment;
            cell.Comment.AddText((had ? "\n" : "") + e.Message);
        }
        sheet.SheetView.FreezeRows(1);
        for (var c = 1; c <= Math.Max(1, columns.Count); c++) sheet.Column(c).Width = 16;

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
