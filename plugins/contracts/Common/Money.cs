using System.Globalization;
using System.Text.RegularExpressions;
using PostalCrm.Sdk.Money;
using PostalCrm.Sdk.Security;

namespace PostalCrm.Plugins.Contracts.Common;

/// <summary>Money as typed (yuan, at most 2 decimals) and as stored (integer fen): exact on every database.</summary>
public static partial class Money
{
    /// <summary>Largest amount accepted: 10 billion yuan.</summary>
    public const long MaxFen = 1_000_000_000_000L;

    /// <summary>A positive amount in yuan with at most two decimals, as fen; else a <see cref="BusinessRuleException"/> naming the field.</summary>
    public static long ParseFen(string? text, string field)
    {
        var t = (text ?? "").Trim().Replace(",", "", StringComparison.Ordinal);
        if (t.Length == 0) throw new BusinessRuleException($"请填写{field}");
        if (!AmountRegex().IsMatch(t) || !decimal.TryParse(t, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var yuan))
            throw new BusinessRuleException($"{field}必须是数字金额(元),最多两位小数,例如 1500 或 1500.50");
        var fen = (long)(yuan * 100m);
        if (fen <= 0) throw new BusinessRuleException($"{field}必须大于 0");
        if (fen > MaxFen) throw new BusinessRuleException($"{field}过大");
        return fen;
    }

    /// <summary>1234.5 yuan as "1,234.50".</summary>
    public static string Format(long fen) => Fen.Show(fen);

    /// <summary>As typed back into a form: "1234.50".</summary>
    public static string Plain(long fen) => Fen.Plain(fen);

    public static decimal Yuan(long fen) => Fen.ToYuan(fen);

    [GeneratedRegex(@"^\d{1,11}(\.\d{1,2})?$")]
    private static partial Regex AmountRegex();
}

/// <summary>优惠折扣: an integer 0–100 (七五折 = 75, 九折 = 90, 不打折 = 100).</summary>
public static partial class DiscountRule
{
    public const string Rule = "优惠折扣只能填写 0 到 100 之间的整数(七五折填 75,九折填 90,不打折填 100)";

    public static int Parse(string? text)
    {
        var t = (text ?? "").Trim();
        if (t.Length == 0) throw new BusinessRuleException("请填写优惠折扣");
        if (!DigitsRegex().IsMatch(t)) throw new BusinessRuleException(Rule);
        var value = int.Parse(t, CultureInfo.InvariantCulture);
        return value is >= 0 and <= 100 ? value : throw new BusinessRuleException(Rule);
    }

    [GeneratedRegex(@"^\d{1,3}$")]
    private static partial Regex DigitsRegex();
}
