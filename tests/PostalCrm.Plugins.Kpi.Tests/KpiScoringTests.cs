using PostalCrm.Plugins.Kpi.Common;

namespace PostalCrm.Plugins.Kpi.Tests;

/// <summary>F-6.2's arithmetic (manual notes 2 and 3).</summary>
public class KpiScoringTests
{
    [TestCase(100, 200, 50, 25)]
    [TestCase(200, 200, 50, 50)]
    [TestCase(500, 200, 50, 50)]      // actual > target: full marks, never more
    [TestCase(0, 200, 50, 0)]         // zero actual
    [TestCase(1, 3, 10, 3.33)]        // rounding to two decimals
    [TestCase(2, 3, 10, 6.67)]
    [TestCase(1, 8, 1, 0.13)]         // 0.125 → 0.13 (half away from zero)
    public void F_6_2_score_is_min_actual_over_target_1_times_weight(decimal actual, decimal target, decimal weight, decimal expected) =>
        Assert.That(KpiScoring.Score(actual, target, weight), Is.EqualTo(expected));

    [Test]
    public void F_6_2_total_is_the_sum_of_the_rounded_scores() =>
        Assert.That(KpiScoring.Total([KpiScoring.Score(1, 3, 10), KpiScoring.Score(2, 3, 10), KpiScoring.Score(1, 1, 80)]), Is.EqualTo(90m));

    [TestCase("张三", true)]
    [TestCase("欧阳·娜娜", true)]
    [TestCase("Zhang", false)]
    [TestCase("张3", false)]
    [TestCase("", false)]
    public void F_6_3_signature_is_chinese_characters_only(string value, bool ok)
    {
        if (ok) Assert.That(KpiText.ChineseName(value, "客户签名"), Is.EqualTo(value));
        else Assert.That(() => KpiText.ChineseName(value, "客户签名"), Throws.TypeOf<Sdk.Security.BusinessRuleException>());
    }

    [TestCase("13812345678", true)]
    [TestCase("027-8888", false)]
    [TestCase("１２３", false)]
    public void F_6_3_phone_is_digits_only(string value, bool ok)
    {
        if (ok) Assert.That(KpiText.Digits(value, "联系电话"), Is.EqualTo(value));
        else Assert.That(() => KpiText.Digits(value, "联系电话"), Throws.TypeOf<Sdk.Security.BusinessRuleException>());
    }
}
