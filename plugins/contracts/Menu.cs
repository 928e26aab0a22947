using PostalCrm.Plugins.Contracts.Features.Add;
using PostalCrm.Plugins.Contracts.Features.Arrears;
using PostalCrm.Plugins.Contracts.Features.Maintenance;
using PostalCrm.Sdk.Plugins;

namespace PostalCrm.Plugins.Contracts;

/// <summary>Labels exactly as the manual (§5.1–5.2): 用邮管理 → 客户合同 / 合同欠费.</summary>
public static class ContractsMenu
{
    private const string Contracts = "客户合同";
    private const string Arrears = "合同欠费";

    public static readonly IReadOnlyList<MenuEntry> Entries =
    [
        new(MenuGroups.Usage, Contracts, "客户用邮合同添加", MenuLink.To<AddController>(nameof(AddController.Contract)), ContractsPermissions.AddContract, 10),
        new(MenuGroups.Usage, Contracts, "客户用邮协议添加", MenuLink.To<AddController>(nameof(AddController.Agreement)), ContractsPermissions.AddAgreement, 11),
        new(MenuGroups.Usage, Contracts, "客户合同协议维护", MenuLink.To<MaintenanceController>(nameof(MaintenanceController.Index)), ContractsPermissions.Maintain, 12),
        new(MenuGroups.Usage, Arrears, "合同欠费信息维护", MenuLink.To<ArrearsController>(nameof(ArrearsController.Index)), ContractsPermissions.Arrears, 20),
    ];
}
