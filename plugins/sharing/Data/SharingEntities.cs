using LinqToDB.Mapping;

namespace PostalCrm.Plugins.Sharing.Data;

/// <summary>中小企业信息 (F-7.1): an SME lead with its Word file, shared with the uploader's city.</summary>
[Table("sharing_sme_leads")]
public sealed class SmeLead : PostalCrm.Plugins.Sharing.Common.IAreaSharedUpload
{
    [Column("id"), PrimaryKey, Identity] public int Id { get; set; }
    [Column("company_name", Length = 100), NotNull] public string CompanyName { get; set; } = "";
    [Column("industry_id"), NotNull] public int IndustryId { get; set; }
    [Column("contact_name", Length = 50), NotNull] public string ContactName { get; set; } = "";
    [Column("contact_phone", Length = 30), NotNull] public string ContactPhone { get; set; } = "";
    [Column("address", Length = 200), Nullable] public string? Address { get; set; }
    /// <summary>业务需求: what postal business the enterprise needs.</summary>
    [Column("needs", Length = 500), NotNull] public string Needs { get; set; } = "";
    [Column("remarks", Length = 500), Nullable] public string? Remarks { get; set; }
    [Column("file_id"), NotNull] public int FileId { get; set; }
    /// <summary>The area it is shared with: the uploader's city (the province for a provincial uploader).</summary>
    [Column("share_area_id"), NotNull] public int ShareAreaId { get; set; }
    /// <summary>The uploader's unit, shown as 上传单位.</summary>
    [Column("org_unit_id"), NotNull] public int OrgUnitId { get; set; }
    [Column("uploaded_by"), NotNull] public int UploadedBy { get; set; }
    [Column("uploaded_at"), NotNull] public DateTime UploadedAt { get; set; }
}

/// <summary>营销案例 (F-7.2): uploaded by a provincial or city key-account centre, shared with the uploader's area.</summary>
[Table("sharing_marketing_cases")]
public sealed class MarketingCase : PostalCrm.Plugins.Sharing.Common.IAreaSharedUpload
{
    [Column("id"), PrimaryKey, Identity] public int Id { get; set; }
    [Column("title", Length = 100), NotNull] public string Title { get; set; } = "";
    /// <summary>专业: the classification of the case.</summary>
    [Column("product_line_id"), NotNull] public int ProductLineId { get; set; }
    [Column("summary", Length = 500), Nullable] public string? Summary { get; set; }
    [Column("file_id"), NotNull] public int FileId { get; set; }
    [Column("share_area_id"), NotNull] public int ShareAreaId { get; set; }
    [Column("org_unit_id"), NotNull] public int OrgUnitId { get; set; }
    [Column("uploaded_by"), NotNull] public int UploadedBy { get; set; }
    [Column("uploaded_at"), NotNull] public DateTime UploadedAt { get; set; }
}

/// <summary>文件传送 (F-7.3): a file with a message, sent to chosen units.</summary>
[Table("sharing_file_transfers")]
public sealed class FileTransfer
{
    [Column("id"), PrimaryKey, Identity] public int Id { get; set; }
    [Column("title", Length = 100), NotNull] public string Title { get; set; } = "";
    /// <summary>At most 1000 characters (line breaks stored as \n).</summary>
    [Column("content", Length = 1000), NotNull] public string Content { get; set; } = "";
    [Column("file_id"), NotNull] public int FileId { get; set; }
    [Column("sender_org_unit_id"), NotNull] public int SenderOrgUnitId { get; set; }
    [Column("sent_by"), NotNull] public int SentBy { get; set; }
    [Column("sent_at"), NotNull] public DateTime SentAt { get; set; }
}

/// <summary>One recipient unit of a transfer: users of that unit, or whose area it is, receive it.</summary>
[Table("sharing_file_transfer_recipients")]
public sealed class FileTransferRecipient
{
    [Column("transfer_id"), PrimaryKey(0)] public int TransferId { get; set; }
    [Column("org_unit_id"), PrimaryKey(1)] public int OrgUnitId { get; set; }
}

/// <summary>操作手册 (F-8.2): maintained by administrators; a delete hides it and keeps the row for the audit trail.</summary>
[Table("sharing_manuals")]
public sealed class Manual
{
    [Column("id"), PrimaryKey, Identity] public int Id { get; set; }
    [Column("title", Length = 100), NotNull] public string Title { get; set; } = "";
    [Column("file_id"), NotNull] public int FileId { get; set; }
    [Column("uploaded_by"), NotNull] public int UploadedBy { get; set; }
    [Column("uploaded_at"), NotNull] public DateTime UploadedAt { get; set; }
    [Column("deleted"), NotNull] public bool Deleted { get; set; }
    [Column("deleted_by"), Nullable] public int? DeletedBy { get; set; }
    [Column("deleted_at"), Nullable] public DateTime? DeletedAt { get; set; }
}
