using Microsoft.AspNetCore.Mvc;
using PostalCrm.Sdk.Excel;
using PostalCrm.Sdk.Security;

namespace PostalCrm.Plugins.Registration.CustomerImport;

/// <summary>F-3.10 商务客户信息导入: 标准格式下载, upload, errors on the page and as a downloadable report.</summary>
[Route("registration/import")]
public sealed class CustomerImportController(CustomerImportService import) : Controller
{
    // FilePolicy.Excel allows 50 MB; leave room for the multipart envelope.
    private const long MaxUpload = 51L * 1024 * 1024;

    [HttpGet(""), RequirePermission(RegistrationPermissions.Import)]
    public IActionResult Index() => View(new CustomerImportPage());

    [HttpGet("template"), RequirePermission(RegistrationPermissions.Import)]
    public IActionResult Template() => File(CustomerImportService.Template(), ExcelExporter.ContentType, CustomerImportSheet.TemplateFileName);

    [HttpPost(""), RequirePermission(RegistrationPermissions.Import)]
    [RequestSizeLimit(MaxUpload), RequestFormLimits(MultipartBodyLengthLimit = MaxUpload)]
    public async Task<IActionResult> Upload(CustomerImportForm form)
    {
        var fileName = form.File?.FileName;
        CustomerImportResult result;
        try
        {
            result = await import.ImportAsync(form.File);
        }
        catch (BusinessRuleException e)
        {
            ModelState.AddModelError("", e.Message);
            return View(nameof(Index), new CustomerImportPage { FileName = fileName });
        }
        if (result.Succeeded)
        {
            TempData["Flash"] = $"导入成功:共导入 {result.Imported} 个商务客户";
            return RedirectToAction(nameof(Index));
        }
        ModelState.AddModelError("", $"导入失败:文件中共有 {result.ErrorCount} 个错误,未导入任何客户。请改正后重新导入。");
        return View(nameof(Index), new CustomerImportPage
        {
            FileName = fileName,
            RowCount = result.RowCount,
            ErrorCount = result.ErrorCount,
            Errors = [.. result.Errors.Take(CustomerImportPage.ErrorsShown)],
            ReportToken = import.SaveReport(result),
        });
    }

    /// <summary>The error report of the user's own refused import.</summary>
    [HttpGet("errors/{token}"), RequirePermission(RegistrationPermissions.Import)]
    public IActionResult Errors(string token)
    {
        if (import.OpenReport(token) is not { } report) return NotFound();
        Response.Headers.XContentTypeOptions = "nosniff";
        return File(report, ExcelExporter.ContentType, "商务客户信息导入错误报告.xlsx");
    }
}
