using Microsoft.AspNetCore.Mvc;
using PostalCrm.Sdk.Excel;
using PostalCrm.Sdk.Security;

namespace PostalCrm.Plugins.Usage.Features.Records;

/// <summary>F-5.7 手工录入用邮信息明细查询, its .xlsx export, the customer and manager pages it links to, and 更正.</summary>
[Route("usage/records")]
[RequirePermission(UsagePermissions.RecordsView)]
public sealed class RecordsController(RecordService records) : Controller
{
    [HttpGet("")]
    public async Task<IActionResult> Index(RecordFilter query) => View(await records.PageAsync(query));

    /// <summary>Streamed: rows go from the database reader to a temporary workbook file, then to the response.</summary>
    [HttpGet("export")]
    public async Task Export(RecordFilter query)
    {
        Response.ContentType = ExcelExporter.ContentType;
        Response.Headers.ContentDisposition = new System.Net.Http.Headers.ContentDispositionHeaderValue("attachment")
        {
            FileNameStar = RecordExport.FileName,
        }.ToString();
        Response.Headers.XContentTypeOptions = "nosniff";
        await ExcelExporter.WriteAsync(Response.Body, RecordExport.Spec, await records.ExportRowsAsync(query), HttpContext.RequestAborted);
    }

    [HttpGet("customers/{id:int}")]
    public async Task<IActionResult> Customer(int id) => View(await records.CustomerAsync(id));

    [HttpGet("managers/{id:int}")]
    public async Task<IActionResult> Manager(int id) => View(await records.ManagerAsync(id));

    [HttpGet("{id:long}/correct"), RequirePermission(UsagePermissions.Correct)]
    public async Task<IActionResult> Correct(long id) => View(await records.CorrectPageAsync(id));

    [HttpPost("{id:long}/correct"), RequirePermission(UsagePermissions.Correct)]
    public Task<IActionResult> Correct(long id, CorrectForm form) =>
        this.SubmitAsync(() => records.CorrectAsync(id, form), "操作成功", () => RedirectToAction(nameof(Index)),
            async () => View(await records.CorrectPageAsync(id, form)));
}
