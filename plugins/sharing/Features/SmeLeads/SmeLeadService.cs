using PostalCrm.Plugins.Sharing.Common;
using PostalCrm.Plugins.Sharing.Data;
using PostalCrm.Sdk.Audit;
using PostalCrm.Sdk.Data;
using PostalCrm.Sdk.Files;
using PostalCrm.Sdk.Organisation;
using PostalCrm.Sdk.Reference;
using PostalCrm.Sdk.Security;

namespace PostalCrm.Plugins.Sharing.Features.SmeLeads;

/// <summary>F-7.1: SME leads are shared with the uploader's city and the province above it.</summary>
public sealed class SmeLeadService(PostalDb db, SharedUploads uploads, DataScope scope, OrgTree tree, ICurrentUser me)
{
    public const string AuditEntity = "sharing_sme_lead";

    public Task<List<Industry>> IndustriesAsync() => db.Industries.OrderBy(i => i.Sort).ToListAsync();

    public async Task<List<SmeLeadRow>> ListAsync()
    {
        return await (
            from l in scope.AreaShared(db.GetTable<SmeLead>(), l => l.ShareAreaId)
            join i in db.Industries on l.IndustryId equals i.Id
            join o in db.OrgUnits on l.OrgUnitId equals o.Id
            join u in db.Users on l.UploadedBy equals u.Id
            join f in db.StoredFiles on l.FileId equals f.Id
            orderby l.UploadedAt descending, l.Id descending
            select new SmeLeadRow
            {
                Id = l.Id, CompanyName = l.CompanyName, Industry = i.Name, ContactName = l.ContactName,
                ContactPhone = l.ContactPhone, Needs = l.Needs, Remarks = l.Remarks, UploaderUnit = o.Name,
                Uploader = u.DisplayName, UploadedAt = l.UploadedAt, FileName = f.OriginalName,
            }).ToListAsync();
    }

    /// <summary>Stores the Word file (checked by content) and the lead in one transaction; audited.</summary>
    public async Task<int> UploadAsync(SmeLeadForm form)
    {
        var upload = form.File ?? throw new BusinessRuleException("请选择要上传的 Word 文件(.doc 或 .docx)");
        if (form.IndustryId is not { } industryId || !await db.Industries.AnyAsync(i => i.Id == industryId))
            throw new BusinessRuleException("请选择所属行业");
        var city = await tree.CityOfAsync(me.Area);

        var lead = new SmeLead
        {
            CompanyName = form.CompanyName.Trim(),
            IndustryId = industryId,
            ContactName = form.ContactName.Trim(),
            ContactPhone = form.ContactPhone.Trim(),
            Address = form.Address.TrimToNull(),
            Needs = form.Needs.Trim(),
            Remarks = form.Remarks.TrimToNull(),
        };
        return await uploads.SaveAsync(lead, upload, FilePolicy.WordOnly(), city.Id, AuditEntity);
    }

    /// <summary>The lead's file, or <see cref="OutOfScopeException"/> (404) when the lead is not shared with the user.</summary>
    public Task<StoredFile> FileAsync(int id) => uploads.FileAsync(db.GetTable<SmeLead>(), id);
}
