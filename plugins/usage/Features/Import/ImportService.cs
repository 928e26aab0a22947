using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.RegularExpressions;
using LinqToDB.Data;
using Microsoft.AspNetCore.Http;
using MiniExcelLibs;
using PostalCrm.Plugins.Usage.Common;
using PostalCrm.Plugins.Usage.Data;
using PostalCrm.Sdk.Audit;
using PostalCrm.Sdk.Data;
using PostalCrm.Sdk.Excel;
using PostalCrm.Sdk.Files;
using PostalCrm.Sdk.Security;
using PostalCrm.Sdk.Time;

namespace PostalCrm.Plugins.Usage.Features.Import;

/// <summary>
/// F-5.5 客户用邮手工批量导入, run by <see cref="ImportJobs"/> in the background while the page shows progress.
/// <see cref="StoreAsync"/> keeps the upload as the user's pending file; <see cref="CheckStoredAsync"/> reads the workbook
/// once (streamed), loads what the rows are checked against once (<see cref="ImportRules"/>) and checks every row in memory;
/// a clean file's rows are kept beside it and wait for 是(Y)/否. <see cref="ImportAsync"/> checks those rows again (data
/// may have changed meanwhile) outside any transaction, then writes them in one short transaction: the batch row, a bulk
/// copy of the rows, one set-based upsert of the daily summary and the audit entry — all rows or none, and a kill in the
/// middle leaves nothing. Other users' writes only ever wait for that short transaction (SQLite's busy timeout).
/// </summary>
public sealed partial class ImportService(PostalDb db, ICurrentUser me, DataScope scope, UsageAccounts accounts, UsageSummary summary,
    AuditLog audit, StorageSettings storage, TimeProvider clock)
{
    public const string AuditEntity = "usage_batch";
    /// <summary>
    /// Rows per bulk-copy call (and per progress step). On SQLite each call is multi-row INSERTs of up to this many rows:
    /// 20,000 (was 5,000) means a quarter of the statements; on PostgreSQL each call is one binary COPY.
    /// </summary>
    public const int ChunkSize = 20_000;
    private const string PendingFolder = "usage-pending";
    private const string ReportFolder = "usage-import-errors";
    /// <summary>Error copies of the workbook itself (cells marked) are made with ClosedXML up to this many rows; beyond, the error list.</summary>
    public const int MarkedCopyMaxRows = 20_000;

    private static readonly ExcelReadOptions ReadOptions = new();

    /// <summary>The client address the audit entry names (a job's captured one; null in a request's own service).</summary>
    private string? _clientIp;

    /// <summary>
    /// The service for a user outside a request (an import job in its own DI scope): the user and client address are the
    /// ones captured when the job was created.
    /// </summary>
    public static ImportService For(PostalDb db, ICurrentUser user, StorageSettings storage, TimeProvider clock, string? clientIp = null)
    {
        var scope = new DataScope(user, db);
        return new ImportService(db, user, scope, new UsageAccounts(db, scope, user), new UsageSummary(db), new AuditLog(db, user, null, clock),
            storage, clock) { _clientIp = clientIp };
    }

    public static byte[] Template() => ExcelTemplateWriter.ToBytes(UsageImportSheet.Spec);

    /// <summary>Stores the upload as the user's pending file (file type and size checked): its token and display name.</summary>
    public async Task<(string Token, string FileName)> StoreAsync(IFormFile? file)
    {
        if (file is null || file.Length == 0) throw new BusinessRuleException("请选择要导入的 Excel 文件(.xlsx)");
        var fileName = FilePolicy.SafeDisplayName(file.FileName);
        await using (var s = file.OpenReadStream())
        {
            var head = new byte[512];
            var n = await s.ReadAtLeastAsync(head, head.Length, throwOnEndOfStream: false);
            FilePolicy.Excel().Check(fileName, file.Length, head.AsSpan(0, n));
        }
        var token = NewToken();
        var path = PendingPath(token);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        CleanOld(Path.GetDirectoryName(path)!);
        string hash;
        await using (var output = new FileStream(path, FileMode.CreateNew, FileAccess.ReadWrite))
        {
            await using (var input = file.OpenReadStream()) await input.CopyToAsync(output);
            output.Position = 0;
            hash = Convert.ToHexString(await SHA256.HashDataAsync(output)).ToLowerInvariant();
        }
        await File.WriteAllTextAsync(path + ".json", JsonSerializer.Serialize(new Pending(fileName, hash)));
        return (token, fileName);
    }

    /// <summary>
    /// Checks the user's pending file. Clean: its rows are kept for 是(Y). Refused: the error report is saved
    /// (<see cref="ImportResult.ReportToken"/>) and the pending file removed.
    /// </summary>
    public async Task<ImportResult> CheckStoredAsync(string token, ImportProgress? progress = null)
    {
        progress ??= new ImportProgress();
        if (LoadPending(token) is null) throw new BusinessRuleException(Expired);
        var path = PendingPath(token);
        var (refused, rows, read) = await ReadAsync(path, progress);
        if (refused is not null) return WithReport(token, refused);
        var (result, _) = await CheckRowsAsync(rows, read, progress, keep: false);
        if (!result.Succeeded) return WithReport(token, result);
        ImportRow.Save(path + ".rows", rows);
        return result;
    }

    /// <summary>Stores and checks an upload in one call (tests, benchmarks): the result and the pending token.</summary>
    public async Task<(ImportResult Result, string? Token, string FileName)> CheckAsync(IFormFile? file)
    {
        var (token, fileName) = await StoreAsync(file);
        return (await CheckStoredAsync(token), token, fileName);
    }

    /// <summary>The display name of the user's pending file, or null when the token is not the user's or has gone.</summary>
    public string? PendingFileName(string? token) => LoadPending(token)?.FileName;

    /// <summary>The confirmation page of a pending clean file (null when the token is not the user's or has gone).</summary>
    public async Task<ImportConfirmPage?> ConfirmPageAsync(string token, ImportResult result)
    {
        if (LoadPending(token) is not { } pending) return null;
        var hash = pending.Hash;
        var same = await scope.Records(db.GetTable<UsageBatch>(), b => b.OrgUnitId, b => b.UserId).Where(b => b.FileHash == hash)
            .OrderBy(b => b.Id).Select(b => new { b.Sequence, b.CreatedAt }).ToListAsync();
        return new ImportConfirmPage
        {
            Token = token, FileName = pending.FileName, RowCount = result.RowCount, TotalVolume = result.TotalVolume,
            TotalReceivableFen = result.TotalReceivableFen, TotalActualFen = result.TotalActualFen,
            SameFile = [.. same.Select(x => (x.Sequence, x.CreatedAt))],
        };
    }

    public const string Expired = "导入文件已失效(可能已经导入或已取消),请重新选择文件";

    /// <summary>
    /// 是(Y): checks the pending file's rows again and imports them as one batch; the pending file is removed either way.
    /// Idempotent per pending upload: the batch records the upload's token (unique) in the write transaction, so a 是(Y)
    /// posted again — e.g. after the portal died between the commit and the removal of the pending file — answers with
    /// that batch (<see cref="ImportResult.AlreadyImported"/>) and never writes a second one.
    /// </summary>
    public async Task<ImportResult> ImportAsync(string? token, ImportProgress? progress = null)
    {
        progress ??= new ImportProgress();
        if (await ImportedAsync(token) is { } done)
        {
            Discard(token);
            return done;
        }
        if (LoadPending(token) is not { } pending) throw new BusinessRuleException(Expired);
        var path = PendingPath(token!);
        var refused = false;
        try
        {
            // Outside any transaction: the rows kept by the check (or, for a pending file from before, the workbook again).
            var rows = ImportRow.Load(path + ".rows");
            ExcelReadResult? read = null;
            if (rows is null)
            {
                (var fileRefused, rows, read) = await ReadAsync(path, progress);
                if (fileRefused is not null) { refused = true; return WithReport(token!, fileRefused); }
            }
            else progress.SetTotal(rows.Count);
            var (result, records) = await CheckRowsAsync(rows, read, progress, keep: true);
            if (!result.Succeeded) { refused = true; return WithReport(token!, result); }

            // The one short write transaction.
            await progress.EnterAsync(ImportPhase.Writing);
            try
            {
                return await WriteAsync(token!, pending, result, records, progress);
            }
            catch (Exception)
            {
                // Another 是(Y) of the same upload (another portal process) committed first: the unique token refused ours.
                if (await ImportedAsync(token) is { } other) return other;
                throw;
            }
        }
        finally
        {
            if (!refused) Discard(token); // a refused file's report took it away already
        }
    }

    /// <summary>The batch already imported from this pending upload of the user's (null when none).</summary>
    public async Task<ImportResult?> ImportedAsync(string? token)
    {
        if (token is null || !Owned(token)) return null;
        var userId = me.Id;
        var batch = await db.GetTable<UsageBatch>().Where(b => b.UploadToken == token && b.UserId == userId).FirstOrDefaultAsync();
        return batch is null ? null : new ImportResult
        {
            RowCount = batch.RowCount, TotalVolume = batch.TotalVolume, TotalReceivableFen = batch.TotalReceivableFen,
            TotalActualFen = batch.TotalActualFen, BatchId = batch.Id, Sequence = batch.Sequence, AlreadyImported = true,
        };
    }

    /// <summary>The one short write transaction: the batch (with the upload's token), the rows, the summary and the audit entry.</summary>
    private async Task<ImportResult> WriteAsync(string token, Pending pending, ImportResult result, List<UsageRecord> records, ImportProgress progress)
    {
        var now = clock.UtcNow();
        await using var tx = await db.BeginTransactionAsync();
        var batch = new UsageBatch
        {
            Sequence = "PENDING-" + Guid.NewGuid().ToString("N")[..20], OrgUnitId = me.OrgUnit.Id, UserId = me.Id, CreatedAt = now,
            FileName = pending.FileName, FileHash = pending.Hash, UploadToken = token,
        };
        batch.Id = await db.InsertWithInt32IdentityAsync(batch);
        var id = batch.Id;
        batch.Sequence = UsageBatchNumbers.Sequence(clock.Today(), id);
        foreach (var r in records)
        {
            r.BatchId = id;
            r.EnteredBy = me.Id;
            r.EnteredAt = now;
        }
        var options = new BulkCopyOptions
        {
            BulkCopyType = db.IsPostgres ? BulkCopyType.ProviderSpecific : BulkCopyType.MultipleRows, MaxBatchSize = ChunkSize,
        };
        foreach (var chunk in records.Chunk(ChunkSize))
        {
            await db.BulkCopyAsync(options, chunk);
            progress.AddWritten(chunk.Length);
        }
        await db.GetTable<UsageBatch>().Where(b => b.Id == id)
            .Set(b => b.Sequence, batch.Sequence).Set(b => b.RowCount, result.RowCount).Set(b => b.TotalVolume, result.TotalVolume)
            .Set(b => b.TotalReceivableFen, result.TotalReceivableFen).Set(b => b.TotalActualFen, result.TotalActualFen)
            .UpdateAsync();
        await progress.EnterAsync(ImportPhase.Summary);
        await summary.AddBatchAsync(id);
        // A background job has no request: the importer and their address were captured when the job was created.
        await audit.WriteAsync(AuditEntity, id, "import", null, new
        {
            batch.Sequence, pending.FileName, pending.Hash, result.RowCount, result.TotalActualFen, Importer = me.Login, ClientIp = _clientIp,
        });
        var imported = new ImportResult
        {
            RowCount = result.RowCount, TotalVolume = result.TotalVolume, TotalReceivableFen = result.TotalReceivableFen,
            TotalActualFen = result.TotalActualFen, BatchId = id, Sequence = batch.Sequence,
        };
        if (progress.BeforeCommit is { } beforeCommit) await beforeCommit(imported);
        await tx.CommitAsync();
        await progress.EnterAsync(ImportPhase.Done);
        return imported;
    }

    /// <summary>否: forgets the pending file.</summary>
    public void Discard(string? token)
    {
        if (LoadPending(token) is null) return;
        var path = PendingPath(token!);
        TryDelete(path);
        TryDelete(path + ".json");
        TryDelete(path + ".rows");
    }

    /// <summary>
    /// The error report of a refused file, kept for the same user: a copy of their workbook with the bad cells filled red
    /// and commented plus a 错误报告 sheet (files up to <see cref="MarkedCopyMaxRows"/> rows), else the SDK's error list.
    /// The pending upload is removed afterwards.
    /// </summary>
    public string SaveReport(string? pendingToken, ImportResult result)
    {
        var folder = Path.Combine(storage.Root, ReportFolder);
        Directory.CreateDirectory(folder);
        CleanOld(folder);
        var token = NewToken();
        var target = Path.Combine(folder, token + ".xlsx");
        var source = pendingToken is not null && LoadPending(pendingToken) is not null ? PendingPath(pendingToken) : null;
        var marked = false;
        if (source is not null && result.RowCount <= MarkedCopyMaxRows && result.Errors.All(e => e.Row > 0))
        {
            try
            {
                ErrorWorkbook.WriteMarkedCopy(source, target, UsageImportSheet.SheetName, result);
                marked = true;
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                TryDelete(target); // an unusual workbook ClosedXML cannot open: the error list still helps
            }
        }
        if (!marked)
        {
            using var output = new FileStream(target, FileMode.Create, FileAccess.Write);
            ErrorWorkbook.WriteList(output, result);
        }
        Discard(pendingToken);
        return token;
    }

    public Stream? OpenReport(string token) =>
        Owned(token) && File.Exists(Path.Combine(storage.Root, ReportFolder, token + ".xlsx"))
            ? new FileStream(Path.Combine(storage.Root, ReportFolder, token + ".xlsx"), FileMode.Open, FileAccess.Read, FileShare.Read)
            : null;

    /// <summary>The result with the error report saved (the pending file goes with it).</summary>
    private ImportResult WithReport(string token, ImportResult result) => new()
    {
        RowCount = result.RowCount, ErrorCount = result.ErrorCount, Errors = result.Errors, ReportToken = SaveReport(token, result),
    };

    /// <summary>
    /// The one read of the workbook: every row typed by the SDK's reader, and beside it (another thread, its own stream)
    /// a streamed look at the sheet XML for the file as a whole (formulas, row count; a tenth of the reader's work, so on
    /// two cores it costs no wall time). When the look refuses the file the reader is stopped at its next row and the
    /// look's message is the answer. A refusal of the file or its types, or the rows.
    /// </summary>
    private static async Task<(ImportResult? Refused, List<ImportRow> Rows, ExcelReadResult? Read)> ReadAsync(string path, ImportProgress progress)
    {
        await progress.EnterAsync(ImportPhase.Reading);
        var spec = UsageImportSheet.Spec;
        using var refused = new CancellationTokenSource();
        var scan = Task.Run(() =>
        {
            using var s = OpenRead(path);
            var result = WorkbookScan.Check(s, spec.SheetName, UsageImportSheet.MaxRows);
            if (result.Error is not null) refused.Cancel();
            else progress.SetTotal(Math.Max(0, result.Rows - 1));
            return result;
        });

        var rows = new List<ImportRow>();
        var pool = new StringPool();
        ExcelReadResult? read = null;
        var stop = refused.Token;
        try
        {
            await using var stream = OpenRead(path);
            read = new ExcelRowReader(spec, ReadOptions).Read(stream, row =>
            {
                stop.ThrowIfCancellationRequested();
                rows.Add(new ImportRow(row.RowNumber, row.Date("date")!.Value, pool.Get(row.Text("number")!), pool.Get(row.Text("line")!),
                    pool.Get(row.Text("type")!), row.WholeNumber("volume"), row.Number("receivable"), row.Number("actual")!.Value,
                    pool.GetOrNull(row.Text("manager")), row.Text("remarks")));
                progress.RowRead();
                return (object?)null;
            });
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // the look below refused the file
        }
        var (scanError, _) = await scan;
        if (scanError is { } e)
        {
            // A formula's column letters → its header text, read only for this message.
            await using var stream = OpenRead(path);
            var column = e.Row > 0 && HeaderLetters(stream) is { } headers ? headers.GetValueOrDefault(e.Column, e.Column) : e.Column;
            return (new ImportResult { ErrorCount = 1, Errors = [new ExcelError(e.Row, column, e.Message)] }, [], null);
        }
        if (read!.Errors.Any(x => x.Row <= 1) || (read.RowCount == 0 && !read.Succeeded))
            return (new ImportResult { RowCount = read.RowCount, ErrorCount = read.ErrorCount, Errors = read.Errors }, rows, read);
        return (null, rows, read);
    }

    /// <summary>
    /// Every business rule on every row, in memory against what <see cref="ImportRules"/> loaded once; a row identical to
    /// an earlier one (every field) is a duplicate — several usages of one key account on one day are normal (different
    /// amounts or remarks); the same line twice is a copy-and-paste slip. The reader's type errors (<paramref name="read"/>,
    /// null for rows kept by an earlier check) are merged in row order. With <paramref name="keep"/>, the records.
    /// </summary>
    private async Task<(ImportResult Result, List<UsageRecord> Records)> CheckRowsAsync(List<ImportRow> rows, ExcelReadResult? read,
        ImportProgress progress, bool keep)
    {
        await progress.EnterAsync(ImportPhase.Checking);
        var numbers = new HashSet<string>(StringComparer.Ordinal);
        var managerCodes = new HashSet<string>(StringComparer.Ordinal);
        foreach (var row in rows)
        {
            numbers.Add(row.Number);
            if (row.Manager is { } m) managerCodes.Add(m);
        }
        var rules = await ImportRules.LoadAsync(db, scope, me, accounts, numbers, managerCodes, UsageDateWindow.Of(clock));
        var errors = new ImportErrors(UsageImportSheet.Spec, ReadOptions.MaxReportedErrors);
        var records = new List<UsageRecord>(keep ? rows.Count : 0);
        var seen = new Dictionary<(DateOnly, int, int, int, int, long?, long?, long, string?), int>();
        long volume = 0, receivable = 0, actual = 0;
        var done = 0;
        foreach (var row in rows)
        {
            if (++done % 1000 == 0) progress.SetChecked(done);
            if (rules.Map(row, errors) is not { } record) continue;
            var key = (record.UsageDate, record.KeyAccountId, record.ProductLineId, record.BusinessTypeId, record.ManagerUserId, record.Volume,
                record.ReceivableFen, record.ActualFen, record.Remarks);
            if (!seen.TryAdd(key, row.RowNumber))
            {
                errors.Add(row.RowNumber, null, $"与第 {seen[key]} 行完全相同(重复的用邮记录)");
                continue;
            }
            volume += record.Volume ?? 0;
            receivable += record.ReceivableFen ?? 0;
            actual += record.ActualFen;
            if (keep && errors.Count == 0) records.Add(record);
        }
        progress.SetChecked(rows.Count);
        var errorCount = errors.Count + (read?.ErrorCount ?? 0);
        var rowCount = read?.RowCount ?? rows.Count;
        if (errorCount > 0)
        {
            IReadOnlyList<ExcelError> merged = read is null ? errors.Kept : ImportErrors.Merge(read, errors, ReadOptions.MaxReportedErrors);
            return (new ImportResult { RowCount = rowCount, ErrorCount = errorCount, Errors = merged }, []);
        }
        return (new ImportResult { RowCount = rowCount, TotalVolume = volume, TotalReceivableFen = receivable, TotalActualFen = actual }, records);
    }

    /// <summary>Column letter → header text of the data sheet's first row (for messages about formulas); null when unreadable.</summary>
    private static Dictionary<string, string>? HeaderLetters(Stream stream)
    {
        try
        {
            stream.Position = 0;
            if (MiniExcel.Query(stream, useHeaderRow: false, sheetName: UsageImportSheet.SheetName, excelType: ExcelType.XLSX).FirstOrDefault()
                is not IDictionary<string, object?> first) return new Dictionary<string, string>();
            return first.ToDictionary(kv => kv.Key, kv => ExcelSheetSpec.NormalizeHeader(Convert.ToString(kv.Value, CultureInfo.InvariantCulture)));
        }
#pragma warning disable CA1031 // any failure here only loses the header text of the message
        catch (Exception)
#pragma warning restore CA1031
        {
            return null;
        }
        finally
        {
            stream.Position = 0;
        }
    }

    /// <summary>The pending file's name and hash.</summary>
    private sealed record Pending(string FileName, string Hash);

    private Pending? LoadPending(string? token)
    {
        if (token is null || !Owned(token)) return null;
        var meta = PendingPath(token) + ".json";
        return File.Exists(meta) && File.Exists(PendingPath(token)) ? JsonSerializer.Deserialize<Pending>(File.ReadAllText(meta)) : null;
    }

    private string PendingPath(string token) => Path.Combine(storage.Root, PendingFolder, token + ".xlsx");

    private static FileStream OpenRead(string path) => new(path, FileMode.Open, FileAccess.Read, FileShare.Read, 81920);

    private string NewToken() => me.Id.ToString(CultureInfo.InvariantCulture) + "-" + Guid.NewGuid().ToString("N");

    private bool Owned(string token)
    {
        var m = TokenRegex().Match(token);
        return m.Success && m.Groups[1].Value == me.Id.ToString(CultureInfo.InvariantCulture);
    }

    private void CleanOld(string folder)
    {
        foreach (var old in new DirectoryInfo(folder).EnumerateFiles().Where(f => f.LastWriteTimeUtc < clock.UtcNow().AddDays(-1)))
            TryDelete(old.FullName);
    }

    private static void TryDelete(string path)
    {
        try { File.Delete(path); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }

    [GeneratedRegex("^([0-9]+)-[0-9a-f]{32}$")]
    private static partial Regex TokenRegex();
}
