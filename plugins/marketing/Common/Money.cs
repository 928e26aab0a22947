using System.Globalization;
using PostalCrm.Sdk.Money;
using PostalCrm.Sdk.Security;

namespace PostalCrm.Plugins.Marketing.Common;

/// <summary>Yuan (as typed and shown) ⇄ whole 分 (as stored and summed).</summary>
public static class Money
{
    public const decimal MaxYuan = 10_000_000_000m;

    public static string Show(long fen) => Fen.Show(fen);

    /// <summary>A typed target: blank = 0, not negative, at most 2 decimals; the message names the field.</summary>
    public static long ParseFen(string? text, string field)
    {
        var t = (text ?? "").Trim().Replace(",", "", StringComparison.Ordinal);
        if (t.Length == 0) return 0;
        if (!decimal.TryParse(t, NumberStyles.Number, CultureInfo.InvariantCulture, out var yuan))
            throw new BusinessRuleException($"{field}必须是数字(元)");
        return Fen.Checked(yuan, field, MaxYuan, $"{field}过大");
    }

    /// <summary>For an input's value: blank for 0.</summary>
    public static string Input(long fen) => fen == 0 ? "" : (fen / 100m).ToString("0.##", CultureInfo.InvariantCulture);

    /// <summary>Completion in percent with one decimal (half away from zero); null when there is no plan.</summary>
    public static decimal? Percent(long actualFen, long planFen) =>
        planFen <= 0 ? null : decimal.Round(actualFen * 100m / planFen, 1, MidpointRounding.AwayFromZero);

    public static string ShowPercent(decimal? p) => p is { } v ? v.ToString("0.0", CultureInfo.InvariantCulture) + "%" : "—";
}

public static class Dates
{
    public static string Iso(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static string Iso(DateOnly? d) => d is { } v ? Iso(v) : "";

    public static DateOnly FirstOfMonth(int year, int month) => new(year, month, 1);

    public static DateOnly LastOfMonth(int year, int month) => new(year, month, DateTime.DaysInMonth(year, month));
}
