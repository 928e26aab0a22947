using System.IO.Compression;
using System.Text;

namespace PostalCrm.Plugins.Sharing.Tests;

/// <summary>Small files whose first bytes are what real ones start with; each carries a marker so contents differ.</summary>
public static class TestFiles
{
    private static readonly byte[] Ole = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

    /// <summary>Word 97-2003 (.doc): an OLE compound file.</summary>
    public static byte[] Doc(string marker) => [.. Ole, .. new byte[504], .. Encoding.UTF8.GetBytes(marker)];

    /// <summary>Word (.docx): a zip with word/document.xml.</summary>
    public static byte[] Docx(string marker)
    {
        using var ms = new MemoryStream();
        using (var zip = new ZipArchive(ms, ZipArchiveMode.Create, leaveOpen: true))
        {
            Add(zip, "[Content_Types].xml", "<?xml version=\"1.0\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"/>");
            Add(zip, "word/document.xml", $"<?xml version=\"1.0\"?><w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body><w:p><w:r><w:t>{marker}</w:t></w:r></w:p></w:body></w:document>");
        }
        return ms.ToArray();
    }

    public static byte[] Pdf(string marker) => Encoding.UTF8.GetBytes($"%PDF-1.4\n% {marker}\n%%EOF\n");

    /// <summary>A Windows executable's header.</summary>
    public static byte[] Exe() => [.. "MZ"u8, 0x90, 0x00, 0x03, .. new byte[200]];

    public static byte[] Text(string text) => Encoding.UTF8.GetBytes(text);

    private static void Add(ZipArchive zip, string name, string content)
    {
        using var w = new StreamWriter(zip.CreateEntry(name).Open(), Encoding.UTF8);
        w.Write(content);
    }
}
