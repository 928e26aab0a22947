using PostalCrm.Sdk.Plugins;
using PostalCrm.Sdk.Security;

namespace PostalCrm.Plugins.Sharing;

/// <summary>sharing.&lt;area&gt;.&lt;action&gt; with the roles that hold each by default (an administrator may change grants).</summary>
public static class SharingPermissions
{
    public const string LeadsUpload = "sharing.leads.upload";
    public const string LeadsView = "sharing.leads.view";
    public const string CasesUpload = "sharing.cases.upload";
    public const string CasesView = "sharing.cases.view";
    public const string TransfersSend = "sharing.transfers.send";
    public const string TransfersView = "sharing.transfers.view";
    public const string ManualsView = "sharing.manuals.view";
    public const string ManualsManage = "sharing.manuals.manage";

    public static readonly IReadOnlyList<PermissionDefinition> All =
    [
        new(LeadsUpload, "中小企业信息上传", RoleCodes.All),
        new(LeadsView, "中小企业信息下载", RoleCodes.All),
        // F-7.2: only the provincial and city key-account centres upload marketing cases.
        new(CasesUpload, "营销案例上传", [RoleCodes.Admin, RoleCodes.ProvinceCentre, RoleCodes.CityCentre]),
        new(CasesView, "营销案例下载", RoleCodes.All),
        new(TransfersSend, "文件传送上传", RoleCodes.All),
        new(TransfersView, "文件传送下载", RoleCodes.All),
        new(ManualsView, "操作手册下载", RoleCodes.All),
        new(ManualsManage, "操作手册维护", [RoleCodes.Admin]),
    ];
}
