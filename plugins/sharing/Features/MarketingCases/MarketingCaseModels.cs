using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Http;

namespace PostalCrm.Plugins.Sharing.Features.MarketingCases;

/// <summary>案例上传.</summary>
public sealed class MarketingCaseForm
{
    [Display(Name = "案例标题"), Required(ErrorMessage = "请填写案例标题"), StringLength(100, ErrorMessage = "案例标题最多 100 个字")]
    public string Title { get; set; } = "";

    [Display(Name = "专业"), Required(ErrorMessage = "请选择专业")]
    public int? ProductLineId { get; set; }

    [Display(Name = "案例简介"), StringLength(500, ErrorMessage = "案例简介最多 500 个字")]
    public string? Summary { get; set; }

    [Display(Name = "案例文件"), Required(ErrorMessage = "请选择要上传的案例文件")]
    public IFormFile? File { get; set; }
}

/// <summary>One line of 案例下载.</summary>
public sealed class MarketingCaseRow
{
    public int Id { get; init; }
    public string Title { get; init; } = "";
    public string ProductLine { get; init; } = "";
    public string? Summary { get; init; }
    public string UploaderUnit { get; init; } = "";
    public string Uploader { get; init; } = "";
    public DateTime UploadedAt { get; init; }
    public string FileName { get; init; } = "";
    public long FileSize { get; init; }
}

/// <summary>案例下载: the product-line filter and the matching cases.</summary>
public sealed class MarketingCaseList
{
    [Display(Name = "专业")] public int? ProductLineId { get; init; }
    public IReadOnlyList<MarketingCaseRow> Rows { get; init; } = [];
}
