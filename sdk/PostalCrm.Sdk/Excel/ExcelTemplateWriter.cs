using ClosedXML.Excel;

namespace PostalCrm.Sdk.Excel;

/// <summary>
/// Writes the downloadable import template with ClosedXML (small and styled, so its cost does not matter): the data
/// sheet — header row bold and frozen, required headers marked *, explicit widths, each column pre-formatted for its
/// type (text columns as text so codes and phone numbers keep leading zeros), drop-downs for fixed value lists — and a
/// separate 格式说明 sheet describing every column, which <see cref="ExcelRowReader"/> never reads.
/// <code>return File(ExcelTemplateWriter.ToBytes(UsageImport.Spec), ExcelExporter.ContentType, "用邮导入模板.xlsx");</code>
/// </summary>
public static class ExcelTemplateWriter
{
    private static readonly string[] FormatHeaders = ["列名", "是否必填", "类型", "长度/取值", "说明", "示例"];
    private static readonly double[] FormatWidths = [20, 10, 26, 30, 50, 20];

    public static byte[] ToBytes(ExcelSheetSpec spec)
    {
        using var output = new MemoryStream();
        Write(output, spec);
        return output.ToArray();
    }

    public static void Write(Stream output, ExcelSheetSpec spec)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(spec);
        using var workbook = new XLWorkbook();
        WriteDataSheet(workbook.AddWorksheet(spec.SheetName), spec);
        WriteFormatSheet(workbook.AddWorksheet(ExcelSheetSpec.FormatSheetName), spec);
        workbook.Worksheet(1).SetTabActive();
        workbook.SaveAs(output);
    }

    private static void WriteDataSheet(IXLWorksheet sheet, ExcelSheetSpec spec)
    {
        for (var i = 0; i < spec.Columns.Count; i++)
        {
            var column = spec.Columns[i];
            var xlColumn = sheet.Column(i + 1);
            xlColumn.Width = column.EffectiveWidth;
            xlColumn.Style.NumberFormat.Format = column.NumberFormat;

            var cell = sheet.Cell(1, i + 1);
            cell.SetValue(column.Required ? column.Header + "*" : column.Header);
            cell.Style.NumberFormat.Format = "@";
            cell.Style.Font.Bold = true;
            cell.Style.Fill.BackgroundColor = XLColor.FromHtml("#DDEBF7");
            cell.Style.Border.OutsideBorder = XLBorderStyleValues.Thin;
            if (column.Required) cell.Style.Font.FontColor = XLColor.FromHtml("#C00000");

            // An in-cell drop-down helps the user; the reader checks the values anyway. Excel limits an inline list to 255 characters.
            IReadOnlyList<string>? choices = column.Type == ExcelValueType.Boolean ? ["是", "否"] : column.AllowedValues;
            if (choices is { Count: > 0 } && choices.All(c => !c.Contains(',', StringComparison.Ordinal)) && string.Join(",", choices).Length <= 250)
            {
                var validation = sheet.Range(2, i + 1, XLHelper.MaxRowNumber, i + 1).SetDataValidation();
                validation.List("\"" + string.Join(",", choices) + "\"");
                validation.ErrorMessage = "请从下拉列表中选择";
            }
        }
        sheet.SheetView.FreezeRows(1);
    }

    private static void WriteFormatSheet(IXLWorksheet sheet, ExcelSheetSpec spec)
    {
        for (var c = 0; c < FormatHeaders.Length; c++)
        {
            var cell = sheet.Cell(1, c + 1);
            cell.SetValue(FormatHeaders[c]);
            cell.Style.Font.Bold = true;
            cell.Style.Fill.BackgroundColor = XLColor.FromHtml("#DDEBF7");
            sheet.Column(c + 1).Width = FormatWidths[c];
        }
        for (var i = 0; i < spec.Columns.Count; i++)
        {
            var column = spec.Columns[i];
            string[] values = [column.Header, column.Required ? "是" : "否", column.TypeDescription, column.LimitDescription,
                column.Description ?? "", column.Example ?? ""];
            for (var c = 0; c < values.Length; c++)
            {
                var cell = sheet.Cell(i + 2, c + 1);
                cell.Style.NumberFormat.Format = "@";
                cell.SetValue(values[c]);
            }
        }
        sheet.Column(5).Style.Alignment.WrapText = true;
        var note = sheet.Cell(spec.Columns.Count + 3, 1);
        note.SetValue($"说明:请在「{spec.SheetName}」工作表中从第 2 行起填写数据,带 * 的列必须填写;导入时只读取「{spec.SheetName}」,本说明表不会被读取,无需删除。");
        note.Style.Font.Italic = true;
        sheet.SheetView.FreezeRows(1);
    }
}
