using System.IO.Compression;

namespace PostalCrm.Sdk.Excel;

/// <summary>Checks an upload is a real, reasonably sized xlsx before any parser touches it.</summary>
internal static class XlsxPackage
{
    public const string ContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    private static readonly byte[] ZipMagic = [0x50, 0x4B, 0x03, 0x04];
    private static readonly byte[] OleMagic = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

    /// <summary>
    /// Null when <paramref name="xlsx"/> (seekable, read from position 0) is a zip holding a workbook whose entries inflate
    /// to at most <paramref name="maxUncompressedBytes"/>; otherwise the reason in Chinese. The declared sizes are enough:
    /// .NET's ZipArchive never inflates an entry beyond its declared length (a lying header just truncates the entry).
    /// </summary>
    public static string? Check(Stream xlsx, long maxUncompressedBytes)
    {
        xlsx.Position = 0;
        Span<byte> head = stackalloc byte[8];
        var read = xlsx.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        xlsx.Position = 0;
        if (read >= OleMagic.Length && head.StartsWith(OleMagic))
            return "这是旧版 Excel 97-2003 (.xls) 文件,请在 Excel 中另存为 .xlsx 后再导入";
        if (read < ZipMagic.Length || !head.StartsWith(ZipMagic))
            return "文件不是有效的 Excel (.xlsx) 文件";
        try
        {
            using var zip = new ZipArchive(xlsx, ZipArchiveMode.Read, leaveOpen: true);
            if (zip.GetEntry("xl/workbook.xml") is null) return "文件不是有效的 Excel (.xlsx) 文件";
            long total = 0;
            foreach (var entry in zip.Entries)
            {
                total += entry.Length;
                if (total > maxUncompressedBytes)
                    return $"文件解压后超过 {maxUncompressedBytes / 1024 / 1024} MB,拒绝处理";
            }
            return null;
        }
        catch (InvalidDataException)
        {
            return "文件已损坏,不是有效的 Excel (.xlsx) 文件";
        }
        finally
        {
            xlsx.Position = 0;
        }
    }
}
