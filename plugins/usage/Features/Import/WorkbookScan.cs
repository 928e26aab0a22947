using System.IO.Compression;
using System.Xml;

namespace PostalCrm.Plugins.Usage.Features.Import;

/// <summary>
/// A cheap streamed look at the data sheet's XML before the row reader parses it: refuses formulas (a formula's cached
/// value may be stale or absent, so usage figures must be pasted as values) and sheets with more rows than an import may
/// hold (e.g. 1,048,576 rows), so neither reaches validation. The zip itself was already checked by the SDK
/// (not a zip, an .xls, a zip bomb), and the sheet's existence is the row reader's check.
/// </summary>
internal static class WorkbookScan
{
    private const string MainNs = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
    /// <summary>Same bound as the SDK's <c>ExcelReadOptions.MaxUncompressedBytes</c> default.</summary>
    public static readonly long MaxUncompressedBytes = new PostalCrm.Sdk.Excel.ExcelReadOptions().MaxUncompressedBytes;
    private const string RelNs = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

    /// <summary>
    /// Error null when fine, else the message, with the Excel row and column letters of a formula; Rows: the sheet's
    /// non-empty rows including the header (the progress page's total).
    /// </summary>
    public static ((int Row, string Column, string Message)? Error, int Rows) Check(Stream xlsx, string sheetName, int maxRows)
    {
        xlsx.Position = 0;
        var rows = 0;
        try
        {
            using var zip = new ZipArchive(xlsx, ZipArchiveMode.Read, leaveOpen: true);
            // Too big when inflated: the SDK's reader refuses it with its own message; never inflate it here.
            if (zip.Entries.Sum(e => e.Length) > MaxUncompressedBytes) return (null, 0);
            if (PartOf(zip, sheetName) is not { } part || zip.GetEntry(part) is not { } entry) return (null, 0);
            using var stream = entry.Open();
            using var reader = XmlReader.Create(stream, new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, IgnoreWhitespace = true });
            string? cellRef = null;
            while (reader.Read())
            {
                if (reader.NodeType != XmlNodeType.Element || reader.NamespaceURI != MainNs) continue;
                switch (reader.LocalName)
                {
                    case "row":
                        if (!reader.IsEmptyElement && ++rows > maxRows + 1)
                            return ((0, "", $"工作表「{sheetName}」超过 {maxRows:N0} 行数据,请分成多个文件导入"), rows);
                        break;
                    case "c":
                        cellRef = reader.GetAttribute("r");
                        break;
                    case "f":
                        var (row, letters) = Split(cellRef);
                        return ((row, letters, "不能使用公式,请将数据“选择性粘贴”为数值后再导入"), rows);
                }
            }
            return (null, rows);
        }
        catch (Exception e) when (e is InvalidDataException or IOException)
        {
            return (null, 0); // not a zip, an .xls, a damaged zip: the SDK's reader says which, in Chinese
        }
        catch (XmlException)
        {
            return ((0, "", "文件已损坏,不是有效的 Excel (.xlsx) 文件"), rows);
        }
        finally
        {
            xlsx.Position = 0;
        }
    }

    /// <summary>The zip part of the sheet with this name (through workbook.xml and its relationships).</summary>
    private static string? PartOf(ZipArchive zip, string sheetName)
    {
        string? relId = null;
        using (var s = zip.GetEntry("xl/workbook.xml")?.Open())
        {
            if (s is null) return null;
            using var r = XmlReader.Create(s, new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit });
            while (r.Read())
            {
                if (r.NodeType == XmlNodeType.Element && r.LocalName == "sheet" && r.GetAttribute("name") == sheetName)
                {
                    relId = r.GetAttribute("id", RelNs);
                    break;
                }
            }
        }
        if (relId is null) return null;
        using (var s = zip.GetEntry("xl/_rels/workbook.xml.rels")?.Open())
        {
            if (s is null) return null;
            using var r = XmlReader.Create(s, new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit });
            while (r.Read())
            {
                if (r.NodeType == XmlNodeType.Element && r.LocalName == "Relationship" && r.GetAttribute("Id") == relId)
                {
                    var target = r.GetAttribute("Target") ?? "";
                    return target.StartsWith('/') ? target.TrimStart('/') : "xl/" + target;
                }
            }
        }
        return null;
    }

    private static (int Row, string Letters) Split(string? cellRef)
    {
        if (string.IsNullOrEmpty(cellRef)) return (0, "");
        var i = 0;
        while (i < cellRef.Length && char.IsLetter(cellRef[i])) i++;
        return (int.TryParse(cellRef.AsSpan(i), out var row) ? row : 0, cellRef[..i]);
    }
}
