using System.Globalization;
using System.IO.Compression;
using System.Text;
using PostalCrm.Sdk.Excel;
using static PostalCrm.Sdk.Tests.ExcelTestFiles;

namespace PostalCrm.Sdk.Tests;

/// <summary>
/// The SDK's own reader of the sheet XML on workbooks written by hand: every cell kind other writers (WPS, scripts, old
/// Excel) use — shared and inline strings with rich-text runs, str/b cells, dates by number format, cells and rows without
/// references, parts named by absolute paths — and corrupt XML half-way turned into a message with its row.
/// </summary>
public class ExcelSheetXmlTests
{
    private const string Main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
    private static readonly string Serial = new DateTime(2024, 3, 5).ToOADate().ToString(CultureInfo.InvariantCulture);

    private static MemoryStream Workbook(string sheetData)
    {
        var zip = new MemoryStream();
        using (var archive = new ZipArchive(zip, ZipArchiveMode.Create, leaveOpen: true))
        {
            void Part(string name, string xml)
            {
                using var w = new StreamWriter(archive.CreateEntry(name).Open(), new UTF8Encoding(false));
                w.Write(xml);
            }
            Part("xl/workbook.xml", $"""<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{Main}" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="格式说明" sheetId="1" r:id="rId1"/><sheet name="客户" sheetId="2" r:id="rId2"/></sheets></workbook>""");
            Part("xl/_rels/workbook.xml.rels", """<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="/xl/worksheets/data.xml"/><Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/><Relationship Id="rId4" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>""");
            Part("xl/sharedStrings.xml", $"""<sst xmlns="{Main}"><si><t>客户名称*</t></si><si><r><t>华信</t></r><r><rPr><b/></rPr><t>物流</t></r><rPh sb="0" eb="1"><t>ふりがな</t></rPh></si></sst>""");
            Part("xl/styles.xml", $"""<styleSheet xmlns="{Main}"><numFmts count="1"><numFmt numFmtId="164" formatCode="yyyy&quot;年&quot;m&quot;月&quot;d&quot;日&quot;"/></numFmts><cellXfs count="4"><xf numFmtId="0"/><xf numFmtId="164"/><xf numFmtId="14"/><xf numFmtId="4"/></cellXfs></styleSheet>""");
            Part("xl/worksheets/sheet1.xml", $"""<worksheet xmlns="{Main}"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>不是数据</t></is></c></row></sheetData></worksheet>""");
            Part("xl/worksheets/data.xml", $"""<worksheet xmlns="{Main}"><dimension ref="A1:G4"/><sheetData>{sheetData}</sheetData></worksheet>""");
        }
        zip.Position = 0;
        return zip;
    }

    private static string Inline(string cell, string text) => $"""<c r="{cell}" t="inlineStr"><is><t>{text}</t></is></c>""";

    // Headers in another order than the spec, the first from the shared strings.
    private static readonly string Header = "<row r=\"1\">" + """<c r="A1" t="s"><v>0</v></c>""" + Inline("B1", "联系电话*") + Inline("C1", "综合客户")
        + Inline("D1", "建档日期") + Inline("E1", "年收入") + Inline("F1", "员工人数") + Inline("G1", "客户级别") + "</row>";

    [Test]
    public void Every_kind_of_cell_is_read_as_excel_shows_it()
    {
        using var file = Workbook(Header
            // Row 2: no cell references (columns A, B, C … in order); a rich-text shared string; Excel's _x002D_ escape;
            // a boolean; a date by a custom Chinese format; a number in exponent form; a formula's cached string.
            + "<row>" + """<c t="s"><v>1</v></c><c t="inlineStr"><is><r><t>027</t></r><r><t>_x002D_88886666</t></r></is></c><c t="b"><v>1</v></c>"""
            + $"""<c s="1"><v>{Serial}</v></c><c s="3"><v>1.2345678910000001E7</v></c><c><v>120</v></c><c t="str"><f>"A"</f><v>A</v></c></row>"""
            // Row 4 (row 3 absent): references out of order, a built-in date format, false, blanks.
            + """<row r="4"><c r="D4" s="2"><v>""" + Serial + """</v></c><c r="A4" t="inlineStr"><is><t> 邮储银行 </t></is></c>"""
            + """<c r="B4" t="str"><v>13800138000</v></c><c r="C4" t="b"><v>0</v></c><c r="E4"/><c r="G4" t="inlineStr"><is><t></t></is></c></row>""");
        var result = ReadCustomers(file);

        Assert.That(result.Errors, Is.Empty);
        Assert.That(result.Items, Is.EqualTo(new[]
        {
            new Customer("华信物流", "027-88886666", "A", 120, 12345678.91m, new DateOnly(2024, 3, 5), true),
            new Customer("邮储银行", "13800138000", null, null, null, new DateOnly(2024, 3, 5), false),
        }));
    }

    [Test]
    public void Row_numbers_in_messages_are_the_sheets_own()
    {
        using var file = Workbook(Header + """<row r="7"><c r="A7" t="s"><v>1</v></c><c r="B7" t="inlineStr"><is><t>110</t></is></c><c r="F7"><v>1.5</v></c></row>""");
        Assert.That(ReadCustomers(file).Errors, Is.EqualTo(new[] { new ExcelError(7, "员工人数", "必须是整数") }));
    }

    [Test]
    public void Corrupt_xml_half_way_is_a_message_with_its_row_and_nothing_is_imported()
    {
        using var file = Workbook(Header + """<row r="2"><c r="A2" t="s"><v>1</v></c><c r="B2" t="inlineStr"><is><t>110</t></is></c></row>"""
            + """<row r="3"><c r="A3" t="s"><v>1</v></row>""");
        var result = ReadCustomers(file);
        Assert.That(result.Succeeded, Is.False);
        Assert.That(result.Items, Is.Empty);
        Assert.That(result.Errors.Single().Row, Is.EqualTo(3));
        Assert.That(result.Errors.Single().Message, Does.StartWith("文件内容已损坏,无法读取:"));
    }

    [Test]
    public void A_shared_string_that_does_not_exist_and_a_bad_cell_reference_are_corrupt_content()
    {
        using var missing = Workbook(Header + """<row r="2"><c r="A2" t="s"><v>9</v></c></row>""");
        Assert.That(ReadCustomers(missing).Errors.Single().Message, Does.StartWith("文件内容已损坏,无法读取:"));
        using var badRef = Workbook(Header + """<row r="2"><c r="2A"><v>1</v></c></row>""");
        Assert.That(ReadCustomers(badRef).Errors.Single().Message, Does.StartWith("文件内容已损坏,无法读取:"));
    }

    [Test]
    public void The_sheets_are_found_by_name_through_the_relationships()
    {
        using var file = Workbook("");
        Assert.That(new ExcelRowReader(new ExcelSheetSpec("用邮", [ExcelColumn.Text("名称", "name")])).Read(file).Errors.Single().Message,
            Is.EqualTo("找不到工作表「用邮」(文件中有:格式说明、客户),请使用下载的模板"));
        file.Position = 0;
        Assert.That(ReadCustomers(file).Errors.Single(), Is.EqualTo(new ExcelError(1, "", "工作表「客户」是空的,缺少表头行")));
    }
}
