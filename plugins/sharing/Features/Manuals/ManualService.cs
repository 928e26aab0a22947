using PostalCrm.Plugins.Sharing.Data;
using PostalCrm.Sdk.Audit;
using PostalCrm.Sdk.Data;
using PostalCrm.Sdk.Files;
using PostalCrm.Sdk.Security;
using PostalCrm.Sdk.Time;

namespace PostalCrm.Plugins.Sharing.Features.Manuals;

/// <summary>F-8.2: operation manuals, downloadable by everyone, maintained by administrators.</summary>
public sealed class ManualService(TimeProvider clock, PostalDb db, FileStore files, AuditLog audit, ICurrentUser me)
{
    public const string AuditEntity = "sharing_manual";

    public Task<List<ManualRow>> ListAsync() => (
        from m in db.GetTable<Manual>()
        where !m.Deleted
        join f in db.StoredFiles on m.FileId equals f.Id
        orderby m.Title, m.Id
        select new ManualRow { Id = m.Id, Title = m.Title, FileName = f.OriginalName, FileSize = f.Size, UploadedAt = m.UploadedAt })
        .ToListAsync();

    /// <summary>Stores the document and the manual in one transaction; audited.</summary>
    public async Task<int> UploadAsync(ManualForm form)
    {
        var upload = form.File ?? throw new BusinessRuleException("请选择要上传的文件");

        await using var tx = await db.BeginTransactionAsync();
        await using var content = upload.OpenReadStream();
        var file = await files.SaveAsync(content, upload.FileName, FilePolicy.Documents());
        var manual = new Manual { Title = form.Title.Trim(), FileId = file.Id, UploadedBy = me.Id, UploadedAt = clock.UtcNow() };
        await audit.InsertAsync(manual, AuditEntity, (m, id) => m.Id = id);
        await tx.CommitAsync();
        return manual.Id;
    }

    /// <summary>Takes the manual off the list (the row stays for the audit trail); audited.</summary>
    public async Task DeleteAsync(int id)
    {
        var (userId, now) = (me.Id, clock.UtcNow());
        await using var tx = await db.BeginTransactionAsync();
        var manual = await FindAsync(id);
        await db.GetTable<Manual>().Where(m => m.Id == id)
            .Set(m => m.Deleted, true).Set(m => m.DeletedBy, userId).Set(m => m.DeletedAt, now)
            .UpdateAsync();
        await audit.WriteAsync(AuditEntity, id, "delete", manual, null);
        await tx.CommitAsync();
    }

    public async Task<StoredFile> FileAsync(int id)
    {
        var manual = await FindAsync(id);
        return await files.FindAsync(manual.FileId) ?? throw new OutOfScopeException();
    }

    private async Task<Manual> FindAsync(int id) =>
        await db.GetTable<Manual>().FirstOrDefaultAsync(m => m.Id == id && !m.Deleted) ?? throw new OutOfScopeException();
}
