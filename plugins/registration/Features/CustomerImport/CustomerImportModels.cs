using Microsoft.AspNetCore.Http;
using PostalCrm.Sdk.Excel;

namespace PostalCrm.Plugins.Registration.CustomerImport;

/// <summary>The 商务客户信息导入 template: data sheet columns (in order) and their 格式说明.</summary>
public static class CustomerImportSheet
{
    public const string SheetName = "商务客户信息";
    public const string TemplateFileName = "商务客户信息导入模板.xlsx";
    public const string HeadquartersLevel = "钻石级";

    public static readonly ExcelSheetSpec Spec = new(SheetName,
    [
        ExcelColumn.Text("客户名称", "name", required: true, maxLength: 200) with
        {
            Description = "商务客户(企业)全称;不能与系统中已有客户或本文件其他行的客户名称相同", Example = "武汉华信科技有限公司", Width = 34,
        },
        ExcelColumn.Text("客户简称", "short_name", required: true, maxLength: 100) with { Description = "客户简称", Example = "华信科技", Width = 16 },
        ExcelColumn.Text("所在市", "city", required: true, maxLength: 100) with
        {
            Description = "客户所在市(州)的名称,与系统组织机构中的名称一致", Example = "武汉市", Width = 12,
        },
        ExcelColumn.Text("所在区县", "district", required: true, maxLength: 100) with
        {
            Description = "客户所在区(县)的名称:必须属于所填的市,且在导入人的管辖范围内", Example = "江岸区", Width = 12,
        },
        ExcelColumn.Text("行业", "industry", maxLength: 50) with { Description = "行业名称,与系统参考数据【行业】中的名称一致;可不填", Example = "制造业", Width = 14 },
        ExcelColumn.Text("客户级别", "level", maxLength: 30) with
        {
            Description = "客户级别名称,与系统参考数据【客户级别】一致;总部客户为“是”时必须为钻石级(不填则自动为钻石级)", Example = "金", Width = 12,
        },
        ExcelColumn.Boolean("总部客户", "headquarters") with { Description = "是 或 否;不填为否", Example = "否", Width = 10 },
        ExcelColumn.Text("地址", "address", maxLength: 300) with { Example = "武汉市江岸区解放大道 1 号", Width = 30 },
        ExcelColumn.Text("邮编", "postcode", maxLength: 10) with { Description = "6 位数字", Example = "430010", Width = 10 },
        ExcelColumn.Text("电话", "phone", maxLength: 30) with { Description = "数字、空格和 + - ( )", Example = "027-88886666", Width = 16 },
        ExcelColumn.Text("法人代表", "legal_person", maxLength: 50) with { Example = "张三", Width = 12 },
        ExcelColumn.Text("备注", "remarks", maxLength: 500) with { Width = 30 },
    ]);
}

/// <summary>The upload form: the workbook.</summary>
public sealed class CustomerImportForm
{
    public IFormFile? File { get; set; }
}

/// <summary>What the import page shows after a refused file: the first errors, their total, the report's download token.</summary>
public sealed class CustomerImportPage
{
    /// <summary>Errors listed on the page; the downloadable report has up to <see cref="ExcelReadOptions.MaxReportedErrors"/>.</summary>
    public const int ErrorsShown = 100;

    public string? FileName { get; init; }
    public int RowCount { get; init; }
    public int ErrorCount { get; init; }
    public IReadOnlyList<ExcelError> Errors { get; init; } = [];
    public string? ReportToken { get; init; }
}

/// <summary>The outcome of one import: imported count, or the errors (nothing written).</summary>
public sealed class CustomerImportResult
{
    public int Imported { get; init; }
    public int RowCount { get; init; }
    public int ErrorCount { get; init; }
    /// <summary>In row order, at most <see cref="ExcelReadOptions.MaxReportedErrors"/>.</summary>
    public IReadOnlyList<ExcelError> Errors { get; init; } = [];
    public bool Succeeded => ErrorCount == 0;
}
