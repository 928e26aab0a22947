using Microsoft.AspNetCore.Http;
using PostalCrm.Sdk.Audit;
using PostalCrm.Sdk.Data;
using PostalCrm.Sdk.Files;
using PostalCrm.Sdk.Security;
using PostalCrm.Sdk.Time;

namespace PostalCrm.Plugins.Sharing.Common;

/// <summary>A record with an uploaded file, shared with an area (SME leads, marketing cases).</summary>
public interface IAreaSharedUpload
{
    int Id { get; set; }
    int FileId { get; set; }
    int ShareAreaId { get; set; }
    int OrgUnitId { get; set; }
    int UploadedBy { get; set; }
    DateTime UploadedAt { get; set; }
}

/// <summary>The one way an area-shared upload is stored and fetched: file and record in one transaction, audited; downloads only where shared.</summary>
public sealed class SharedUploads(TimeProvider clock, PostalDb db, FileStore files, AuditLog audit, ICurrentUser me, DataScope scope)
{
    /// <summary>Validates and stores the file, stamps the record (file, area, uploader) and inserts it; returns its id.</summary>
    public async Task<int> SaveAsync<T>(T record, IFormFile upload, FilePolicy policy, int shareAreaId, string auditEntity)
        where T : class, IAreaSharedUpload
    {
        await using var tx = await db.BeginTransactionAsync();
        await using var content = upload.OpenReadStream();
        var file = await files.SaveAsync(content, upload.FileName, policy);
        record.FileId = file.Id;
        record.ShareAreaId = shareAreaId;
        record.OrgUnitId = me.OrgUnit.Id;
        record.UploadedBy = me.Id;
        record.UploadedAt = clock.UtcNow();
        await audit.InsertAsync(record, auditEntity, (r, id) => r.Id = id);
        await tx.CommitAsync();
        return record.Id;
    }

    /// <summary>The file of the record with this id, or <see cref="OutOfScopeException"/> (404) when it is missing or not shared with the user.</summary>
    public async Task<StoredFile> FileAsync<T>(IQueryable<T> table, int id) where T : class, IAreaSharedUpload
    {
        var record = await scope.AreaShared(table, r => r.ShareAreaId).Where(r => r.Id == id).SingleInScopeAsync();
        return await files.FindAsync(record.FileId) ?? throw new OutOfScopeException();
    }
}
