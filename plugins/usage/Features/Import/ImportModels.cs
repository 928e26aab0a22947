using Microsoft.AspNetCore.Http;
using PostalCrm.Plugins.Usage.Common;
using PostalCrm.Sdk.Excel;

namespace PostalCrm.Plugins.Usage.Features.Import;

/// <summary>The 客户用邮手工批量导入 template: the data sheet's columns (in order) and their 格式说明.</summary>
public static class UsageImportSheet
{
    public const string SheetName = "用邮明细";
    public const string TemplateFileName = "客户用邮导入模板.xlsx";
    /// <summary>Data rows one workbook may hold (a month of a city is far less); beyond it the file is refused before it is parsed.</summary>
    public const int MaxRows = 200_000;

    public static readonly ExcelSheetSpec Spec = new(SheetName,
    [
        ExcelColumn.Date("用邮日期", "date", required: true) with
        {
            Description = "大于等于上月一日,小于等于当天;Excel 日期或 yyyy-MM-dd 文本", Example = "2026-11-05", Width = 14,
        },
        ExcelColumn.Text("大客户号", "number", required: true, maxLength: 20) with
        {
            Description = "系统中已赋码的大客户号,且在您的管辖范围内", Example = "42010300133000", Width = 18,
        },
        ExcelColumn.Text("专业类型", "line", required: true, maxLength: 50) with
        {
            Description = "该大客户通过客户注册审批登记的专业,如 函件、速递(也可写“函件专业”)", Example = "函件", Width = 12,
        },
        ExcelColumn.Text("业务类型", "type", required: true, maxLength: 50) with
        {
            Description = "该专业下通过客户注册审批登记的业务类型", Example = "全业务", Width = 12,
        },
        ExcelColumn.WholeNumber("业务量", "volume", min: 0) with { Description = "件数,整数,可不填", Example = "120" },
        ExcelColumn.Money("应收收入", "receivable", min: 0) with { Description = "元,最多 2 位小数,可不填", Example = "3200.00", Max = Money.MaxYuan },
        ExcelColumn.Money("实际收入", "actual", required: true, min: 0) with { Description = "元,最多 2 位小数", Example = "3000.00", Max = Money.MaxYuan },
        ExcelColumn.Text("客户经理编号", "manager", maxLength: 30) with
        {
            Description = "可不填:客户经理本人导入时为本人;该业务只有一位客户经理时自动带出;有多位时必须填写其编号",
            Example = "J1001", Width = 14,
        },
        ExcelColumn.Text("备注", "remarks", maxLength: 200) with { Width = 30 },
    ]);
}

public sealed class ImportUploadForm
{
    public IFormFile? File { get; set; }
}

/// <summary>The 是(Y)/否 form: the token of the checked file waiting for confirmation.</summary>
public sealed class ImportConfirmForm
{
    public string? Token { get; set; }
}

/// <summary>What the import page shows after a refused file.</summary>
public sealed class ImportPage
{
    public const int ErrorsShown = 100;

    public string? FileName { get; init; }
    public int RowCount { get; init; }
    public int ErrorCount { get; init; }
    public IReadOnlyList<ExcelError> Errors { get; init; } = [];
    public string? ReportToken { get; init; }
}

/// <summary>A clean file waiting for 是(Y)/否: its totals, and earlier batches of the same file.</summary>
public sealed class ImportConfirmPage
{
    public required string Token { get; init; }
    public required string FileName { get; init; }
    public int RowCount { get; init; }
    public long TotalVolume { get; init; }
    public long TotalReceivableFen { get; init; }
    public long TotalActualFen { get; init; }
    public IReadOnlyList<(string Sequence, DateTime CreatedAt)> SameFile { get; init; } = [];
}

/// <summary>The outcome of checking or importing a workbook.</summary>
public sealed class ImportResult
{
    public int RowCount { get; init; }
    public int ErrorCount { get; init; }
    public IReadOnlyList<ExcelError> Errors { get; init; } = [];
    public bool Succeeded => ErrorCount == 0;
    public long TotalVolume { get; init; }
    public long TotalReceivableFen { get; init; }
    public long TotalActualFen { get; init; }
    /// <summary>A refused file's error report (<c>usage/import/errors/{token}</c>).</summary>
    public string? ReportToken { get; init; }
    /// <summary>Set once imported.</summary>
    public int? BatchId { get; init; }
    public string? Sequence { get; init; }
    /// <summary>是(Y) posted again for an upload already imported: the batch is that import's, nothing was written now.</summary>
    public bool AlreadyImported { get; init; }
}
