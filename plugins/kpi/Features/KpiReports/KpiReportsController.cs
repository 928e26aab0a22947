using Microsoft.AspNetCore.Mvc;
using PostalCrm.Plugins.Kpi.Common;
using PostalCrm.Plugins.Kpi.Data;
using PostalCrm.Sdk.Data;
using PostalCrm.Sdk.Files;
using PostalCrm.Sdk.Reporting;
using PostalCrm.Sdk.Security;

namespace PostalCrm.Plugins.Kpi.Features.KpiReports;

public sealed class BatchPage
{
    public required CustomerPick Pick { get; init; }
    public required IReadOnlyList<KpiBatchJob> Jobs { get; init; }
    /// <summary>Days a finished PDF is kept (then 已过期).</summary>
    public required double KeepDays { get; init; }
}

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
    TimeProvider clock, BatchPrints batches, BatchJobs jobs, FileStore files, BatchPrintOptions batchOptions) : Controller
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

    /// <summary>批量打印: the form, and the user's recent batch jobs (kept across restarts) with their downloads.</summary>
    [HttpGet("batch"), RequirePermission(KpiPermissions.Print)]
    public async Task<IActionResult> Batch(int? year, int? month) => View("Batch", new BatchPage
    {
        Pick = await KpiPages.PickAsync(kpi, clock, null, null, year, month, true),
        Jobs = await jobs.RecentAsync(),
        KeepDays = batchOptions.KeepDays,
    });

    /// <summary>The month's forms of all of the signed-in manager's customers as one PDF, in one request (no progress).</summary>
    [HttpGet("batch/pdf"), RequirePermission(KpiPermissions.Print)]
    public async Task<IActionResult> BatchPdf(int year, int month, CancellationToken ct)
    {
        var docs = await MonthFormsAsync(year, month);
        var file = await renderer.RenderManyAsync(KpiFormSource.Id, docs, ReportFormat.Pdf, null, ct);
        return File(file.Content, file.ContentType, BatchFileName(year, month));
    }

    /// <summary>
    /// 批量打印 with progress: the forms are read and the render started here (permission and scope of this request), the job
    /// row and its progress persist (kpi_batch_jobs), and the page polls it until the PDF is in the file store.
    /// </summary>
    [HttpPost("batch"), RequirePermission(KpiPermissions.Print)]
    public async Task<IActionResult> StartBatch(int year, int month)
    {
        var docs = await MonthFormsAsync(year, month);
        var job = await jobs.CreateAsync(year, month, docs.Count, BatchFileName(year, month));
        var progress = new BatchProgress();
        Task<RenderedReport> render;
        try { render = renderer.RenderManyAsync(KpiFormSource.Id, docs, ReportFormat.Pdf, progress, CancellationToken.None); }
        catch (Exception e) { render = Task.FromException<RenderedReport>(e); }
        batches.Follow(job, progress, render);
        return RedirectToAction(nameof(BatchProgress), new { id = job.Id });
    }

    [HttpGet("batch/{id:int}"), RequirePermission(KpiPermissions.Print)]
    public async Task<IActionResult> BatchProgress(int id) => View("BatchProgress", await jobs.FindAsync(id));

    [HttpGet("batch/{id:int}/status"), RequirePermission(KpiPermissions.Print)]
    public async Task<IActionResult> BatchStatus(int id) => PartialView("_BatchStatus", await jobs.FindAsync(id));

    /// <summary>The finished PDF from the file store: the owner's only (another user's job → 404).</summary>
    [HttpGet("batch/{id:int}/pdf"), RequirePermission(KpiPermissions.Print)]
    public async Task<IActionResult> BatchDownload(int id)
    {
        var job = await jobs.FindAsync(id);
        if (job.State == KpiBatchJob.Failed) throw new BusinessRuleException(job.Error ?? "批量打印失败,请重新打印");
        if (job.State == KpiBatchJob.Expired) throw new BusinessRuleException(BatchPrints.Expired);
        if (job.FileId is not { } fileId || await files.FindAsync(fileId) is not { } stored) throw new BusinessRuleException("批量打印尚未完成,请稍候");
        return this.Attachment(files, stored);
    }

    private async Task<IReadOnlyList<ReportData>> MonthFormsAsync(int year, int month)
    {
        var docs = await forms.MonthFormsAsync(me.Id, year, month);
        if (docs.Count == 0) throw new BusinessRuleException($"您在 {KpiText.Period(year, month)} 没有保存过KPI指标分析报告");
        return docs;
    }

    private string BatchFileName(int year, int month) => $"KPI指标分析报告-{me.DisplayName}-{KpiText.Period(year, month)}.pdf";

    private async Task<KpiReportPage> PageAsync(string? q, int? customerId, int? year, int? month, IReadOnlyDictionary<int, decimal?>? posted)
    {
        var pick = await KpiPages.PickAsync(kpi, clock, q, customerId, year, month, true, Buttons);
        if (customerId is not { } id || year is not { } y || month is not { } m) return new KpiReportPage { Pick = pick };
        return new KpiReportPage { Pick = pick, Sheet = await kpi.MonthAsync(id, y, m), Posted = posted };
    }
}
