using System.Globalization;
using System.IO.Compression;
using System.Text;
using System.Xml;

namespace PostalCrm.Sdk.Excel;

/// <summary>
/// A lean forward-only reader of one worksheet of an xlsx: the sheet part found by name through workbook.xml and its
/// relationships, read with one <see cref="XmlReader"/> straight from the zip, the shared strings and the cell styles'
/// date formats loaded once. Cells come as MiniExcel typed them (what <see cref="ExcelCellParser"/> expects): string,
/// double, DateTime (a number under a date format), bool, or null. Per row nothing is allocated but the cells' own
/// values (no dictionary per row, no column-letter strings), which keeps a 100,000-row import's garbage small.
/// Malformed content throws (<see cref="XmlException"/>, <see cref="InvalidDataException"/> …): the caller turns it into a message.
/// </summary>
internal sealed class XlsxSheetReader : IDisposable
{
    /// <summary>Excel's limits: a cell reference beyond them is corrupt content.</summary>
    public const int MaxRow = 1_048_576;
    public const int MaxColumns = 16_384;

    private const string RelNs = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
    private const string StrictRelNs = "http://purl.oclc.org/ooxml/officeDocument/relationships";

    private static readonly XmlReaderSettings Settings = new()
    {
        DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null, IgnoreComments = true, IgnoreProcessingInstructions = true,
        CloseInput = true,
    };

    private readonly ZipArchive _zip;
    private readonly XmlReader _xml;
    private readonly string[] _shared;
    private readonly bool[] _dateStyles;
    // Atomized names: compared by reference, no string per node.
    private readonly string _row, _c, _v, _is, _t, _r, _rPh, _sheetData, _s;

    private XlsxSheetReader(ZipArchive zip, Stream sheet, string[] shared, bool[] dateStyles)
    {
        _zip = zip;
        var names = new NameTable();
        _row = names.Add("row");
        _c = names.Add("c");
        _v = names.Add("v");
        _is = names.Add("is");
        _t = names.Add("t");
        _r = names.Add("r");
        _rPh = names.Add("rPh");
        _sheetData = names.Add("sheetData");
        _s = names.Add("s");
        _xml = XmlReader.Create(sheet, Settings.Clone().With(names));
        _shared = shared;
        _dateStyles = dateStyles;
    }

    /// <summary>The Excel row number of the row just moved to (1 = the first row).</summary>
    public int RowNumber { get; private set; }

    /// <summary>The names of the workbook's sheets, in order.</summary>
    public static List<string> SheetNames(ZipArchive zip)
    {
        var names = new List<string>();
        using var r = XmlReader.Create(Entry(zip, "xl/workbook.xml")?.Open() ?? throw new InvalidDataException("workbook.xml"), Settings);
        while (r.Read())
            if (r.NodeType == XmlNodeType.Element && r.LocalName == "sheet" && r.GetAttribute("name") is { } name) names.Add(name);
        return names;
    }

    /// <summary>Opens the sheet with this name (it must exist: <see cref="SheetNames"/>); the reader owns the zip.</summary>
    public static XlsxSheetReader Open(ZipArchive zip, string sheetName)
    {
        string? relId = null;
        using (var r = XmlReader.Create(Entry(zip, "xl/workbook.xml")?.Open() ?? throw new InvalidDataException("workbook.xml"), Settings))
        {
            while (r.Read())
            {
                if (r.NodeType == XmlNodeType.Element && r.LocalName == "sheet" && r.GetAttribute("name") == sheetName)
                {
                    relId = r.GetAttribute("id", RelNs) ?? r.GetAttribute("id", StrictRelNs);
                    break;
                }
            }
        }
        string? sheetPart = null, sharedPart = null, stylesPart = null;
        if (Entry(zip, "xl/_rels/workbook.xml.rels") is { } rels)
        {
            using var r = XmlReader.Create(rels.Open(), Settings);
            while (r.Read())
            {
                if (r.NodeType != XmlNodeType.Element || r.LocalName != "Relationship") continue;
                var target = r.GetAttribute("Target");
                if (target is null) continue;
                var part = target.StartsWith('/') ? target[1..] : "xl/" + target;
                var type = r.GetAttribute("Type") ?? "";
                if (relId is not null && r.GetAttribute("Id") == relId) sheetPart = part;
                else if (type.EndsWith("/sharedStrings", StringComparison.Ordinal)) sharedPart = part;
                else if (type.EndsWith("/styles", StringComparison.Ordinal)) stylesPart = part;
            }
        }
        var sheet = (sheetPart is null ? null : Entry(zip, sheetPart))
            ?? throw new InvalidDataException($"工作表「{sheetName}」的内容不在文件中");
        var shared = ReadSharedStrings(Entry(zip, sharedPart ?? "xl/sharedStrings.xml"));
        var dates = ReadDateStyles(Entry(zip, stylesPart ?? "xl/styles.xml"));
        return new XlsxSheetReader(zip, sheet.Open(), shared, dates);
    }

    /// <summary>Moves to the next row element of the sheet (rows absent from the file are skipped); false at the end.</summary>
    public bool MoveNext()
    {
        var x = _xml;
        while (x.Read())
        {
            if (x.NodeType == XmlNodeType.Element && ReferenceEquals(x.LocalName, _row))
            {
                var number = RowNumber + 1;
                if (x.GetAttribute(_r) is { } r)
                {
                    if (!int.TryParse(r, NumberStyles.None, CultureInfo.InvariantCulture, out number) || number <= RowNumber || number > MaxRow)
                        throw new InvalidDataException($"行号 {r} 不正确");
                }
                else if (number > MaxRow) throw new InvalidDataException("行数超过 Excel 的上限");
                RowNumber = number;
                return true;
            }
            if (x.NodeType == XmlNodeType.EndElement && ReferenceEquals(x.LocalName, _sheetData)) return false;
        }
        return false;
    }

    /// <summary>
    /// Reads the current row's cells into <paramref name="cells"/> (by column: A = 0), after clearing it; cells of columns
    /// beyond its length are skipped unread. Call once per row, right after <see cref="MoveNext"/>.
    /// </summary>
    public void ReadCells(object?[] cells)
    {
        Array.Clear(cells);
        var x = _xml;
        if (x.IsEmptyElement) return;
        var rowDepth = x.Depth;
        var column = -1;
        x.Read();
        while (!x.EOF)
        {
            if (x.NodeType == XmlNodeType.EndElement && x.Depth == rowDepth) return;
            if (x.NodeType != XmlNodeType.Element || !ReferenceEquals(x.LocalName, _c))
            {
                if (x.NodeType == XmlNodeType.Element) x.Skip();
                else x.Read();
                continue;
            }
            string? reference = null, type = null, style = null;
            while (x.MoveToNextAttribute())
            {
                var name = x.LocalName;
                if (ReferenceEquals(name, _r)) reference = x.Value;
                else if (ReferenceEquals(name, _t)) type = x.Value;
                else if (ReferenceEquals(name, _s)) style = x.Value;
            }
            x.MoveToElement();
            column = reference is null ? column + 1 : ColumnIndex(reference);
            if (column >= cells.Length)
            {
                x.Skip();
                continue;
            }
            cells[column] = ReadCell(type, style);
        }
    }

    public void Dispose()
    {
        _xml.Dispose();
        _zip.Dispose();
    }

    /// <summary>The value of the cell element the reader is on; leaves the reader after it.</summary>
    private object? ReadCell(string? type, string? style)
    {
        var x = _xml;
        if (x.IsEmptyElement)
        {
            x.Read();
            return null;
        }
        var depth = x.Depth;
        string? value = null, inline = null;
        x.Read();
        while (!x.EOF && !(x.NodeType == XmlNodeType.EndElement && x.Depth == depth))
        {
            if (x.NodeType != XmlNodeType.Element) x.Read();
            else if (ReferenceEquals(x.LocalName, _v)) value = x.ReadElementContentAsString();
            else if (ReferenceEquals(x.LocalName, _is)) inline = ReadRichText();
            else x.Skip(); // <f>: the formula (its cached value is <v>), extLst …
        }
        x.Read(); // past </c>
        switch (type)
        {
            case "inlineStr":
                return inline is null ? null : Unescape(inline);
            case "s":
                if (value is null) return null;
                var i = int.Parse(value, NumberStyles.None, CultureInfo.InvariantCulture);
                return (uint)i < (uint)_shared.Length ? _shared[i] : throw new InvalidDataException($"共享字符串 {i} 不存在");
            case "str":
                return value is null ? null : Unescape(value);
            case "b":
                return value is null ? null : value.Trim() == "1";
            case "d":
                return value is null ? null
                    : DateTime.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.None, out var date) ? date : value;
            case "e":
                return value;
        }
        if (value is null) return inline is null ? null : Unescape(inline);
        if (!double.TryParse(value, NumberStyles.Float | NumberStyles.AllowThousands, CultureInfo.InvariantCulture, out var number)) return value;
        // A number under a date format is a date, as Excel shows it (DateTime.FromOADate's range: else the number).
        if (style is not null && int.TryParse(style, NumberStyles.None, CultureInfo.InvariantCulture, out var s)
            && (uint)s < (uint)_dateStyles.Length && _dateStyles[s] && number > -657435.0 && number < 2958466.0)
            return DateTime.FromOADate(number);
        return number;
    }

    /// <summary>The text of an &lt;is&gt; or &lt;si&gt; element (plain or rich-text runs; phonetic runs left out); leaves the reader after it.</summary>
    private string ReadRichText() => ReadRichText(_xml, _t, _rPh);

    private static string ReadRichText(XmlReader x, string t, string rPh)
    {
        if (x.IsEmptyElement)
        {
            x.Read();
            return "";
        }
        var depth = x.Depth;
        string? single = null;
        StringBuilder? many = null;
        x.Read();
        while (!x.EOF && !(x.NodeType == XmlNodeType.EndElement && x.Depth == depth))
        {
            if (x.NodeType != XmlNodeType.Element) x.Read();
            else if (ReferenceEquals(x.LocalName, rPh)) x.Skip();
            else if (ReferenceEquals(x.LocalName, t))
            {
                var text = x.ReadElementContentAsString();
                if (single is null) single = text;
                else (many ??= new StringBuilder(single)).Append(text);
            }
            else if (x.IsEmptyElement) x.Read();
            else x.Read(); // into <r>: its <t> follows
        }
        x.Read();
        return many?.ToString() ?? single ?? "";
    }

    private static string[] ReadSharedStrings(ZipArchiveEntry? entry)
    {
        if (entry is null) return [];
        var names = new NameTable();
        string si = names.Add("si"), t = names.Add("t"), rPh = names.Add("rPh");
        var list = new List<string>();
        using var x = XmlReader.Create(entry.Open(), Settings.Clone().With(names));
        x.Read();
        while (!x.EOF)
        {
            if (x.NodeType == XmlNodeType.Element && ReferenceEquals(x.LocalName, si)) list.Add(Unescape(ReadRichText(x, t, rPh)));
            else x.Read();
        }
        return [.. list];
    }

    /// <summary>Per cell style (the s attribute, an index into cellXfs): whether its number format is a date.</summary>
    private static bool[] ReadDateStyles(ZipArchiveEntry? entry)
    {
        if (entry is null) return [];
        var custom = new Dictionary<int, bool>();
        var styles = new List<bool>();
        using var x = XmlReader.Create(entry.Open(), Settings);
        var inCellXfs = false;
        while (x.Read())
        {
            if (x.NodeType == XmlNodeType.EndElement && x.LocalName == "cellXfs") inCellXfs = false;
            if (x.NodeType != XmlNodeType.Element) continue;
            switch (x.LocalName)
            {
                case "numFmt":
                    if (int.TryParse(x.GetAttribute("numFmtId"), NumberStyles.None, CultureInfo.InvariantCulture, out var id))
                        custom[id] = IsDateFormat(x.GetAttribute("formatCode"));
                    break;
                case "cellXfs":
                    inCellXfs = !x.IsEmptyElement;
                    break;
                case "xf" when inCellXfs:
                    _ = int.TryParse(x.GetAttribute("numFmtId"), NumberStyles.None, CultureInfo.InvariantCulture, out var fmt);
                    styles.Add(BuiltInDate(fmt) || custom.GetValueOrDefault(fmt));
                    break;
            }
        }
        return [.. styles];
    }

    /// <summary>Excel's built-in date formats that MiniExcel read as dates (14–17, 22, 58; 31 etc. stay numbers).</summary>
    private static bool BuiltInDate(int id) => id is >= 14 and <= 17 or 22 or 58;

    /// <summary>A custom format showing a date: y, m, d, h or s outside quotes, brackets and escapes.</summary>
    internal static bool IsDateFormat(string? code)
    {
        if (string.IsNullOrEmpty(code)) return false;
        for (var i = 0; i < code.Length; i++)
        {
            switch (code[i])
            {
                case '"':
                    i = code.IndexOf('"', i + 1);
                    if (i < 0) return false;
                    break;
                case '[':
                    i = code.IndexOf(']', i + 1);
                    if (i < 0) return false;
                    break;
                case '\\' or '_' or '*':
                    i++;
                    break;
                case 'y' or 'Y' or 'm' or 'M' or 'd' or 'D' or 'h' or 'H' or 's' or 'S':
                    return true;
            }
        }
        return false;
    }

    /// <summary>Column index (A = 0) of a cell reference such as "AB12".</summary>
    private static int ColumnIndex(string reference)
    {
        var column = 0;
        var i = 0;
        for (; i < reference.Length; i++)
        {
            var ch = reference[i];
            if (ch is >= 'A' and <= 'Z') column = column * 26 + (ch - 'A' + 1);
            else if (ch is >= 'a' and <= 'z') column = column * 26 + (ch - 'a' + 1);
            else break;
            if (column > MaxColumns) break;
        }
        if (i == 0 || column > MaxColumns) throw new InvalidDataException($"单元格引用 {reference} 不正确");
        return column - 1;
    }

    /// <summary>Excel's escapes of characters XML cannot hold: _x000D_ → carriage return.</summary>
    private static string Unescape(string text)
    {
        var at = text.IndexOf("_x", StringComparison.Ordinal);
        if (at < 0) return text;
        var sb = new StringBuilder(text.Length);
        var from = 0;
        while (at >= 0)
        {
            if (at + 7 <= text.Length && text[at + 6] == '_'
                && int.TryParse(text.AsSpan(at + 2, 4), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var code))
            {
                sb.Append(text, from, at - from).Append((char)code);
                from = at + 7;
                at = text.IndexOf("_x", from, StringComparison.Ordinal);
            }
            else at = text.IndexOf("_x", at + 2, StringComparison.Ordinal);
        }
        return sb.Append(text, from, text.Length - from).ToString();
    }

    /// <summary>A zip entry by part name, as Excel and other writers spell it (case, backslashes).</summary>
    private static ZipArchiveEntry? Entry(ZipArchive zip, string part)
    {
        if (zip.GetEntry(part) is { } exact) return exact;
        foreach (var e in zip.Entries)
            if (string.Equals(e.FullName.Replace('\\', '/'), part, StringComparison.OrdinalIgnoreCase)) return e;
        return null;
    }
}

internal static class XmlReaderSettingsExtensions
{
    public static XmlReaderSettings With(this XmlReaderSettings settings, XmlNameTable names)
    {
        settings.NameTable = names;
        return settings;
    }
}
