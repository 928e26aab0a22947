using System.IO.Compression;
using System.Text;
using PostalCrm.Sdk.Files;
using PostalCrm.Sdk.Security;

namespace PostalCrm.Sdk.Tests;

public class FilePolicyTests
{
    private static readonly byte[] Pdf = Encoding.ASCII.GetBytes("%PDF-1.7\n1 0 obj\n");

    [Test]
    public void Accepts_a_pdf_by_name_and_content() =>
        Assert.DoesNotThrow(() => FilePolicy.Documents().Check("合同.pdf", Pdf.Length, Pdf));

    [Test]
    public void Refuses_a_renamed_executable()
    {
        var mz = new byte[] { (byte)'M', (byte)'Z', 0x90, 0 };
        var e = Assert.Throws<BusinessRuleException>(() => FilePolicy.AnyButExecutable().Check("报表.txt", 4, mz));
        Assert.That(e!.Message, Does.Contain("可执行"));
    }

    [TestCase("a.exe")]
    [TestCase("a.bat")]
    [TestCase("a.htm")]
    [TestCase("a.html")]
    [TestCase("a.jsp")]
    [TestCase("noextension")]
    [TestCase("a.EXE")]
    [TestCase("a.ps1")]
    public void F_7_3_refuses_dangerous_or_missing_extensions(string name)
    {
        var text = Encoding.UTF8.GetBytes("hello");
        Assert.Throws<BusinessRuleException>(() => FilePolicy.AnyButExecutable().Check(name, text.Length, text));
    }

    [Test]
    public void Refuses_html_content_under_a_harmless_name()
    {
        var html = Encoding.UTF8.GetBytes("<!DOCTYPE html><script>alert(1)</script>");
        Assert.Throws<BusinessRuleException>(() => FilePolicy.AnyButExecutable().Check("说明.txt", html.Length, html));
    }

    [Test]
    public void Refuses_content_that_does_not_match_the_extension()
    {
        var text = Encoding.UTF8.GetBytes("not a pdf");
        var e = Assert.Throws<BusinessRuleException>(() => FilePolicy.Documents().Check("a.pdf", text.Length, text));
        Assert.That(e!.Message, Does.Contain("不符"));
    }

    [Test]
    public void Refuses_oversized_and_empty_files()
    {
        Assert.Throws<BusinessRuleException>(() => new FilePolicy { MaxBytes = 10 }.Check("a.txt", 11, Encoding.ASCII.GetBytes("12345678901")));
        Assert.Throws<BusinessRuleException>(() => FilePolicy.AnyButExecutable().Check("a.txt", 0, []));
    }

    [Test]
    public void Docx_must_be_a_word_package()
    {
        var path = Path.GetTempFileName();
        try
        {
            using (var zip = ZipFile.Open(path, ZipArchiveMode.Update)) zip.CreateEntry("xl/workbook.xml");
            var bytes = File.ReadAllBytes(path);
            Assert.Throws<BusinessRuleException>(() => FilePolicy.WordOnly().Check("a.docx", bytes.Length, bytes, path));
            using (var zip = ZipFile.Open(path, ZipArchiveMode.Update)) zip.CreateEntry("word/document.xml");
            bytes = File.ReadAllBytes(path);
            Assert.DoesNotThrow(() => FilePolicy.WordOnly().Check("a.docx", bytes.Length, bytes, path));
        }
        finally { File.Delete(path); }
    }

    [TestCase("..\\..\\etc\\passwd", "passwd")]
    [TestCase("/tmp/x/合同.pdf", "合同.pdf")]
    public void Safe_display_names_drop_folders(string input, string expected) =>
        Assert.That(FilePolicy.SafeDisplayName(input), Is.EqualTo(expected));
}
