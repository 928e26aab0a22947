using PostalCrm.Sdk.Plugins;
using PostalCrm.Sdk.Security;

namespace PostalCrm.Plugins.Contracts;

/// <summary>contracts.&lt;area&gt;.&lt;action&gt; with the roles that hold each by default (an administrator may change grants).</summary>
public static class ContractsPermissions
{
    public const string AddContract = "contracts.contracts.add";
    public const string AddAgreement = "contracts.agreements.add";
    public const string Maintain = "contracts.contracts.maintain";
    public const string Arrears = "contracts.arrears.maintain";

    public static readonly IReadOnlyList<PermissionDefinition> All =
    [
        new(AddContract, "客户用邮合同添加", RoleCodes.All),
        new(AddAgreement, "客户用邮协议添加", RoleCodes.All),
        new(Maintain, "客户合同协议维护", RoleCodes.All),
        new(Arrears, "合同欠费信息维护", RoleCodes.All),
    ];
}
