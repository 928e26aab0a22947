using Microsoft.AspNetCore.Mvc;
using PostalCrm.Plugins.Usage.Features.Batches;
using PostalCrm.Sdk.Data;
using PostalCrm.Sdk.Excel;
using PostalCrm.Sdk.Security;

namespace PostalCrm.Plugins.Usage.Features.Import;

/// <summary>
/// F-5.5 客户用邮手工批量导入: 用邮导入明细格式说明 (template), upload, 是(Y)/否, errors and their workbook. The check and the
/// import run as background jobs (<see cref="ImportJobs"/>): the upload and 是(Y) redirect to the job's page, which shows
/// progress (polled with htmx) and, once done, the 是(Y)/否 question, the errors or the batch.
/// </summary>
[Route("usage/import")]
[RequirePermission(UsagePermissions.Import)]
public sealed class ImportController(ImportService import, ImportJobs jobs, ICurrentUser me, PostalDb db) : Controller
{
    // FilePolicy.Excel allows 50 MB; leave room for the multipart envelope.
    private const long MaxUpload = 51L * 1024 * 1024;

    [HttpGet("")]
    public IActionResult Index() => View(new ImportPage());

    [HttpGet("template")]
    public IActionResult Template() => File(ImportService.Template(), ExcelExporter.ContentType, UsageImportSheet.TemplateFileName);

    [HttpPost("")]
    [RequestSizeLimit(MaxUpload), RequestFormLimits(MultipartBodyLengthLimit = MaxUpload)]
    public async Task<IActionResult> Upload(ImportUploadForm form)
    {
        var fileName = form.File?.FileName;
        string token;
        try
        {
            (token, fileName) = await import.StoreAsync(form.File);
        }
        catch (BusinessRuleException e)
        {
            ModelState.AddModelError("", e.Message);
            return View(nameof(Index), new ImportPage { FileName = fileName });
        }
        var job = await jobs.StartCheckAsync(me, ClientIp, token, fileName);
        return RedirectToAction(nameof(Job), new { id = job.Id });
    }

    /// <summary>A job's page: its progress while it runs; then the 是(Y)/否 question, the errors, or the imported batch.</summary>
    [HttpGet("jobs/{id:guid}")]
    public async Task<IActionResult> Job(Guid id)
    {
        var job = await jobs.FindAsync(id, me.Id, db) ?? throw new OutOfScopeException();
        if (!job.Finished) return View("Progress", job);
        if (job.Interrupted) return Message(ImportJobs.InterruptedMessage);
        if (job.Error is { } error) return Message(error);
        var result = job.Result!;
        if (!result.Succeeded) return Refused(job.FileName, result);
        if (job.Kind == ImportJobKind.Import) return ToBatch(result);
        return await import.ConfirmPageAsync(job.Token, result) is { } confirm ? View("Confirm", confirm) : Message(ImportService.Expired);
    }

    /// <summary>The progress box the job page polls; once the job is done, htmx is sent to the job page itself.</summary>
    [HttpGet("jobs/{id:guid}/status")]
    public async Task<IActionResult> Status(Guid id)
    {
        var job = await jobs.FindAsync(id, me.Id, db) ?? throw new OutOfScopeException();
        if (job.Finished) Response.Headers["HX-Redirect"] = Url.Action(nameof(Job), new { id });
        return PartialView("_Progress", job);
    }

    /// <summary>是(Y).</summary>
    [HttpPost("confirm")]
    public async Task<IActionResult> Confirm(ImportConfirmForm form)
    {
        if (import.PendingFileName(form.Token) is not { } fileName)
            return await import.ImportedAsync(form.Token) is { } done ? ToBatch(done) : Message(ImportService.Expired);
        var job = await jobs.StartImportAsync(me, ClientIp, form.Token!, fileName);
        return RedirectToAction(nameof(Job), new { id = job.Id });
    }

    /// <summary>否.</summary>
    [HttpPost("cancel")]
    public IActionResult Cancel(ImportConfirmForm form)
    {
        import.Discard(form.Token);
        TempData["Flash"] = "已取消导入,没有导入任何数据";
        return RedirectToAction(nameof(Index));
    }

    /// <summary>The error report of the user's own refused import.</summary>
    [HttpGet("errors/{token}")]
    public IActionResult Errors(string token)
    {
        if (import.OpenReport(token) is not { } report) return NotFound();
        Response.Headers.XContentTypeOptions = "nosniff";
        return File(report, ExcelExporter.ContentType, "客户用邮导入错误报告.xlsx");
    }

    /// <summary>The client's address (behind a known proxy, its X-Forwarded-For: the host's forwarded-headers setup).</summary>
    private string? ClientIp => HttpContext.Connection.RemoteIpAddress?.ToString();

    /// <summary>An imported batch's page, with what happened (imported now, or by an earlier 是(Y) of the same upload).</summary>
    private RedirectToActionResult ToBatch(ImportResult result)
    {
        TempData["Flash"] = result.AlreadyImported
            ? $"该文件已经导入过:用邮序列 {result.Sequence},共 {result.RowCount} 行,没有重复导入"
            : $"数据导入成功:用邮序列 {result.Sequence},共 {result.RowCount} 行";
        return RedirectToAction(nameof(BatchesController.Details), "Batches", new { id = result.BatchId });
    }

    private ViewResult Message(string message)
    {
        ModelState.AddModelError("", message);
        return View(nameof(Index), new ImportPage());
    }

    private ViewResult Refused(string? fileName, ImportResult result)
    {
        ModelState.AddModelError("", $"导入失败:文件中共有 {result.ErrorCount} 个错误,没有导入任何数据。请改正后重新导入。");
        return View(nameof(Index), new ImportPage
        {
            FileName = fileName, RowCount = result.RowCount, ErrorCount = result.ErrorCount, Errors = [.. result.Errors.Take(ImportPage.ErrorsShown)],
            ReportToken = result.ReportToken,
        });
    }
}
