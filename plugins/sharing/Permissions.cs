using PostalCrm.Sdk.Plugins;
using PostalCrm.Sdk.Security;

namespace PostalCrm.Plugins.Sharing;

public static class SharingPermissions
{
    public const string ManualsView = "sharing.manuals.view";
    public const string ManualsManage = "sharing.manuals.manage";

    public static readonly IReadOnlyList<PermissionDefinition> All =
    [
        new(ManualsView, "操作手册下载", RoleCodes.All),
        new(ManualsManage, "操作手册维护", [RoleCodes.Admin]),
    ];
}
