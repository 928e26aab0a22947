using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Text.Unicode;
using Fluid;
using PostalCrm.Sdk.Reporting;

namespace PostalCrm.Host.Reporting;

/// <summary>
/// Liquid templates (Fluid) read from disk: parsed once per version of the file (its time and size), so an edited template
/// shows on the next request. Sandboxed: no file system (no include/render), no .NET members — the model reaches the
/// template as plain JSON-like data — and a bounded number of steps. Output is HTML-encoded, Chinese kept as is.
/// </summary>
public sealed partial class ReportTemplates(ReportCatalog catalog)
{
    private static readonly FluidParser Parser = new();
    private static readonly HtmlEncoder Encoder = HtmlEncoder.Create(UnicodeRanges.All);
    private static readonly TemplateOptions Options = CreateOptions();
    private static readonly JsonSerializerOptions ModelJson = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };
    private readonly ConcurrentDictionary<string, (DateTime Time, long Size, IFluidTemplate Template)> _cache = new();

    private static TemplateOptions CreateOptions()
    {
        var o = new TemplateOptions
        {
            MaxSteps = 2_000_000,
            MaxRecursion = 20,
            CultureInfo = CultureInfo.GetCultureInfo("zh-CN"),
            TimeZone = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai"),
        };
        return o;
    }

    /// <summary>The template's output (an HTML fragment) for one document.</summary>
    public async Task<string> RenderAsync(ReportManifest report, ReportData data, IReadOnlyDictionary<string, object?> extra)
    {
        var template = Parse(report);
        var ctx = new TemplateContext(Options);
        ctx.SetValue("model", ToPlain(data.Model));
        ctx.SetValue("tables", ToPlain(data.Tables.Select(t => new { t.Name, t.Columns, t.Rows }).ToList()));
        ctx.SetValue("charts", ToPlain(data.Charts.Select(c => new { c.Title, Svg = SvgCharts.Bar(c) }).ToList()));
        ctx.SetValue("report", ToPlain(new { report.Id, report.Title, report.Paper, report.Landscape }));
        foreach (var (k, v) in extra) ctx.SetValue(k, ToPlain(v));
        try
        {
            return await template.RenderAsync(ctx, Encoder);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            throw new ReportUnavailableException($"报表模板 {catalog.Relative(report.TemplatePath)} 运行出错:{e.Message}", e);
        }
    }

    /// <summary>The parsed template, or a <see cref="ReportUnavailableException"/> naming the file and the line.</summary>
    public IFluidTemplate Parse(ReportManifest report)
    {
        var path = report.TemplatePath;
        var file = new FileInfo(path);
        if (!file.Exists) throw new ReportUnavailableException($"报表模板 {catalog.Relative(path)} 不存在(见报表清单 {catalog.Relative(report.ManifestPath)})");
        if (_cache.TryGetValue(path, out var hit) && hit.Time == file.LastWriteTimeUtc && hit.Size == file.Length) return hit.Template;
        var source = File.ReadAllText(path);
        if (!Parser.TryParse(source, out var template, out var error))
        {
            var m = Position().Match(error ?? "");
            var where = m.Success ? $"第 {m.Groups[1].Value} 行第 {m.Groups[2].Value} 列" : "";
            throw new ReportUnavailableException($"报表模板 {catalog.Relative(path)} {where}有语法错误:{error}");
        }
        _cache[path] = (file.LastWriteTimeUtc, file.Length, template);
        return template;
    }

    /// <summary>The model as dictionaries, lists, strings, numbers and booleans (snake_case keys): templates never touch .NET objects.</summary>
    public static object? ToPlain(object? value) =>
        value is null ? null : FromJson(JsonSerializer.SerializeToElement(value, value.GetType(), ModelJson));

    private static object? FromJson(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.Object => e.EnumerateObject().ToDictionary(p => p.Name, p => FromJson(p.Value)),
        JsonValueKind.Array => e.EnumerateArray().Select(FromJson).ToList(),
        JsonValueKind.String => e.GetString(),
        JsonValueKind.Number => e.GetDecimal(),
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        _ => null,
    };

    [GeneratedRegex(@"\((\d+):(\d+)\)")]
    private static partial Regex Position();
}
