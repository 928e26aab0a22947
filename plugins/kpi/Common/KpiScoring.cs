namespace PostalCrm.Plugins.Kpi.Common;

/// <summary>The arithmetic of F-6.2 (the manual's notes 2 and 3): score = min(actual / target, 1) × weight, two decimals.</summary>
public static class KpiScoring
{
    /// <summary>An actual above the target counts as the target (full marks); zero scores zero.</summary>
    public static decimal Score(decimal actual, decimal target, decimal weight)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(target);
        if (actual <= 0) return 0m;
        return Math.Round(Math.Min(actual / target, 1m) * weight, 2, MidpointRounding.AwayFromZero);
    }

    /// <summary>The sum of the rounded scores (what the page shows, row by row).</summary>
    public static decimal Total(IEnumerable<decimal> scores) => scores.Sum();
}
