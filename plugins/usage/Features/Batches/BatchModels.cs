using PostalCrm.Plugins.Usage.Common;
using PostalCrm.Plugins.Usage.Features.Records;
using PostalCrm.Sdk.Lists;

namespace PostalCrm.Plugins.Usage.Features.Batches;

/// <summary>One line of 查询 (manual §5.3.1): 登陆部门, 登陆人员, 用邮序列, time, rows, totals.</summary>
public sealed class BatchRow
{
    public int Id { get; init; }
    public string Sequence { get; init; } = "";
    public string Department { get; init; } = "";
    public string User { get; init; } = "";
    public DateTime CreatedAt { get; init; }
    public string FileName { get; init; } = "";
    public int RowCount { get; init; }
    public long TotalVolume { get; init; }
    public long TotalReceivableFen { get; init; }
    public long TotalActualFen { get; init; }
}

public sealed class BatchDetailsPage
{
    public required BatchRow Batch { get; init; }
    public required Paged<RecordRow> Rows { get; init; }
}
