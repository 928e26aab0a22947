using System.Globalization;
using PostalCrm.Sdk.Time;

namespace PostalCrm.Plugins.Usage.Common;

/// <summary>
/// The usage-date window of F-5.6 (manual §5.3 注): 用邮日期必须大于等于上月一日,小于等于当天 — today being the Beijing date of
/// the injected clock. The batch import (F-5.5) applies the same window.
/// </summary>
public readonly record struct UsageDateWindow(DateOnly From, DateOnly To)
{
    public static UsageDateWindow Of(TimeProvider clock)
    {
        var today = clock.Today();
        var firstOfLastMonth = new DateOnly(today.Year, today.Month, 1).AddMonths(-1);
        return new UsageDateWindow(firstOfLastMonth, today);
    }

    public bool Contains(DateOnly date) => date >= From && date <= To;

    /// <summary>Why a date is refused, or null.</summary>
    public string? Check(DateOnly date) => Contains(date) ? null : Message;

    public string Message => $"用邮日期必须大于等于上月一日({Show(From)}),小于等于当天({Show(To)})";

    public static string Show(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
