using PostalCrm.Plugins.Usage.Common;
using PostalCrm.Plugins.Usage.Data;
using PostalCrm.Sdk.Excel;
using PostalCrm.Sdk.Lists;

namespace PostalCrm.Plugins.Usage.Features.Records;

/// <summary>The filters of 手工录入用邮信息明细查询 (F-5.7). Property names avoid the action parameter's name (MVC prefixes).</summary>
public sealed class RecordFilter
{
    /// <summary>客户经理: 编号, login or name (a customer manager is always themselves).</summary>
    public string? Manager { get; set; }
    /// <summary>商务客户简称 contains.</summary>
    public string? ShortName { get; set; }
    public DateOnly? DateFrom { get; set; }
    public DateOnly? DateTo { get; set; }
    public int? BusinessTypeId { get; set; }
    /// <summary>录入方式: 逐笔 or 批量 (null: both).</summary>
    public UsageSource? Source { get; set; }
    public int Page { get; set; } = 1;

    public Dictionary<string, string> Route() => new()
    {
        ["Manager"] = Manager ?? "", ["ShortName"] = ShortName ?? "",
        ["DateFrom"] = DateFrom is { } f ? UsageDateWindow.Show(f) : "", ["DateTo"] = DateTo is { } t ? UsageDateWindow.Show(t) : "",
        ["BusinessTypeId"] = BusinessTypeId?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "",
        ["Source"] = Source?.ToString() ?? "",
    };
}

/// <summary>One line of the detail query: the spec's columns.</summary>
public sealed class RecordRow
{
    public long Id { get; init; }
    public DateOnly UsageDate { get; init; }
    public int CustomerId { get; init; }
    public string CustomerCode { get; init; } = "";
    public string CustomerName { get; init; } = "";
    public string KeyAccountNumber { get; init; } = "";
    public string ProductLine { get; init; } = "";
    public string BusinessType { get; init; } = "";
    public int ManagerUserId { get; init; }
    public string Manager { get; init; } = "";
    public string Department { get; init; } = "";
    public long? Volume { get; init; }
    public long? ReceivableFen { get; init; }
    public long ActualFen { get; init; }
    public UsageSource Source { get; init; }
    public string? BatchSequence { get; init; }
    public int? BatchId { get; init; }
    public string? Remarks { get; init; }
}

public sealed class RecordsPage
{
    public required RecordFilter Filter { get; init; }
    /// <summary>A customer manager: the manager field shows them, read-only.</summary>
    public string? FixedManager { get; init; }
    public required Paged<RecordRow> Rows { get; init; }
    /// <summary>The count stopped at <see cref="Paged{T}.Total"/> (<see cref="RecordService.CountLimit"/>): there are more ("10,000+").</summary>
    public bool TotalIsAtLeast { get; init; }
    /// <summary>实际收入合计 of every row of the filter; null past the count's bound (not summed).</summary>
    public long? TotalActualFen { get; init; }
    public bool HasNext => Rows.Page < Rows.Pages || TotalIsAtLeast;
    public string TotalText => Rows.Total.ToString(TotalIsAtLeast ? "N0" : "D", System.Globalization.CultureInfo.InvariantCulture) + (TotalIsAtLeast ? "+" : "");
    public string PagesText => Rows.Pages.ToString(System.Globalization.CultureInfo.InvariantCulture) + (TotalIsAtLeast ? "+" : "");
    public IReadOnlyList<(int Id, string Name)> BusinessTypes { get; init; } = [];
    public bool CanCorrect { get; init; }
}

public static class Sources
{
    public static string Name(UsageSource s) => s switch
    {
        UsageSource.OneByOne => "逐笔录入",
        UsageSource.Batch => "批量录入",
        _ => "系统生成",
    };
}

/// <summary>The export's columns (same as the page).</summary>
public static class RecordExport
{
    public const string FileName = "手工录入用邮信息明细.xlsx";

    public static readonly ExcelSheetSpec Spec = new("用邮信息明细",
    [
        ExcelColumn.Date("用邮日期", "date"),
        ExcelColumn.Text("商务客户号", "code") with { Width = 20 },
        ExcelColumn.Text("客户名称", "customer") with { Width = 34 },
        ExcelColumn.Text("大客户号", "number") with { Width = 18 },
        ExcelColumn.Text("用邮专业", "line") with { Width = 10 },
        ExcelColumn.Text("业务类型", "type") with { Width = 10 },
        ExcelColumn.Text("客户经理", "manager") with { Width = 14 },
        ExcelColumn.Text("所属部门", "department") with { Width = 20 },
        ExcelColumn.WholeNumber("业务量", "volume"),
        ExcelColumn.Money("应收收入", "receivable"),
        ExcelColumn.Money("实际收入", "actual"),
        ExcelColumn.Text("数据来源", "source") with { Width = 10 },
        ExcelColumn.Text("用邮序列", "batch") with { Width = 20 },
    ]);
}

/// <summary>更正: the amounts, the date and the remarks of one record.</summary>
public sealed class CorrectForm
{
    public DateOnly? UsageDate { get; set; }
    public long? Volume { get; set; }
    public decimal? Receivable { get; set; }
    public decimal? Actual { get; set; }
    public string? Remarks { get; set; }
}

public sealed class CorrectPage
{
    public required RecordRow Record { get; init; }
    public required CorrectForm Form { get; init; }
    public required UsageDateWindow Window { get; init; }
}

public sealed record ManagerInfo(int Id, string Name, string? EmployeeNo, string Department, string? Phone);
