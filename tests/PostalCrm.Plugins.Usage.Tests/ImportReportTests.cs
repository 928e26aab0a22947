using System.Net;
using ClosedXML.Excel;
using PostalCrm.Testing;

namespace PostalCrm.Plugins.Usage.Tests;

/// <summary>F-5.5: the downloadable copy of a refused workbook marks every bad cell.</summary>
public sealed partial class ImportTests
{
    [Test]
    public async Task F_5_5_the_error_copy_fills_each_bad_cell_red_with_its_message_as_a_comment()
    {
        using var s = await _app.LoginAsync(DemoUsers.JiangAnCm1);
        var a = await _app.BookingOfAsync(DemoUsers.JiangAnCm1);
        var before = Counts();
        var html = await (await UploadAsync(s, Xlsx(
        [
            Row(Dt(Today), a.Number, a.ProductLine, a.BusinessType, 100, remarks: "标注"),   // 2 ok
            Row(Dt(Today), "99999999999999", a.ProductLine, a.BusinessType, 100),           // 3 unknown number (B3)
            Row(Dt(Today), a.Number, a.ProductLine, a.BusinessType, "一百元"),               // 4 text in a number (G4)
        ]), "标注.xlsx")).Content.ReadAsStringAsync();
        Assert.That(html, Does.Contain("导入失败"));
        Assert.That(Counts(), Is.EqualTo(before));

        var download = await s.GetAsync(TokenLink().Match(html).Groups[1].Value);
        Assert.That(download.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        using var book = new XLWorkbook(new MemoryStream(await download.Content.ReadAsByteArrayAsync()));
        var sheet = book.Worksheet(Sheet);
        var red = XLColor.FromHtml("#FFC7CE");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(sheet.Cell("B3").GetString(), Is.EqualTo("99999999999999"), "the user's value is kept");
            Assert.That(sheet.Cell("B3").Style.Fill.BackgroundColor, Is.EqualTo(red));
            Assert.That(sheet.Cell("B3").HasComment && sheet.Cell("B3").Comment.Text.Contains("不存在", StringComparison.Ordinal), Is.True);
            Assert.That(sheet.Cell("G4").Style.Fill.BackgroundColor, Is.EqualTo(red));
            Assert.That(sheet.Cell("G4").Comment.Text, Does.Contain("必须是数字"));
            Assert.That(sheet.Cell("B2").HasComment || sheet.Cell("G2").HasComment, Is.False, "the good row is not marked");
            Assert.That(sheet.Cell("B2").Style.Fill.BackgroundColor, Is.Not.EqualTo(red));
        }
    }
}
