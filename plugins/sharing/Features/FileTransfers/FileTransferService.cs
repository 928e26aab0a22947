using PostalCrm.Plugins.Sharing.Data;
using PostalCrm.Sdk.Audit;
using PostalCrm.Sdk.Data;
using PostalCrm.Sdk.Files;
using PostalCrm.Sdk.Organisation;
using PostalCrm.Sdk.Security;
using PostalCrm.Sdk.Time;

namespace PostalCrm.Plugins.Sharing.Features.FileTransfers;

/// <summary>
/// F-7.3: a sender addresses units of their own area subtree; users of a recipient unit (or whose area it is)
/// receive the transfer. Only recipients and the sender see it.
/// </summary>
public sealed class FileTransferService(TimeProvider clock, PostalDb db, FileStore files, AuditLog audit, ICurrentUser me, OrgTree tree, DataScope scope)
{
    public const string AuditEntity = "sharing_file_transfer";
    public const int MaxContentLength = 1000;
    public const long MaxFileBytes = 50L * 1024 * 1024;

    /// <summary>The units a sender may address: their own area and every unit below it, in tree order.</summary>
    public async Task<IReadOnlyList<RecipientChoice>> RecipientChoicesAsync()
    {
        var rootDepth = OrgTree.ParsePath(me.Area.Path).Count;
        var units = await tree.SubtreeAsync(me.Area);
        return [.. units.Where(u => u.Active).Select(u => new RecipientChoice(u.Id, u.Name, OrgTree.ParsePath(u.Path).Count - rootDepth))];
    }

    /// <summary>Content as stored: browsers send line breaks as CR LF, the textarea counts them as one character.</summary>
    public static string NormaliseContent(string content) => content.Replace("\r\n", "\n", StringComparison.Ordinal).Trim();

    /// <summary>Characters as a reader counts them (a Chinese character or an emoji is one).</summary>
    public static int CharacterCount(string content) => content.EnumerateRunes().Count();

    public async Task<List<FileTransferRow>> ListAsync()
    {
        var myId = me.Id;
        var received = ReceivedIds();
        return await Rows(db.GetTable<FileTransfer>().Where(t => t.SentBy == myId || received.Contains(t.Id))).ToListAsync();
    }

    /// <summary>The transfer with content and recipients, or <see cref="OutOfScopeException"/> (404) for anyone but its sender and recipients.</summary>
    public async Task<FileTransferDetails> DetailsAsync(int id)
    {
        var transfer = await FindVisibleAsync(id);
        var row = await Rows(db.GetTable<FileTransfer>().Where(t => t.Id == id)).FirstAsync();
        var recipients = await (
            from r in db.GetTable<FileTransferRecipient>()
            where r.TransferId == id
            join o in db.OrgUnits on r.OrgUnitId equals o.Id
            orderby o.Path
            select o.Name).ToListAsync();
        return new FileTransferDetails { Row = row, Content = transfer.Content, Recipients = recipients };
    }

    /// <summary>Validates, then stores the file, the transfer and its recipients in one transaction; audited.</summary>
    public async Task<int> SendAsync(FileTransferForm form)
    {
        var content = NormaliseContent(form.Content);
        if (content.Length == 0) throw new BusinessRuleException("请填写内容");
        var length = CharacterCount(content);
        if (length > MaxContentLength)
            throw new BusinessRuleException($"内容最多 {MaxContentLength} 个字符,当前为 {length} 个字符,请删减 {length - MaxContentLength} 个字符");
        var recipients = form.RecipientIds.Distinct().ToList();
        if (recipients.Count == 0) throw new BusinessRuleException("请选择接收单位");
        var allowed = await scope.UnitAndBelow(db.OrgUnits.Where(u => u.Active && recipients.Contains(u.Id)), u => u.Id).CountAsync();
        if (allowed != recipients.Count) throw new BusinessRuleException("接收单位只能是本单位及下级单位");
        var upload = form.File ?? throw new BusinessRuleException("请选择要上传的文件");

        await using var tx = await db.BeginTransactionAsync();
        await using var stream = upload.OpenReadStream();
        var file = await files.SaveAsync(stream, upload.FileName, FilePolicy.AnyButExecutable(MaxFileBytes));
        var transfer = new FileTransfer
        {
            Title = form.Title.Trim(),
            Content = content,
            FileId = file.Id,
            SenderOrgUnitId = me.OrgUnit.Id,
            SentBy = me.Id,
            SentAt = clock.UtcNow(),
        };
        transfer.Id = await db.InsertWithInt32IdentityAsync(transfer);
        foreach (var unitId in recipients)
            await db.InsertAsync(new FileTransferRecipient { TransferId = transfer.Id, OrgUnitId = unitId });
        await audit.WriteAsync(AuditEntity, transfer.Id, "create", null, new { transfer, recipients });
        await tx.CommitAsync();
        return transfer.Id;
    }

    /// <summary>The transfer's file, for its sender and recipients only (others 404).</summary>
    public async Task<StoredFile> FileAsync(int id)
    {
        var transfer = await FindVisibleAsync(id);
        return await files.FindAsync(transfer.FileId) ?? throw new OutOfScopeException();
    }

    private async Task<FileTransfer> FindVisibleAsync(int id)
    {
        var myId = me.Id;
        var received = ReceivedIds();
        return await db.GetTable<FileTransfer>().FirstOrDefaultAsync(t => t.Id == id && (t.SentBy == myId || received.Contains(t.Id)))
            ?? throw new OutOfScopeException();
    }

    /// <summary>Transfers addressed to the user's unit or to the user's area.</summary>
    private IQueryable<int> ReceivedIds()
    {
        // Two equalities, not an IN over a captured list: linq2db builds a statement holding such a list again on every run.
        var (unit, area) = (me.OrgUnit.Id, me.Area.Id);
        return db.GetTable<FileTransferRecipient>().Where(r => r.OrgUnitId == unit || r.OrgUnitId == area).Select(r => r.TransferId);
    }

    private IQueryable<FileTransferRow> Rows(IQueryable<FileTransfer> transfers)
    {
        var myId = me.Id;
        return from t in transfers
               join o in db.OrgUnits on t.SenderOrgUnitId equals o.Id
               join u in db.Users on t.SentBy equals u.Id
               join f in db.StoredFiles on t.FileId equals f.Id
               orderby t.SentAt descending, t.Id descending
               select new FileTransferRow
               {
                   Id = t.Id, Title = t.Title, SenderUnit = o.Name, Sender = u.DisplayName, SentAt = t.SentAt,
                   FileName = f.OriginalName, FileSize = f.Size, SentByMe = t.SentBy == myId,
               };
    }
}
