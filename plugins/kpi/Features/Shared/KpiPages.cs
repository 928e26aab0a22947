using Microsoft.AspNetCore.Http;
using PostalCrm.Plugins.Kpi.Common;
using PostalCrm.Sdk.Time;

namespace PostalCrm.Plugins.Kpi.Common;

/// <summary>The pick form of a page, filled from the query (year defaults to this Beijing year, month to this month).</summary>
public static class KpiPages
{
    public static async Task<CustomerPick> PickAsync(KpiService kpi, TimeProvider clock, string? q, int? customerId, int? year, int? month,
        bool withMonth, params (string Label, string Action)[] buttons)
    {
        var today = clock.Today();
        var matches = await kpi.SearchAsync(q);
        if (customerId is { } id && matches.All(c => c.Id != id)) matches = [await kpi.CustomerAsync(id), .. matches];
        return new CustomerPick
        {
            Q = q, CustomerId = customerId, Year = year ?? today.Year, Month = month ?? today.Month, WithMonth = withMonth,
            Matches = matches, Buttons = buttons,
        };
    }

    /// <summary>Decimal form values keyed by indicator id ("v_12" → 12), null when blank; unparsable → a rule message.</summary>
    public static Dictionary<int, decimal?> Values(IFormCollection form, string prefix)
    {
        var d = new Dictionary<int, decimal?>();
        foreach (var (key, value) in form)
        {
            if (!key.StartsWith(prefix, StringComparison.Ordinal) || !int.TryParse(key.AsSpan(prefix.Length), out var id)) continue;
            var s = value.ToString().Trim();
            if (s.Length == 0) { d[id] = null; continue; }
            if (!decimal.TryParse(s, System.Globalization.NumberStyles.Number, System.Globalization.CultureInfo.InvariantCulture, out var v))
                throw new Sdk.Security.BusinessRuleException($"“{s}”不是有效的数字");
            d[id] = v;
        }
        return d;
    }
}
