using PostalCrm.Plugins.Contracts.Data;

namespace PostalCrm.Plugins.Contracts.Common;

/// <summary>The manual's labels.</summary>
public static class Names
{
    public static string Kind(ContractKind kind) => kind == ContractKind.Contract ? "合同" : "协议";

    public static string Settlement(SettlementType type) => type switch
    {
        SettlementType.FixedDate => "指定日期结算型",
        SettlementType.Periodic => "定期结算型",
        SettlementType.Instalments => "指定日期分期付款型",
        SettlementType.OneOff => "一次付款型",
        _ => type.ToString(),
    };

    public static readonly IReadOnlyList<SettlementType> Settlements =
        [SettlementType.FixedDate, SettlementType.Periodic, SettlementType.Instalments, SettlementType.OneOff];

    public static readonly IReadOnlyList<(int Months, string Name)> Periods = [(1, "每月"), (3, "每季度"), (6, "每半年"), (12, "每年")];

    public static string Period(int? months) => Periods.FirstOrDefault(p => p.Months == months).Name ?? "";

    public static readonly IReadOnlyList<string> PaymentMethods = ["现金", "转账", "支票", "POS刷卡", "其他"];

    public static readonly IReadOnlyList<string> DunningMethods = ["电话", "上门", "函件", "短信", "其他"];

    public static string Date(DateOnly? date) => date?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) ?? "";
}
