using System.Globalization;
using PostalCrm.Sdk.Money;

namespace PostalCrm.Sdk.Tests;

/// <summary>Money shown on pages: <see cref="Fen.Show(long)"/> writes what "#,##0.00" makes of the amount in 元.</summary>
public class FenTests
{
    private static string Reference(long fen) => (fen / 100m).ToString("#,##0.00", CultureInfo.InvariantCulture);

    [TestCase(0L, "0.00")]
    [TestCase(5L, "0.05")]
    [TestCase(-5L, "-0.05")]
    [TestCase(100L, "1.00")]
    [TestCase(150050L, "1,500.50")]
    [TestCase(-150050L, "-1,500.50")]
    [TestCase(99999999L, "999,999.99")]
    [TestCase(100000000L, "1,000,000.00")]
    [TestCase(long.MaxValue, "92,233,720,368,547,758.07")]
    [TestCase(long.MinValue, "-92,233,720,368,547,758.08")]
    public void Amounts_show_with_group_separators_and_two_decimals(long fen, string shown)
    {
        Assert.That(Fen.Show(fen), Is.EqualTo(shown));
        Assert.That(Fen.Show(fen), Is.EqualTo(Reference(fen)));
    }

    [Test]
    public void Every_amount_shows_as_the_decimal_format_would()
    {
        var random = new Random(20261201);
        for (var i = 0; i < 100_000; i++)
        {
            var fen = random.NextInt64(-10_000_000_000_000L, 10_000_000_000_000L) / (long)Math.Pow(10, random.Next(0, 12));
            Assert.That(Fen.Show(fen), Is.EqualTo(Reference(fen)), fen.ToString(CultureInfo.InvariantCulture));
        }
        Assert.That(Fen.Show(null), Is.Empty);
    }
}
