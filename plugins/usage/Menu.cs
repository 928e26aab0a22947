using PostalCrm.Plugins.Usage.Features.Entry;
using PostalCrm.Plugins.Usage.Features.Records;
using PostalCrm.Plugins.Usage.Features.Summary;
using PostalCrm.Plugins.Usage.Features.Import;
using PostalCrm.Plugins.Usage.Features.Batches;
using PostalCrm.Sdk.Plugins;

namespace PostalCrm.Plugins.Usage;

/// <summary>Labels exactly as the manual (§5.3 客户用邮).</summary>
public static class UsageMenu
{
    private const string Section = "客户用邮";

    public static readonly IReadOnlyList<MenuEntry> Entries =
    [
        new(MenuGroups.Usage, Section, "客户用邮手工批量导入", MenuLink.To<ImportController>(nameof(ImportController.Index)), UsagePermissions.Import, 310),
        new(MenuGroups.Usage, Section, "用邮导入查询", MenuLink.To<BatchesController>(nameof(BatchesController.Index)), UsagePermissions.BatchesView, 315),
        new(MenuGroups.Usage, Section, "客户用邮手工逐笔录入", MenuLink.To<EntryController>(nameof(EntryController.Index)), UsagePermissions.Entry, 320),
        new(MenuGroups.Usage, Section, "手工录入用邮信息明细查询", MenuLink.To<RecordsController>(nameof(RecordsController.Index)), UsagePermissions.RecordsView, 330),
        new(MenuGroups.System, null, "用邮日汇总重建", MenuLink.To<SummaryController>(nameof(SummaryController.Index)), UsagePermissions.RebuildSummary, 80),
    ];
}
