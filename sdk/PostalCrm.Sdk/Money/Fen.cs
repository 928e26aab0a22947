using System.Globalization;
using PostalCrm.Sdk.Security;

namespace PostalCrm.Sdk.Money;

/// <summary>
/// Money as whole 分 (<c>long</c>) in the database and in code, so sums are exact on both databases; 元 with two
/// decimals only at the edges (forms, pages, workbooks). Every plugin that stores money shows and checks it here.
/// </summary>
public static class Fen
{
    /// <summary>
    /// For pages: 1,500.50 (what <c>"#,##0.00"</c> makes of 元). Written on the whole 元 and the 分 left over, without a
    /// decimal division and a custom format string: a city's 业绩统计 shows ~2,000 amounts, and those two were an eighth of
    /// the page's CPU.
    /// </summary>
    public static string Show(long fen)
    {
        var abs = fen < 0 ? (ulong)-(fen + 1) + 1 : (ulong)fen;
        return string.Create(CultureInfo.InvariantCulture, $"{(fen < 0 ? "-" : "")}{abs / 100:N0}.{abs % 100:00}");
    }

    public static string Show(long? fen) => fen is { } f ? Show(f) : "";

    /// <summary>For form values and workbooks: 1500.50 (no group separators).</summary>
    public static string Plain(long fen) => ToYuan(fen).ToString("0.00", CultureInfo.InvariantCulture);

    public static decimal ToYuan(long fen) => fen / 100m;

    public static decimal? ToYuan(long? fen) => fen is { } f ? f / 100m : null;

    /// <summary>An amount in 元 already checked to have at most two decimals.</summary>
    public static long FromYuan(decimal yuan) => decimal.ToInt64(yuan * 100m);

    /// <summary>
    /// A non-negative amount in 元 with at most two decimals and at most <paramref name="maxYuan"/>, as 分; otherwise
    /// a <see cref="BusinessRuleException"/> naming <paramref name="field"/> (<paramref name="tooLarge"/> above the maximum).
    /// </summary>
    public static long Checked(decimal yuan, string field, decimal maxYuan, string tooLarge)
    {
        if (yuan < 0) throw new BusinessRuleException($"{field}不能为负数");
        if (decimal.Round(yuan, 2) != yuan) throw new BusinessRuleException($"{field}最多 2 位小数");
        if (yuan > maxYuan) throw new BusinessRuleException(tooLarge);
        return FromYuan(yuan);
    }
}
