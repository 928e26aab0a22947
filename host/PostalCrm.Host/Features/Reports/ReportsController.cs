using Microsoft.AspNetCore.Mvc;
using PostalCrm.Host.Reporting;
using PostalCrm.Host.Security;
using PostalCrm.Sdk.Customers;
using PostalCrm.Sdk.Reporting;
using PostalCrm.Sdk.Security;

namespace PostalCrm.Host.Features.Reports;

public sealed record ReportChoiceList(string Parameter, IReadOnlyList<ReportChoice> Choices);

public sealed class ReportRunPage
{
    public required ReportManifest Report { get; init; }
    public required IReadOnlyDictionary<string, string?> Values { get; init; }
    public IReadOnlyList<ReportChoiceList> Choices { get; init; } = [];
    /// <summary>The rendered HTML (after 查询), else null.</summary>
    public string? Html { get; init; }
    public bool PdfAvailable { get; init; }
    public string? Query { get; init; }
}

/// <summary>
/// 报表中心: the reports the user may run (manifest permission, plugin enabled), a parameter form per report built from its
/// manifest, and the HTML / PDF / XLSX of a run. Every endpoint checks the permission; the plugin's source checks the scope
/// of the parameters (out of scope → 404).
/// </summary>
[Route("reports"), RequirePermission(HostPermissions.ReportCenter)]
public sealed class ReportsController(ReportServer server, CustomerDirectory customers, PdfPrinter printer) : Controller
{
    [HttpGet("")]
    public IActionResult Index() => View("Index", server.Runnable());

    [HttpGet("{plugin}/{report}")]
    public async Task<IActionResult> Run(string plugin, string report, bool run, CancellationToken ct)
    {
        var m = server.Authorise(plugin + "/" + report);
        var values = Values(m);
        string? html = null;
        if (run)
        {
            try
            {
                var data = await server.LoadAsync(m, new ReportRequest(m.Id, values), ct);
                html = await server.HtmlFragmentAsync(m, [data]);
            }
            catch (BusinessRuleException e)
            {
                ModelState.AddModelError("", e.Message);
            }
        }
        return View("Run", new ReportRunPage
        {
            Report = m,
            Values = values,
            Choices = await ChoicesAsync(m, ct),
            Html = html,
            PdfAvailable = printer.Available,
            Query = Request.QueryString.Value,
        });
    }

    [HttpGet("{plugin}/{report}/pdf")]
    public Task<IActionResult> Pdf(string plugin, string report, CancellationToken ct) => Download(plugin, report, ReportFormat.Pdf, ct);

    [HttpGet("{plugin}/{report}/xlsx")]
    public Task<IActionResult> Xlsx(string plugin, string report, CancellationToken ct) => Download(plugin, report, ReportFormat.Xlsx, ct);

    private async Task<IActionResult> Download(string plugin, string report, ReportFormat format, CancellationToken ct)
    {
        var m = server.Authorise(plugin + "/" + report);
        if (!m.Allows(format)) return NotFound();
        var data = await server.LoadAsync(m, new ReportRequest(m.Id, Values(m)), ct);
        var file = await server.RenderAsync(m.Id, data, format, ct);
        return File(file.Content, file.ContentType, file.FileName);
    }

    private Dictionary<string, string?> Values(ReportManifest m) =>
        m.Parameters.ToDictionary(p => p.Name, p => (string?)Request.Query[p.Name].ToString(), StringComparer.Ordinal);

    private async Task<IReadOnlyList<ReportChoiceList>> ChoicesAsync(ReportManifest m, CancellationToken ct)
    {
        var list = new List<ReportChoiceList>();
        foreach (var p in m.Parameters)
        {
            if (p.Kind == ReportParameterKinds.Customer)
            {
                var mine = await customers.InScope().OrderBy(c => c.Name).Take(500).Select(c => new { c.Id, c.Name }).ToListAsync(ct);
                list.Add(new(p.Name, [.. mine.Select(c => new ReportChoice(c.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), c.Name))]));
            }
            else if (p.Kind == ReportParameterKinds.Choice && server.SourceOf(m) is { } source)
                list.Add(new(p.Name, await source.ChoicesAsync(p.Name, ct)));
        }
        return list;
    }
}
