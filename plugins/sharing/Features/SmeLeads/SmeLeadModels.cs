using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Http;

namespace PostalCrm.Plugins.Sharing.Features.SmeLeads;

/// <summary>信息上传: the fields a key-account team needs to follow up an SME, plus the Word file.</summary>
public sealed class SmeLeadForm
{
    [Display(Name = "企业名称"), Required(ErrorMessage = "请填写企业名称"), StringLength(100, ErrorMessage = "企业名称最多 100 个字")]
    public string CompanyName { get; set; } = "";

    [Display(Name = "所属行业"), Required(ErrorMessage = "请选择所属行业")]
    public int? IndustryId { get; set; }

    [Display(Name = "联系人"), Required(ErrorMessage = "请填写联系人"), StringLength(50, ErrorMessage = "联系人最多 50 个字")]
    public string ContactName { get; set; } = "";

    [Display(Name = "联系电话"), Required(ErrorMessage = "请填写联系电话"),
     RegularExpression(@"^[0-9+\-() ]{5,30}$", ErrorMessage = "联系电话只能包含数字、空格和 + - ( ),5 至 30 位")]
    public string ContactPhone { get; set; } = "";

    [Display(Name = "企业地址"), StringLength(200, ErrorMessage = "企业地址最多 200 个字")]
    public string? Address { get; set; }

    [Display(Name = "业务需求"), Required(ErrorMessage = "请填写业务需求"), StringLength(500, ErrorMessage = "业务需求最多 500 个字")]
    public string Needs { get; set; } = "";

    [Display(Name = "备注"), StringLength(500, ErrorMessage = "备注最多 500 个字")]
    public string? Remarks { get; set; }

    [Display(Name = "Word 文件"), Required(ErrorMessage = "请选择要上传的 Word 文件(.doc 或 .docx)")]
    public IFormFile? File { get; set; }
}

/// <summary>One line of 信息下载.</summary>
public sealed class SmeLeadRow
{
    public int Id { get; init; }
    public string CompanyName { get; init; } = "";
    public string Industry { get; init; } = "";
    public string ContactName { get; init; } = "";
    public string ContactPhone { get; init; } = "";
    public string Needs { get; init; } = "";
    public string? Remarks { get; init; }
    public string UploaderUnit { get; init; } = "";
    public string Uploader { get; init; } = "";
    public DateTime UploadedAt { get; init; }
    public string FileName { get; init; } = "";
}
