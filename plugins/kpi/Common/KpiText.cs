using System.Globalization;
using System.Text.RegularExpressions;
using PostalCrm.Sdk.Security;

namespace PostalCrm.Plugins.Kpi.Common;

/// <summary>Checks of F-6.3/F-6.4 (the manual: 签名只能输入中文, 联系电话只能输入数字), on the server too.</summary>
public static partial class KpiText
{
    public static string ChineseName(string? value, string field)
    {
        var v = (value ?? "").Trim();
        if (v.Length == 0) throw new BusinessRuleException($"请输入{field}");
        if (v.Length > 30 || !Chinese().IsMatch(v)) throw new BusinessRuleException($"{field}只能输入中文");
        return v;
    }

    public static string Digits(string? value, string field)
    {
        var v = (value ?? "").Trim();
        if (v.Length == 0) throw new BusinessRuleException($"请输入{field}");
        if (v.Length > 20 || !AllDigits().IsMatch(v)) throw new BusinessRuleException($"{field}只能输入数字");
        return v;
    }

    public static string Period(int year, int month) => $"{year}年{month:00}月";

    public static string Number(decimal v) => v.ToString("0.##", CultureInfo.InvariantCulture);

    [GeneratedRegex(@"^[\u4e00-\u9fff\u3400-\u4dbf·]+$")]
    private static partial Regex Chinese();

    [GeneratedRegex(@"^[0-9]+$")]
    private static partial Regex AllDigits();
}
