using Microsoft.AspNetCore.Mvc;
using PostalCrm.Sdk.Files;
using PostalCrm.Sdk.Security;

namespace PostalCrm.Plugins.Sharing.Features.MarketingCases;

/// <summary>F-7.2 营销案例: 案例上传 (provincial and city key-account centres) and 案例下载 (everyone it is shared with).</summary>
[Route("sharing/cases")]
public sealed class MarketingCasesController(MarketingCaseService cases, FileStore files) : Controller
{
    [HttpGet(""), RequirePermission(SharingPermissions.CasesView)]
    public async Task<IActionResult> Index(int? productLineId) =>
        View(new MarketingCaseList { ProductLineId = productLineId, Rows = await cases.ListAsync(productLineId) });

    [HttpGet("upload"), RequirePermission(SharingPermissions.CasesUpload)]
    public IActionResult Upload() => View(new MarketingCaseForm());

    [HttpPost("upload"), RequirePermission(SharingPermissions.CasesUpload)]
    public Task<IActionResult> Upload(MarketingCaseForm form) =>
        this.SubmitAsync(() => cases.UploadAsync(form), "营销案例上传成功", () => RedirectToAction(nameof(Index)), () => View(form));

    [HttpGet("{id:int}/download"), RequirePermission(SharingPermissions.CasesView)]
    public async Task<IActionResult> Download(int id) => this.Attachment(files, await cases.FileAsync(id));
}
