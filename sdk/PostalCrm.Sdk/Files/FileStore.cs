using System.Security.Cryptography;
using LinqToDB;
using LinqToDB.Mapping;
using PostalCrm.Sdk.Data;
using PostalCrm.Sdk.Security;

namespace PostalCrm.Sdk.Files;

[Table("stored_files")]
public sealed class StoredFile
{
    [Column("id"), PrimaryKey, Identity] public int Id { get; set; }
    [Column("original_name", Length = 260), NotNull] public string OriginalName { get; set; } = "";
    /// <summary>Generated (a GUID); never derived from user input.</summary>
    [Column("stored_name", Length = 64), NotNull] public string StoredName { get; set; } = "";
    [Column("content_type", Length = 100), NotNull] public string ContentType { get; set; } = "application/octet-stream";
    [Column("size"), NotNull] public long Size { get; set; }
    [Column("sha256", Length = 64), NotNull] public string Sha256 { get; set; } = "";
    [Column("uploaded_by"), NotNull] public int UploadedBy { get; set; }
    [Column("uploaded_at"), NotNull] public DateTime UploadedAt { get; set; }
}

/// <summary>Configuration section <c>Storage</c>.</summary>
public sealed class StorageSettings
{
    /// <summary>Folder for uploaded files; shared storage when several host nodes run.</summary>
    public string Root { get; set; } = "App_Data/files";
}

/// <summary>
/// Stores validated uploads under generated names, streams them back and deletes them. Scoped: at the end of the request
/// it deletes the content of any file saved or deleted in it whose database row is gone (a save rolled back, a delete
/// committed), so a failed upload leaves neither a row nor an orphan file and a rolled-back delete keeps its content.
/// </summary>
public sealed class FileStore(PostalDb db, StorageSettings settings, ICurrentUser user, TimeProvider? clock = null) : IAsyncDisposable
{
    /// <summary>Stored names saved or deleted here: their content goes at dispose when their row is gone.</summary>
    private readonly List<string> _changedHere = [];

    /// <summary>Validates, then stores the file; throws <see cref="BusinessRuleException"/> with a Chinese message when refused.</summary>
    public async Task<StoredFile> SaveAsync(Stream content, string fileName, FilePolicy policy, CancellationToken ct = default)
    {
        Directory.CreateDirectory(settings.Root);
        var storedName = Guid.NewGuid().ToString("N");
        var path = Path.Combine(settings.Root, storedName);
        long size = 0;
        string sha;
        byte[] head;
        try
        {
            await using (var target = new FileStream(path, FileMode.CreateNew, FileAccess.Write))
            {
                using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
                var buffer = new byte[81920];
                int read;
                while ((read = await content.ReadAsync(buffer, ct)) > 0)
                {
                    size += read;
                    if (size > policy.MaxBytes)
                        throw new BusinessRuleException($"文件过大:最大允许 {policy.MaxBytes / 1024 / 1024} MB");
                    hash.AppendData(buffer, 0, read);
                    await target.WriteAsync(buffer.AsMemory(0, read), ct);
                }
                sha = Convert.ToHexStringLower(hash.GetHashAndReset());
            }
            head = await ReadHeadAsync(path, ct);
            policy.Check(fileName, size, head, path);
        }
        catch
        {
            File.Delete(path);
            throw;
        }
        var stored = new StoredFile
        {
            OriginalName = FilePolicy.SafeDisplayName(fileName),
            StoredName = storedName,
            ContentType = FilePolicy.ContentTypeFor(fileName),
            Size = size,
            Sha256 = sha,
            UploadedBy = user.Id,
            UploadedAt = (clock ?? TimeProvider.System).GetUtcNow().UtcDateTime,
        };
        _changedHere.Add(storedName);
        stored.Id = await db.InsertWithInt32IdentityAsync(stored, token: ct);
        return stored;
    }

    public Task<StoredFile?> FindAsync(int id) => db.StoredFiles.FirstOrDefaultAsync(f => f.Id == id);

    /// <summary>
    /// Deletes the file's row now (inside the caller's transaction, if any; a row still referenced by a foreign key is the
    /// caller's to release first) and its content when this store is disposed, if the deletion was committed by then.
    /// Returns false when the row was already gone (deleted by another request or node).
    /// </summary>
    public async Task<bool> DeleteAsync(StoredFile file, CancellationToken ct = default)
    {
        _changedHere.Add(file.StoredName);
        return await db.StoredFiles.Where(f => f.Id == file.Id).DeleteAsync(ct) > 0;
    }

    public Stream OpenRead(StoredFile file) =>
        new FileStream(Path.Combine(settings.Root, file.StoredName), FileMode.Open, FileAccess.Read, FileShare.Read);

    public async ValueTask DisposeAsync()
    {
        if (_changedHere.Count == 0) return;
        var kept = (await db.StoredFiles.Where(f => _changedHere.Contains(f.StoredName)).Select(f => f.StoredName).ToListAsync()).ToHashSet();
        foreach (var name in _changedHere.Where(n => !kept.Contains(n)))
            File.Delete(Path.Combine(settings.Root, name));
        _changedHere.Clear();
    }

    private static async Task<byte[]> ReadHeadAsync(string path, CancellationToken ct)
    {
        var head = new byte[512];
        await using var f = File.OpenRead(path);
        var n = await f.ReadAsync(head, ct);
        return head[..n];
    }
}
