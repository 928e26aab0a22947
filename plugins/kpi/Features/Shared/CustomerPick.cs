using PostalCrm.Sdk.Customers;

namespace PostalCrm.Plugins.Kpi.Common;

/// <summary>The search form at the top of every KPI page: customer (fuzzy, in scope), year and maybe month, and the page's buttons.</summary>
public sealed class CustomerPick
{
    public string? Q { get; init; }
    public int? CustomerId { get; init; }
    public int Year { get; init; }
    public int? Month { get; init; }
    public bool WithMonth { get; init; }
    public IReadOnlyList<BusinessCustomer> Matches { get; init; } = [];
    /// <summary>(label, action) of the submit buttons; the first is the form's own action.</summary>
    public IReadOnlyList<(string Label, string Action)> Buttons { get; init; } = [];
}
