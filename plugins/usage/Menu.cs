using PostalCrm.Plugins.Usage.Features.Entry;
using PostalCrm.Sdk.Plugins;

namespace PostalCrm.Plugins.Usage;

/// <summary>Labels exactly as the manual (§5.3 客户用邮).</summary>
public static class UsageMenu
{
    private const string Section = "客户用邮";

    public static readonly IReadOnlyList<MenuEntry> Entries =
    [
        new(MenuGroups.Usage, Section, "客户用邮手工逐笔录入", MenuLink.To<EntryController>(nameof(EntryController.Index)), UsagePermissions.Entry, 320),
    ];
}
