using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Http;

namespace PostalCrm.Plugins.Sharing.Features.FileTransfers;

/// <summary>文件上传: title, content (≤ 1000 characters, checked by the service), recipient units and the file.</summary>
public sealed class FileTransferForm
{
    [Display(Name = "标题"), Required(ErrorMessage = "请填写标题"), StringLength(100, ErrorMessage = "标题最多 100 个字")]
    public string Title { get; set; } = "";

    [Display(Name = "内容"), Required(ErrorMessage = "请填写内容")]
    public string Content { get; set; } = "";

    [Display(Name = "接收单位")]
    public IList<int> RecipientIds { get; set; } = [];

    [Display(Name = "文件"), Required(ErrorMessage = "请选择要上传的文件")]
    public IFormFile? File { get; set; }
}

/// <param name="Depth">0 for the sender's own area, 1 for the units right below it, …</param>
public sealed record RecipientChoice(int Id, string Name, int Depth);

/// <summary>One line of 文件下载: a transfer the user received or sent.</summary>
public sealed class FileTransferRow
{
    public int Id { get; init; }
    public string Title { get; init; } = "";
    public string SenderUnit { get; init; } = "";
    public string Sender { get; init; } = "";
    public DateTime SentAt { get; init; }
    public string FileName { get; init; } = "";
    public long FileSize { get; init; }
    /// <summary>True for a transfer the user sent (发出), false for one received (收到).</summary>
    public bool SentByMe { get; init; }
}

/// <summary>One transfer in full: the content and who it went to.</summary>
public sealed class FileTransferDetails
{
    public required FileTransferRow Row { get; init; }
    public string Content { get; init; } = "";
    public IReadOnlyList<string> Recipients { get; init; } = [];
}
