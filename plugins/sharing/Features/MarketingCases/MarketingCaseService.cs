using PostalCrm.Plugins.Sharing.Common;
using PostalCrm.Plugins.Sharing.Data;
using PostalCrm.Sdk.Audit;
using PostalCrm.Sdk.Data;
using PostalCrm.Sdk.Files;
using PostalCrm.Sdk.Reference;
using PostalCrm.Sdk.Security;

namespace PostalCrm.Plugins.Sharing.Features.MarketingCases;

/// <summary>F-7.2: a case is shared with the uploading centre's area, so every unit below it (and above it) may download it.</summary>
public sealed class MarketingCaseService(PostalDb db, SharedUploads uploads, DataScope scope, ICurrentUser me)
{
    public const string AuditEntity = "sharing_marketing_case";

    public Task<List<ProductLine>> ProductLinesAsync() => db.ProductLines.Where(p => p.Active).OrderBy(p => p.Sort).ToListAsync();

    /// <summary>The cases shared with the user, optionally of one product line (按专业分类).</summary>
    public async Task<List<MarketingCaseRow>> ListAsync(int? productLineId)
    {
        var cases = scope.AreaShared(db.GetTable<MarketingCase>(), c => c.ShareAreaId);
        if (productLineId is { } pl) cases = cases.Where(c => c.ProductLineId == pl);
        return await (
            from c in cases
            join p in db.ProductLines on c.ProductLineId equals p.Id
            join o in db.OrgUnits on c.OrgUnitId equals o.Id
            join u in db.Users on c.UploadedBy equals u.Id
            join f in db.StoredFiles on c.FileId equals f.Id
            orderby c.UploadedAt descending, c.Id descending
            select new MarketingCaseRow
            {
                Id = c.Id, Title = c.Title, ProductLine = p.Name, Summary = c.Summary, UploaderUnit = o.Name,
                Uploader = u.DisplayName, UploadedAt = c.UploadedAt, FileName = f.OriginalName, FileSize = f.Size,
            }).ToListAsync();
    }

    /// <summary>Stores the document and the case in one transaction; audited.</summary>
    public async Task<int> UploadAsync(MarketingCaseForm form)
    {
        var upload = form.File ?? throw new BusinessRuleException("请选择要上传的案例文件");
        if (form.ProductLineId is not { } productLineId || !await db.ProductLines.AnyAsync(p => p.Id == productLineId && p.Active))
            throw new BusinessRuleException("请选择专业");

        var item = new MarketingCase
        {
            Title = form.Title.Trim(),
            ProductLineId = productLineId,
            Summary = form.Summary.TrimToNull(),
        };
        return await uploads.SaveAsync(item, upload, FilePolicy.Documents(), me.Area.Id, AuditEntity);
    }

    /// <summary>The case's file, or <see cref="OutOfScopeException"/> (404) when the case is not shared with the user.</summary>
    public Task<StoredFile> FileAsync(int id) => uploads.FileAsync(db.GetTable<MarketingCase>(), id);
}
