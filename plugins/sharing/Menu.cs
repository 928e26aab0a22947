using PostalCrm.Plugins.Sharing.Features.FileTransfers;
using PostalCrm.Plugins.Sharing.Features.Manuals;
using PostalCrm.Plugins.Sharing.Features.MarketingCases;
using PostalCrm.Plugins.Sharing.Features.SmeLeads;
using PostalCrm.Sdk.Plugins;

namespace PostalCrm.Plugins.Sharing;

/// <summary>Labels exactly as the manual (chapters 7 and 8.2).</summary>
public static class SharingMenu
{
    private const string SmeLeads = "中小企业";
    private const string MarketingCases = "营销案例";
    private const string FileTransfers = "文件传送";
    private const string Index = "Index";
    private const string Upload = "Upload";

    public static readonly IReadOnlyList<MenuEntry> Entries =
    [
        new(MenuGroups.Sharing, SmeLeads, "信息上传", MenuLink.To<SmeLeadsController>(Upload), SharingPermissions.LeadsUpload, 10),
        new(MenuGroups.Sharing, SmeLeads, "信息下载", MenuLink.To<SmeLeadsController>(Index), SharingPermissions.LeadsView, 11),
        new(MenuGroups.Sharing, MarketingCases, "案例上传", MenuLink.To<MarketingCasesController>(Upload), SharingPermissions.CasesUpload, 20),
        new(MenuGroups.Sharing, MarketingCases, "案例下载", MenuLink.To<MarketingCasesController>(Index), SharingPermissions.CasesView, 21),
        new(MenuGroups.Sharing, FileTransfers, "文件上传", MenuLink.To<FileTransfersController>(Upload), SharingPermissions.TransfersSend, 30),
        new(MenuGroups.Sharing, FileTransfers, "文件下载", MenuLink.To<FileTransfersController>(Index), SharingPermissions.TransfersView, 31),
        new(MenuGroups.System, null, "操作手册", MenuLink.To<ManualsController>(Index), SharingPermissions.ManualsView, 50),
    ];
}
