using Microsoft.AspNetCore.Mvc;
using PostalCrm.Plugins.Usage.Features.Batches;
using PostalCrm.Sdk.Excel;
using PostalCrm.Sdk.Security;

namespace PostalCrm.Plugins.Usage.Features.Import;

/// <summary>F-5.5 客户用邮手工批量导入: 用邮导入明细格式说明 (template), upload and check, 是(Y)/否, errors and their workbook.</summary>
[Route("usage/import")]
[RequirePermission(UsagePermissions.Import)]
public sealed class ImportController(ImportService import) : Controller
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
        ImportResult result;
        string? token;
        try
        {
            (result, token, fileName) = await import.CheckAsync(form.File);
        }
        catch (BusinessRuleException e)
        {
            ModelState.AddModelError("", e.Message);
            return View(nameof(Index), new ImportPage { FileName = fileName });
        }
        if (result.Succeeded && token is not null && await import.ConfirmPageAsync(token, result) is { } confirm)
            return View("Confirm", confirm);
        return Refused(fileName, result, token);
    }

    /// <summary>是(Y).</summary>
    [HttpPost("confirm")]
    public async Task<IActionResult> Confirm(ImportConfirmForm form)
    {
        ImportResult result;
        try
        {
            result = await import.ImportAsync(form.Token);
        }
        catch (BusinessRuleException e)
        {
            ModelState.AddModelError("", e.Message);
            return View(nameof(Index), new ImportPage());
        }
        if (!result.Succeeded) return Refused(null, result, null);
        TempData["Flash"] = $"数据导入成功:用邮序列 {result.Sequence},共 {result.RowCount} 行";
        return RedirectToAction(nameof(BatchesController.Details), "Batches", new { id = result.BatchId });
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

    private ViewResult Refused(string? fileName, ImportResult result, string? pendingToken)
    {
        ModelState.AddModelError("", $"导入失败:文件中共有 {result.ErrorCount} 个错误,没有导入任何数据。请改正后重新导入。");
        return View(nameof(Index), new ImportPage
        {
            FileName = fileName, RowCount = result.RowCount, ErrorCount = result.ErrorCount, Errors = [.. result.Errors.Take(ImportPage.ErrorsShown)],
            ReportToken = import.SaveReport(pendingToken, result),
        });
    }
}
