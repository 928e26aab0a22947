using Microsoft.AspNetCore.Mvc;
using PostalCrm.Plugins.Kpi.Common;
using PostalCrm.Sdk.Data;
using PostalCrm.Sdk.Reporting;
using PostalCrm.Sdk.Security;

namespace PostalCrm.Plugins.Kpi.Features.KpiReports;

public sealed class KpiReportPage
{
    public required CustomerPick Pick { get; init; }
    public MonthSheet? Sheet { get; init; }
    /// <summary>Values as posted (re-shown after a refused save).</summary>
    public IReadOnlyDictionary<int, decimal?>? Posted { get; init; }
}

/// <summary>F-6.2 KPI指标分析报告: enter the month's actual values (scores computed live and on the server), 保存, 打印 the PDF form.</summary>
[Route("kpi/reports"), RequirePermission(KpiPermissions.Reports)]
public sealed class KpiReportsController(KpiService kpi, KpiFormSource forms, IReportRenderer renderer, PostalDb db, ICurrentUser me,
    TimeProvider clock, BatchPrints batches) : Controller
{
    private static readonly (string, string)[] Buttons = [("提交", nameof(Index))];

    [HttpGet("")]
    public async Task<IActionResult> Index(string? q, int? customerId, int? year, int? month) =>
        View("Index", await PageAsync(q, customerId, year, month, null));

    [HttpPost("")]
    public async Task<IActionResult> Save(int customerId, int year, int month)
    {
        Dictionary<int, decimal?> values = [];
        return await this.ChangeAsync(db, async () =>
            {
                values = KpiPages.Values(Request.Form, "actual_");
                await kpi.SaveReportAsync(customerId, year, month, values);
            }, "KPI指标分析报告已保存,可以打印", () => RedirectToAction(nameof(Index), new { customerId, year, month }),
            async () => View("Index", await PageAsync(null, customerId, year, month, values)));
    }

    /// <summary>打印: the saved report as the PDF form the customer fills in (reports/kpi/kpi-form.liquid).</summary>
    [HttpGet("print"), RequirePermission(KpiPermissions.Print)]
    public async Task<IActionResult> Print(int customerId, int year, int month, CancellationToken ct)
    {
        var file = await renderer.RenderAsync(KpiFormSource.Id, await forms.FormAsync(customerId, year, month), ReportFormat.Pdf, ct);
        return File(file.Content, file.ContentType, file.FileName);
    }

    /// <summary>批量打印: the month's forms of all of the signed-in manager's customers as one PDF.</summary>
    [HttpGet("batch"), RequirePermission(KpiPermissions.Print)]
    public async Task<IActionResult> Batch(int? year, int? month) => View("Batch", await KpiPages.PickAsync(kpi, clock, null, null, year, month, true));

    [HttpGet("batch/pdf"), RequirePermission(KpiPermissions.Print)]
    public async Task<IActionResult> BatchPdf(int year, int month, CancellationToken ct)
    {
        var docs = await forms.MonthFormsAsync(me.Id, year, month);
        if (docs.Count == 0) throw new BusinessRuleException($"您在 {KpiText.Period(year, month)} 没有保存过KPI指标分析报告");
        var file = await renderer.RenderManyAsync(KpiFormSource.Id, docs, ReportFormat.Pdf, null, ct);
        return File(file.Content, file.ContentType, $"KPI指标分析报告-{me.DisplayName}-{KpiText.Period(year, month)}.pdf");
    }

    /// <summary>批量打印 with progress: starts the batch and shows its page, which polls the progress until the PDF is ready.</summary>
    [HttpPost("batch"), RequirePermission(KpiPermissions.Print)]
    public async Task<IActionResult> StartBatch(int year, int month)
    {
        var docs = await forms.MonthFormsAsync(me.Id, year, month);
        if (docs.Count == 0) throw new BusinessRuleException($"您在 {KpiText.Period(year, month)} 没有保存过KPI指标分析报告");
        var job = batches.Start(me.Id, $"KPI指标分析报告-{me.DisplayName}-{KpiText.Period(year, month)}.pdf", docs,
            (d, progress) => renderer.RenderManyAsync(KpiFormSource.Id, d, ReportFormat.Pdf, progress, CancellationToken.None));
        return RedirectToAction(nameof(BatchProgress), new { id = job.Id });
    }

    [HttpGet("batch/{id:guid}"), RequirePermission(KpiPermissions.Print)]
    public IActionResult BatchProgress(Guid id) => View("BatchProgress", batches.Find(id, me.Id) ?? throw new OutOfScopeException());

    [HttpGet("batch/{id:guid}/status"), RequirePermission(KpiPermissions.Print)]
    public IActionResult BatchStatus(Guid id) => PartialView("_BatchStatus", batches.Find(id, me.Id) ?? throw new OutOfScopeException());

    [HttpGet("batch/{id:guid}/pdf"), RequirePermission(KpiPermissions.Print)]
    public IActionResult BatchDownload(Guid id)
    {
        var job = batches.Find(id, me.Id) ?? throw new OutOfScopeException();
        if (job.Result is not { } file) throw new BusinessRuleException(job.Error ?? "批量打印尚未完成,请稍候");
        return File(file.Content, file.ContentType, job.FileName);
    }

    private async Task<KpiReportPage> PageAsync(string? q, int? customerId, int? year, int? month, IReadOnlyDictionary<int, decimal?>? posted)
    {
        var pick = await KpiPages.PickAsync(kpi, clock, q, customerId, year, month, true, Buttons);
        if (customerId is not { } id || year is not { } y || month is not { } m) return new KpiReportPage { Pick = pick };
        return new KpiReportPage { Pick = pick, Sheet = await kpi.MonthAsync(id, y, m), Posted = posted };
    }
}
