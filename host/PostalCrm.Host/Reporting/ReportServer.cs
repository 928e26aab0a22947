using System.Net;
using System.Text;
using PostalCrm.Sdk.Excel;
using PostalCrm.Sdk.Reporting;
using PostalCrm.Sdk.Security;

namespace PostalCrm.Host.Reporting;

/// <summary>
/// Runs a report: manifest (permission, paper, formats) → the owning plugin's <see cref="IReportSource"/> (scope of the
/// parameters) → template → HTML fragment, PDF or XLSX. Also the SDK's <see cref="IReportRenderer"/> for plugins that
/// print from their own pages.
/// </summary>
public sealed class ReportServer(ReportCatalog catalog, ReportTemplates templates, PdfPrinter printer, ICurrentUser user,
    IEnumerable<IReportSource> sources, TimeProvider clock) : IReportRenderer
{
    /// <summary>Reports on disk whose permission the user holds and whose plugin supplies data.</summary>
    public IReadOnlyList<ReportManifest> Runnable() =>
        [.. catalog.All().Where(m => m.Listed && user.Has(m.Permission) && SourceOf(m) is not null)];

    public ReportManifest Find(string id) => catalog.Find(id) ?? throw new OutOfScopeException("报表不存在");

    /// <summary>The manifest, after checking the user's permission (else <see cref="UnauthorizedAccessException"/>, answered 403).</summary>
    public ReportManifest Authorise(string id)
    {
        var m = Find(id);
        if (!user.Has(m.Permission)) throw new UnauthorizedAccessException();
        return m;
    }

    public IReportSource? SourceOf(ReportManifest m) => sources.FirstOrDefault(s => s.ReportId == m.Id);

    public async Task<ReportData> LoadAsync(ReportManifest m, ReportRequest request, CancellationToken ct)
    {
        var source = SourceOf(m) ?? throw new ReportUnavailableException($"报表 {m.Title} 的数据由插件 {m.Plugin} 提供,该插件未启用。");
        return await source.LoadAsync(request, ct);
    }

    /// <summary>The HTML fragment the portal shows (inside its layout).</summary>
    public async Task<string> HtmlFragmentAsync(ReportManifest m, IReadOnlyList<ReportData> docs) =>
        $"<div class=\"report-docs\"><style>{ScreenCss}</style>{await BodiesAsync(m, docs, null)}</div>";

    public Task<RenderedReport> RenderAsync(string reportId, object model, ReportFormat format, CancellationToken ct = default) =>
        RenderManyAsync(reportId, [model as ReportData ?? new ReportData(model)], format, null, ct);

    public async Task<RenderedReport> RenderManyAsync(string reportId, IReadOnlyList<ReportData> documents, ReportFormat format,
        IProgress<int>? progress = null, CancellationToken ct = default)
    {
        var m = Authorise(reportId);
        if (!m.Allows(format)) throw new BusinessRuleException($"报表 {m.Title} 不提供 {format.ToString().ToUpperInvariant()} 格式");
        var name = (documents.Count == 1 ? documents[0].FileName : null) ?? $"{m.Title}-{clock.GetUtcNow().UtcDateTime.AddHours(8):yyyyMMddHHmm}";
        switch (format)
        {
            case ReportFormat.Html:
                return new RenderedReport(Encoding.UTF8.GetBytes(await DocumentAsync(m, documents, progress)), "text/html; charset=utf-8", name + ".html");
            case ReportFormat.Pdf:
                var html = await DocumentAsync(m, documents, progress);
                return new RenderedReport(await printer.PrintAsync(html, m.Paper, m.Landscape, ct, documents.Count), "application/pdf", name + ".pdf");
            default:
                return new RenderedReport(Xlsx(m, documents), ExcelExporter.ContentType, name + ".xlsx");
        }
    }

    /// <summary>The standalone HTML document Chromium prints: the CJK font that keeps PDF text extractable first.</summary>
    public async Task<string> DocumentAsync(ReportManifest m, IReadOnlyList<ReportData> docs, IProgress<int>? progress = null) =>
        $"""
        <!DOCTYPE html>
        <html lang="zh-CN"><head><meta charset="utf-8"><title>{WebUtility.HtmlEncode(m.Title)}</title>
        <style>@page {"{"} size: {m.Paper} {(m.Landscape ? "landscape" : "portrait")}; margin: 12mm; {"}"}
        {PrintCss}</style></head>
        <body>{await BodiesAsync(m, docs, progress)}</body></html>
        """;

    private async Task<string> BodiesAsync(ReportManifest m, IReadOnlyList<ReportData> docs, IProgress<int>? progress)
    {
        var sb = new StringBuilder();
        var printedAt = clock.GetUtcNow().UtcDateTime.AddHours(8).ToString("yyyy-MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture);
        var extra = new Dictionary<string, object?> { ["printed_at"] = printedAt };
        for (var i = 0; i < docs.Count; i++)
        {
            sb.Append("<section class=\"report-doc\">").Append(await templates.RenderAsync(m, docs[i], extra)).Append("</section>");
            progress?.Report(i + 1);
        }
        return sb.ToString();
    }

    private static byte[] Xlsx(ReportManifest m, IReadOnlyList<ReportData> docs)
    {
        var tables = docs.SelectMany(d => d.Tables).ToList();
        if (tables.Count == 0) throw new BusinessRuleException($"报表 {m.Title} 没有表格数据,不能导出 Excel");
        var first = tables[0];
        var columns = first.Columns.Select((c, i) =>
        {
            var sample = tables.SelectMany(t => t.Rows).Select(r => i < r.Count ? r[i] : null).FirstOrDefault(v => v is not null);
            var type = sample switch
            {
                int or long or short => ExcelValueType.WholeNumber,
                decimal or double or float => ExcelValueType.Number,
                DateOnly or DateTime => ExcelValueType.Date,
                bool => ExcelValueType.Boolean,
                _ => ExcelValueType.Text,
            };
            return new ExcelColumn(c.Trim().TrimEnd('*'), "c" + i, type);
        });
        var spec = new ExcelSheetSpec(first.Name, columns);
        return ExcelExporter.ToBytes(spec, tables.Where(t => t.Columns.Count == first.Columns.Count).SelectMany(t => t.Rows));
    }

    private const string Fonts = "\"WenQuanYi Micro Hei\", \"Noto Sans CJK SC\", \"Microsoft YaHei\", sans-serif";

    /// <summary>In the portal: the same font stack (so screen and paper agree); documents separated by a rule.</summary>
    private const string ScreenCss = ".report-doc { font-family: " + Fonts + "; background: #fff; padding: 1rem; border: 1px solid #ddd; margin-bottom: 1rem; }";

    /// <summary>On paper: WenQuanYi Micro Hei first — with Noto Sans CJK, Chromium embeds Type3 glyphs whose text breaks (ARCHITECTURE §6).</summary>
    private const string PrintCss = "body { font-family: " + Fonts + "; font-size: 12px; color: #000; margin: 0; }"
        + " .report-doc + .report-doc { break-before: page; }";
}
