using PostalCrm.Sdk.Plugins;

namespace PostalCrm.Plugins.Sharing;

public static class SharingMenu
{
    public static readonly IReadOnlyList<MenuEntry> Entries =
    [
        new(MenuGroups.System, null, "操作手册", "/sharing/manuals", SharingPermissions.ManualsView, 50),
    ];
}
