using System.Globalization;
using PostalCrm.Sdk.Money;

namespace PostalCrm.Plugins.Usage.Common;

/// <summary>Usage amounts: the SDK's <see cref="Fen"/> with the usage plugin's maximum and messages.</summary>
public static class Money
{
    /// <summary>Largest amount accepted: 100 亿元 (far above any single usage, far below overflow in sums).</summary>
    public const decimal MaxYuan = 10_000_000_000m;

    public static long ToFen(decimal yuan) => Fen.FromYuan(yuan);

    public static decimal ToYuan(long fen) => Fen.ToYuan(fen);

    public static decimal? ToYuan(long? fen) => Fen.ToYuan(fen);

    /// <summary>E.g. 12,345.60.</summary>
    public static string Show(long fen) => Fen.Show(fen);

    public static string Show(long? fen) => Fen.Show(fen);

    /// <summary>Checks a typed amount: not negative, at most 2 decimals, not absurdly large; the message names the field.</summary>
    public static long CheckFen(decimal yuan, string field) =>
        Fen.Checked(yuan, field, MaxYuan, $"{field}不能大于 {MaxYuan.ToString("#,##0", CultureInfo.InvariantCulture)} 元");
}
