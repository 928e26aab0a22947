using System.IO.Compression;
using System.Text;
using PostalCrm.Sdk.Security;

namespace PostalCrm.Sdk.Files;

/// <summary>
/// What an upload may be: size, extension (allow list or deny list) and content (magic bytes must match the
/// extension; executable or scriptable content is refused whatever the name says).
/// </summary>
public sealed class FilePolicy
{
    public long MaxBytes { get; init; } = 20 * 1024 * 1024;
    /// <summary>When set, only these extensions (lower case, with dot) are accepted.</summary>
    public IReadOnlySet<string>? Allowed { get; init; }
    /// <summary>Always refused, also when an allow list is set.</summary>
    public IReadOnlySet<string> Denied { get; init; } = DangerousExtensions;
    /// <summary>Office Open XML files may not inflate beyond this (zip bombs).</summary>
    public long MaxUncompressedBytes { get; init; } = 200 * 1024 * 1024;

    /// <summary>Anything a browser or server might run (SPEC F-7.3 plus the careful additions).</summary>
    public static readonly IReadOnlySet<string> DangerousExtensions = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
    {
        ".exe", ".bat", ".cmd", ".com", ".msi", ".scr", ".pif", ".cpl", ".dll", ".sys", ".ps1", ".psm1", ".vbs", ".vbe",
        ".js", ".mjs", ".jse", ".wsf", ".wsh", ".hta", ".sh", ".bash", ".py", ".pl", ".rb", ".jar", ".class", ".apk", ".elf",
        ".htm", ".html", ".xhtml", ".shtml", ".svg", ".xml", ".jsp", ".jspx", ".asp", ".aspx", ".ashx", ".asmx", ".php",
        ".phtml", ".cgi", ".lnk", ".reg", ".swf", ".mht", ".mhtml",
    };

    public static FilePolicy Documents(long maxBytes = 20 * 1024 * 1024) => new()
    {
        MaxBytes = maxBytes,
        Allowed = Set(".pdf", ".doc", ".docx", ".xls", ".xlsx", ".ppt", ".pptx", ".jpg", ".jpeg", ".png", ".gif", ".txt", ".zip", ".rar"),
    };

    public static FilePolicy WordOnly(long maxBytes = 20 * 1024 * 1024) => new() { MaxBytes = maxBytes, Allowed = Set(".doc", ".docx") };

    public static FilePolicy ContractFiles(long maxBytes = 20 * 1024 * 1024) => new()
    {
        MaxBytes = maxBytes,
        Allowed = Set(".pdf", ".doc", ".docx", ".jpg", ".jpeg", ".png"),
    };

    public static FilePolicy Excel(long maxBytes = 50 * 1024 * 1024) => new() { MaxBytes = maxBytes, Allowed = Set(".xlsx") };

    /// <summary>Any file except what could run (F-7.3).</summary>
    public static FilePolicy AnyButExecutable(long maxBytes = 50 * 1024 * 1024) => new() { MaxBytes = maxBytes };

    private static HashSet<string> Set(params string[] items) => new(items, StringComparer.OrdinalIgnoreCase);

    /// <summary>Checks name, size and content; throws a <see cref="BusinessRuleException"/> with the reason.</summary>
    public void Check(string fileName, long size, ReadOnlySpan<byte> head, string? fullPath = null)
    {
        var ext = Path.GetExtension(fileName ?? "").ToLowerInvariant();
        if (size == 0) throw new BusinessRuleException("文件为空");
        if (size > MaxBytes) throw new BusinessRuleException($"文件过大:最大允许 {MaxBytes / 1024 / 1024} MB");
        if (ext.Length <= 1) throw new BusinessRuleException("文件必须有扩展名");
        if (Denied.Contains(ext)) throw new BusinessRuleException($"不允许上传 {ext} 类型的文件");
        if (Allowed is not null && !Allowed.Contains(ext))
            throw new BusinessRuleException($"文件类型 {ext} 不允许,只能上传:{string.Join("、", Allowed.Order())}");
        if (LooksExecutable(head)) throw new BusinessRuleException("文件内容是可执行程序或网页脚本,不允许上传");
        if (!ContentMatches(ext, head)) throw new BusinessRuleException($"文件内容与扩展名 {ext} 不符");
        if (ext is ".docx" or ".xlsx" or ".pptx" && fullPath is not null) CheckOfficeZip(ext, fullPath);
    }

    private static readonly byte[] Ole = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    private static readonly byte[] Zip = [0x50, 0x4B, 0x03, 0x04];
    private static readonly byte[] Png = [0x89, 0x50, 0x4E, 0x47];
    private static readonly byte[] Jpeg = [0xFF, 0xD8, 0xFF];
    private static readonly byte[] Elf = [0x7F, 0x45, 0x4C, 0x46];
    private static readonly byte[] JavaClass = [0xCA, 0xFE, 0xBA, 0xBE];

    public static bool ContentMatches(string ext, ReadOnlySpan<byte> head) => ext switch
    {
        ".pdf" => head.StartsWith("%PDF-"u8),
        ".doc" or ".xls" or ".ppt" => head.StartsWith(Ole),
        ".docx" or ".xlsx" or ".pptx" or ".zip" => head.StartsWith(Zip),
        ".png" => head.StartsWith(Png),
        ".jpg" or ".jpeg" => head.StartsWith(Jpeg),
        ".gif" => head.StartsWith("GIF8"u8),
        ".rar" => head.StartsWith("Rar!"u8),
        _ => true,
    };

    /// <summary>Windows/Linux executables, scripts with a shebang, and HTML/SVG that a browser would run.</summary>
    public static bool LooksExecutable(ReadOnlySpan<byte> head)
    {
        if (head.StartsWith("MZ"u8) || head.StartsWith(Elf) || head.StartsWith("#!"u8)) return true;
        if (head.StartsWith(JavaClass)) return true; // Java class / Mach-O fat
        var text = Encoding.UTF8.GetString(head[..Math.Min(head.Length, 256)]).TrimStart('\uFEFF', ' ', '\t', '\r', '\n').ToLowerInvariant();
        return text.StartsWith("<html", StringComparison.Ordinal) || text.StartsWith("<!doctype html", StringComparison.Ordinal)
            || text.StartsWith("<script", StringComparison.Ordinal) || text.StartsWith("<svg", StringComparison.Ordinal)
            || text.StartsWith("<?php", StringComparison.Ordinal) || text.StartsWith("<%", StringComparison.Ordinal);
    }

    private void CheckOfficeZip(string ext, string path)
    {
        try
        {
            using var zip = ZipFile.OpenRead(path);
            var marker = ext switch { ".docx" => "word/", ".xlsx" => "xl/", _ => "ppt/" };
            if (!zip.Entries.Any(e => e.FullName.StartsWith(marker, StringComparison.Ordinal)))
                throw new BusinessRuleException($"文件内容与扩展名 {ext} 不符");
            if (zip.Entries.Sum(e => e.Length) > MaxUncompressedBytes)
                throw new BusinessRuleException("文件解压后过大,拒绝处理");
        }
        catch (InvalidDataException)
        {
            throw new BusinessRuleException($"文件已损坏,不是有效的 {ext} 文件");
        }
    }

    /// <summary>The name shown to users: no folders, no control characters.</summary>
    public static string SafeDisplayName(string fileName)
    {
        var name = Path.GetFileName((fileName ?? "").Replace('\\', '/'));
        name = new string([.. name.Where(c => !char.IsControl(c))]).Trim();
        return name.Length == 0 ? "file" : name.Length > 200 ? name[^200..] : name;
    }

    public static string ContentTypeFor(string fileName) => Path.GetExtension(fileName).ToLowerInvariant() switch
    {
        ".pdf" => "application/pdf",
        ".doc" => "application/msword",
        ".docx" => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ".xls" => "application/vnd.ms-excel",
        ".xlsx" => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ".jpg" or ".jpeg" => "image/jpeg",
        ".png" => "image/png",
        ".gif" => "image/gif",
        ".txt" => "text/plain; charset=utf-8",
        ".zip" => "application/zip",
        _ => "application/octet-stream",
    };
}
