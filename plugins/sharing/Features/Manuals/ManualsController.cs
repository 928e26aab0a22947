using Microsoft.AspNetCore.Mvc;
using PostalCrm.Plugins.Sharing.Common;
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
    public async Task<IActionResult> Upload(ManualForm form)
    {
        if (!ModelState.IsValid) return View(form);
        try
        {
            await manuals.UploadAsync(form);
        }
        catch (BusinessRuleException e)
        {
            ModelState.AddModelError("", e.Message);
            return View(form);
        }
        TempData["Flash"] = "操作手册上传成功";
        return RedirectToAction(nameof(Index));
    }

    [HttpPost("{id:int}/delete"), RequirePermission(SharingPermissions.ManualsManage)]
    public async Task<IActionResult> Delete(int id)
    {
        await manuals.DeleteAsync(id);
        TempData["Flash"] = "操作手册已删除";
        return RedirectToAction(nameof(Index));
    }
}
