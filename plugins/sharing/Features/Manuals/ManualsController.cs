using Microsoft.AspNetCore.Mvc;
using PostalCrm.Sdk.Files;
using PostalCrm.Sdk.Security;

namespace PostalCrm.Plugins.Sharing.Features.Manuals;

/// <summary>F-8.2 操作手册: a download list maintained by administrators.</summary>
[Route("sharing/manuals")]
public sealed class ManualsController(ManualService manuals, FileStore files) : Controller
{
    [HttpGet(""), RequirePermission(SharingPermissions.ManualsView)]
    public async Task<IActionResult> Index() => View(await manuals.ListAsync());

    [HttpGet("{id:int}/download"), RequirePermission(SharingPermissions.ManualsView)]
    public async Task<IActionResult> Download(int id) => this.Attachment(files, await manuals.FileAsync(id));

    [HttpGet("upload"), RequirePermission(SharingPermissions.ManualsManage)]
    public IActionResult Upload() => View(new ManualForm());

    [HttpPost("upload"), RequirePermission(SharingPermissions.ManualsManage)]
    public Task<IActionResult> Upload(ManualForm form) =>
        this.SubmitAsync(() => manuals.UploadAsync(form), "操作手册上传成功", () => RedirectToAction(nameof(Index)), () => View(form));

    [HttpPost("{id:int}/delete"), RequirePermission(SharingPermissions.ManualsManage)]
    public async Task<IActionResult> Delete(int id)
    {
        await manuals.DeleteAsync(id);
        TempData["Flash"] = "操作手册已删除";
        return RedirectToAction(nameof(Index));
    }
}
