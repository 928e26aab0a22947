using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Http;

namespace PostalCrm.Plugins.Sharing.Features.Manuals;

/// <summary>上传操作手册 (administrators).</summary>
public sealed class ManualForm
{
    [Display(Name = "手册名称"), Required(ErrorMessage = "请填写手册名称"), StringLength(100, ErrorMessage = "手册名称最多 100 个字")]
    public string Title { get; set; } = "";

    [Display(Name = "文件"), Required(ErrorMessage = "请选择要上传的文件")]
    public IFormFile? File { get; set; }
}

/// <summary>One line of the download list.</summary>
public sealed class ManualRow
{
    public int Id { get; init; }
    public string Title { get; init; } = "";
    public string FileName { get; init; } = "";
    public long FileSize { get; init; }
    public DateTime UploadedAt { get; init; }
}
