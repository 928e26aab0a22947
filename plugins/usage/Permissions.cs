using PostalCrm.Sdk.Plugins;
using PostalCrm.Sdk.Security;

namespace PostalCrm.Plugins.Usage;

/// <summary>usage.&lt;area&gt;.&lt;action&gt; with the roles that hold each by default (an administrator may change grants).</summary>
public static class UsagePermissions
{
    /// <summary>F-5.5 客户用邮手工批量导入.</summary>
    public const string Import = "usage.import.run";
    /// <summary>F-5.5 查询: the batch list and a batch's rows (whoever imports may look at batches).</summary>
    public const string BatchesView = "usage.batches.view";
    /// <summary>F-5.6 客户用邮手工逐笔录入.</summary>
    public const string Entry = "usage.entry.create";
    /// <summary>F-5.7 手工录入用邮信息明细查询 (and its export).</summary>
    public const string RecordsView = "usage.records.view";
    /// <summary>Correct a usage record (amounts, date, remarks) within the entry window.</summary>
    public const string Correct = "usage.records.correct";
    /// <summary>Recompute the daily summary from the records.</summary>
    public const string RebuildSummary = "usage.summary.rebuild";

    private static readonly string[] Working = [RoleCodes.Admin, RoleCodes.ProvinceCentre, RoleCodes.CityCentre, RoleCodes.CityBureau,
        RoleCodes.DistrictDept, RoleCodes.CustomerManager];

    public static readonly IReadOnlyList<PermissionDefinition> All =
    [
        new(Import, "客户用邮手工批量导入", Working),
        new(BatchesView, "用邮导入查询", [RoleCodes.ProvinceCentre, RoleCodes.CityCentre], ImpliedBy: [Import]),
        new(Entry, "客户用邮手工逐笔录入", Working),
        new(RecordsView, "手工录入用邮信息明细查询", RoleCodes.All),
        new(Correct, "用邮信息更正", [RoleCodes.Admin, RoleCodes.ProvinceCentre, RoleCodes.CityCentre, RoleCodes.DistrictDept]),
        new(RebuildSummary, "用邮日汇总重建", [RoleCodes.Admin]),
    ];
}
