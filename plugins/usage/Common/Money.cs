using System.Globalization;
using PostalCrm.Sdk.Security;

namespace PostalCrm.Plugins.Usage.Common;

/// <summary>Yuan (decimal, as users type and see it) ⇄ whole 分 (long, as stored and summed).</summary>
public static class Money
{
    /// <summary>Largest amount accepted: 100 亿元 (far above any single usage, far below overflow in sums).</summary>
    public const decimal MaxYuan = 10_000_000_000m;

    public static long ToFen(decimal yuan) => decimal.ToInt64(yuan * 100m);

    public static decimal ToYuan(long fen) => fen / 100m;

    public static decimal? ToYuan(long? fen) => fen is { } f ? f / 100m : null;

    /// <summary>E.g. 12,345.60.</summary>
    public static string Show(long fen) => (fen / 100m).ToString("#,##0.00", CultureInfo.InvariantCulture);

    public static string Show(long? fen) => fen is { } f ? Show(f) : "";

    /// <summary>Checks a typed amount: not negative, at most 2 decimals, not absurdly large; the message names the field.</summary>
    public static long CheckFen(decimal yuan, string field)
    {
        if (yuan < 0) throw new BusinessRuleException($"{field}不能为负数");
        if (decimal.Round(yuan, 2) != yuan) throw new BusinessRuleException($"{field}最多 2 位小数");
        if (yuan > MaxYuan) throw new BusinessRuleException($"{field}不能大于 {MaxYuan.ToString("#,##0", CultureInfo.InvariantCulture)} 元");
        return ToFen(yuan);
    }
}
