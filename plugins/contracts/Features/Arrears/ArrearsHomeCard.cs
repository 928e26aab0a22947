using PostalCrm.Plugins.Contracts.Common;
using PostalCrm.Sdk.Plugins;
using PostalCrm.Sdk.Security;
using PostalCrm.Sdk.Web;

namespace PostalCrm.Plugins.Contracts.Features.Arrears;

/// <summary>F-5.4 "the system alerts the customer manager": contracts in arrears and unpaid amounts due within 30 days, on their home page.</summary>
public sealed class ArrearsHomeCard(ArrearsService arrears, ICurrentUser me) : IHomeCard
{
    public string PluginId => "contracts";

    public async Task<HomeCard?> BuildAsync(CancellationToken ct = default)
    {
        if (!me.IsAuthenticated || !me.IsInRole(RoleCodes.CustomerManager) || !me.Has(ContractsPermissions.Arrears)) return null;
        var s = await arrears.SummaryAsync();
        var link = MenuLink.To<ArrearsController>(nameof(ArrearsController.Index));
        return new HomeCard("合同欠费提醒",
        [
            s.ContractsInArrears > 0
                ? new HomeCardLine($"欠费合同/协议 {s.ContractsInArrears} 份,欠费金额 {Money.Format(s.ArrearsFen)} 元", link, Alert: true)
                : new HomeCardLine("没有欠费的合同/协议", link),
            new HomeCardLine($"30 天内到期未付款 {s.DueSoon} 笔,金额 {Money.Format(s.DueSoonFen)} 元"),
        ], Order: 10);
    }
}
