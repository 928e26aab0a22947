using PostalCrm.Plugins.Contracts.Data;
using PostalCrm.Sdk.Customers;

namespace PostalCrm.Plugins.Contracts.Common;

/// <summary>The contract form as shown: new (F-5.1/F-5.2) or edit (F-5.3).</summary>
public sealed class ContractFormPage
{
    public required ContractKind Kind { get; init; }
    public required CustomerIdentity Customer { get; init; }
    public required ContractForm Form { get; init; }
    /// <summary>Set on the edit page.</summary>
    public int? Id { get; init; }
    /// <summary>The stored number (edit) — an agreement's serial is shown, never typed.</summary>
    public string? StoredNumber { get; init; }
    /// <summary>A payment exists: the fee terms are hidden and refused (F-5.4).</summary>
    public bool Locked { get; init; }
    public string? FileName { get; init; }

    public bool IsNew => Id is null;
    public string KindName => Names.Kind(Kind);
}
