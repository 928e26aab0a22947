using System.Text.Json;
using System.Text.Json.Serialization;
using PostalCrm.Sdk.Reporting;

namespace PostalCrm.Host.Reporting;

/// <summary>
/// <c>reports/&lt;plugin&gt;/&lt;name&gt;.json</c>: what the 报表中心 lists and how a report is run and printed. The template
/// (<see cref="Template"/>, Liquid) sits beside it. Read from disk on every use, so a deployment edits both without a rebuild.
/// </summary>
public sealed class ReportManifest
{
    /// <summary><c>&lt;plugin&gt;/&lt;report&gt;</c>; the plugin part must be the folder's name.</summary>
    public string Id { get; set; } = "";
    public string Title { get; set; } = "";
    public string? Description { get; set; }
    public string Template { get; set; } = "";
    /// <summary>The permission the user needs to run it (checked on every endpoint).</summary>
    public string Permission { get; set; } = "";
    /// <summary>A4, A3, A5, Letter.</summary>
    public string Paper { get; set; } = "A4";
    public bool Landscape { get; set; }
    /// <summary>html, pdf, xlsx (xlsx only for reports with tables).</summary>
    public List<string> Formats { get; set; } = ["html", "pdf"];
    public List<ReportParameter> Parameters { get; set; } = [];
    /// <summary>False for reports a plugin page prints (e.g. a form opened from its record); true lists it on 报表中心.</summary>
    public bool Listed { get; set; } = true;

    [JsonIgnore] public string Plugin => Id.Split('/')[0];
    [JsonIgnore] public string Folder { get; set; } = "";
    [JsonIgnore] public string ManifestPath { get; set; } = "";
    [JsonIgnore] public string TemplatePath => Path.Combine(Folder, Template);

    public bool Allows(ReportFormat format) => Formats.Contains(format.ToString(), StringComparer.OrdinalIgnoreCase);

    internal static readonly JsonSerializerOptions Json = new() { PropertyNameCaseInsensitive = true, ReadCommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true };
}

public sealed class ReportParameter
{
    public string Name { get; set; } = "";
    public string Label { get; set; } = "";
    /// <summary><see cref="ReportParameterKinds"/>.</summary>
    public string Kind { get; set; } = ReportParameterKinds.Text;
    public bool Required { get; set; } = true;
}

/// <summary>Where the reports are and which exist: <c>Reporting:Folder</c>, else <c>reports/</c> beside the app, else the source tree's.</summary>
public sealed class ReportCatalog(ReportingOptions options, ILogger<ReportCatalog> log)
{
    public string Folder => options.Folder;

    /// <summary>Every manifest on disk now (a new or edited file shows without a restart). A broken manifest is logged and skipped.</summary>
    public IReadOnlyList<ReportManifest> All()
    {
        if (!Directory.Exists(Folder)) return [];
        var list = new List<ReportManifest>();
        foreach (var dir in Directory.GetDirectories(Folder).Order(StringComparer.Ordinal))
            foreach (var file in Directory.GetFiles(dir, "*.json").Order(StringComparer.Ordinal))
            {
                try { list.Add(Load(file)); }
                catch (ReportUnavailableException e) { log.LogError("{Message}", e.Message); }
            }
        return list;
    }

    /// <summary>The manifest with this id, or null.</summary>
    public ReportManifest? Find(string id)
    {
        var parts = id.Split('/');
        if (parts.Length != 2 || parts.Any(p => p.Length == 0 || p.Any(c => !(char.IsAsciiLetterOrDigit(c) || c is '-' or '_')))) return null;
        var file = Path.Combine(Folder, parts[0], parts[1] + ".json");
        return File.Exists(file) ? Load(file) : null;
    }

    private ReportManifest Load(string file)
    {
        var rel = Relative(file);
        ReportManifest m;
        try
        {
            m = JsonSerializer.Deserialize<ReportManifest>(File.ReadAllText(file), ReportManifest.Json) ?? throw new JsonException("空文件");
        }
        catch (JsonException e)
        {
            throw new ReportUnavailableException($"报表清单 {rel} 第 {(e.LineNumber ?? 0) + 1} 行有错误:{e.Message}", e);
        }
        var folder = Path.GetDirectoryName(file)!;
        var expected = Path.GetFileName(folder) + "/" + Path.GetFileNameWithoutExtension(file);
        if (m.Id != expected) throw new ReportUnavailableException($"报表清单 {rel}:id 应为 \"{expected}\"(插件目录/文件名)");
        if (string.IsNullOrWhiteSpace(m.Template) || m.Template.Contains("..") || Path.IsPathRooted(m.Template) || m.Template.Contains('/'))
            throw new ReportUnavailableException($"报表清单 {rel}:template 应为同一目录下的文件名");
        if (string.IsNullOrWhiteSpace(m.Permission)) throw new ReportUnavailableException($"报表清单 {rel}:缺少 permission");
        m.Folder = folder;
        m.ManifestPath = file;
        return m;
    }

    public string Relative(string path) => "reports/" + Path.GetRelativePath(Folder, path).Replace('\\', '/');
}

/// <summary><c>Reporting:*</c> settings.</summary>
public sealed class ReportingOptions
{
    public string Folder { get; set; } = "";
    /// <summary>Chromium or Chrome; empty: /usr/bin/chromium, else the first of the usual names found.</summary>
    public string? ChromiumPath { get; set; }
    /// <summary>Pages printing at once (the pool); further requests queue.</summary>
    public int Pages { get; set; } = 2;
    /// <summary>How long a request waits in the queue for a page before it is refused.</summary>
    public int QueueTimeoutSeconds { get; set; } = 30;
    /// <summary>How long one document may take to lay out and print.</summary>
    public int PrintTimeoutSeconds { get; set; } = 60;
    /// <summary>What each further document of a batch adds to that (500 KPI forms: 60 + 499 × 1 s; they print in ~20 s on 2 shared cores).</summary>
    public double PrintSecondsPerExtraDocument { get; set; } = 1;
    /// <summary>The browser is restarted after this many documents (memory, leaks).</summary>
    public int RecycleAfter { get; set; } = 500;

    public static ReportingOptions From(IConfiguration config, string contentRoot)
    {
        var o = config.GetSection("Reporting").Get<ReportingOptions>() ?? new ReportingOptions();
        o.Folder = string.IsNullOrWhiteSpace(o.Folder) ? DefaultFolder() : Path.GetFullPath(o.Folder, contentRoot);
        return o;
    }

    /// <summary><c>reports/</c> beside the app (published), else the nearest one above it that sits beside PostalCrm.slnx (source tree).</summary>
    private static string DefaultFolder()
    {
        var beside = Path.Combine(AppContext.BaseDirectory, "reports");
        if (Directory.Exists(beside)) return beside;
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "PostalCrm.slnx")) && Directory.Exists(Path.Combine(dir.FullName, "reports")))
                return Path.Combine(dir.FullName, "reports");
        return beside;
    }
}
