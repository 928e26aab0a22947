using PostalCrm.Sdk.Plugins;

namespace PostalCrm.Plugins.Sharing;

/// <summary>Labels exactly as the manual (chapters 7 and 8.2).</summary>
public static class SharingMenu
{
    private const string SmeLeads = "中小企业";
    private const string MarketingCases = "营销案例";
    private const string FileTransfers = "文件传送";

    public static readonly IReadOnlyList<MenuEntry> Entries =
    [
        new(MenuGroups.Sharing, SmeLeads, "信息上传", "/sharing/leads/upload", SharingPermissions.LeadsUpload, 10),
        new(MenuGroups.Sharing, SmeLeads, "信息下载", "/sharing/leads", SharingPermissions.LeadsView, 11),
        new(MenuGroups.Sharing, MarketingCases, "案例上传", "/sharing/cases/upload", SharingPermissions.CasesUpload, 20),
        new(MenuGroups.Sharing, MarketingCases, "案例下载", "/sharing/cases", SharingPermissions.CasesView, 21),
        new(MenuGroups.Sharing, FileTransfers, "文件上传", "/sharing/transfers/upload", SharingPermissions.TransfersSend, 30),
        new(MenuGroups.Sharing, FileTransfers, "文件下载", "/sharing/transfers", SharingPermissions.TransfersView, 31),
        new(MenuGroups.System, null, "操作手册", "/sharing/manuals", SharingPermissions.ManualsView, 50),
    ];
}
