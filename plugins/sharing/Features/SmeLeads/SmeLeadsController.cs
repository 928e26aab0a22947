using Microsoft.AspNetCore.Mvc;
using PostalCrm.Sdk.Files;
using PostalCrm.Sdk.Security;

namespace PostalCrm.Plugins.Sharing.Features.SmeLeads;

/// <summary>F-7.1 中小企业: 信息上传 and 信息下载.</summary>
[Route("sharing/leads")]
public sealed class SmeLeadsController(SmeLeadService leads, FileStore files) : Controller
{
    [HttpGet(""), RequirePermission(SharingPermissions.LeadsView)]
    public async Task<IActionResult> Index() => View(await leads.ListAsync());

    [HttpGet("upload"), RequirePermission(SharingPermissions.LeadsUpload)]
    public IActionResult Upload() => View(new SmeLeadForm());

    [HttpPost("upload"), RequirePermission(SharingPermissions.LeadsUpload)]
    public Task<IActionResult> Upload(SmeLeadForm form) =>
        this.SubmitAsync(() => leads.UploadAsync(form), "中小企业信息上传成功", () => RedirectToAction(nameof(Index)), () => View(form));

    [HttpGet("{id:int}/download"), RequirePermission(SharingPermissions.LeadsView)]
    public async Task<IActionResult> Download(int id) => this.Attachment(files, await leads.FileAsync(id));
}
