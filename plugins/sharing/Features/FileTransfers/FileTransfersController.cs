using Microsoft.AspNetCore.Mvc;
using PostalCrm.Sdk.Files;
using PostalCrm.Sdk.Security;

namespace PostalCrm.Plugins.Sharing.Features.FileTransfers;

/// <summary>F-7.3 文件传送: 文件上传 (send to chosen units) and 文件下载 (what the user received or sent).</summary>
[Route("sharing/transfers")]
public sealed class FileTransfersController(FileTransferService transfers, FileStore files) : Controller
{
    [HttpGet(""), RequirePermission(SharingPermissions.TransfersView)]
    public async Task<IActionResult> Index() => View(await transfers.ListAsync());

    /// <summary>The form; by default every unit of the sender's area is a recipient.</summary>
    [HttpGet("upload"), RequirePermission(SharingPermissions.TransfersSend)]
    public async Task<IActionResult> Upload() =>
        View(new FileTransferForm { RecipientIds = [.. (await transfers.RecipientChoicesAsync()).Select(c => c.Id)] });

    [HttpPost("upload"), RequirePermission(SharingPermissions.TransfersSend)]
    [RequestSizeLimit(FileTransferService.MaxFileBytes + 1024 * 1024)]
    [RequestFormLimits(MultipartBodyLengthLimit = FileTransferService.MaxFileBytes + 1024 * 1024)]
    public Task<IActionResult> Upload(FileTransferForm form) =>
        this.SubmitAsync(() => transfers.SendAsync(form), "文件发送成功", () => RedirectToAction(nameof(Index)), () => View(form));

    [HttpGet("{id:int}"), RequirePermission(SharingPermissions.TransfersView)]
    public async Task<IActionResult> Details(int id) => View(await transfers.DetailsAsync(id));

    [HttpGet("{id:int}/download"), RequirePermission(SharingPermissions.TransfersView)]
    public async Task<IActionResult> Download(int id) => this.Attachment(files, await transfers.FileAsync(id));
}
