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
/// F-5.5 客户用邮手工批量导入. <see cref="CheckAsync"/> stores the upload as the user's pending file and validates every row
/// (streamed: one pass collects the key-account numbers and manager codes the file names, one pass checks every rule;
/// the names are kept beside the pending file, so 是(Y) needs a single pass);
/// a clean file waits for 是(Y)/否. <see cref="ImportAsync"/> checks the file again (data may have changed meanwhile) while
/// bulk-copying its rows in chunks inside one transaction with the batch row, the daily summary and the audit entry:
/// all rows or none, and a kill in the middle leaves nothing.
/// </summary>
public sealed partial class ImportService(PostalDb db, ICurrentUser me, DataScope scope, UsageAccounts accounts, UsageSummary summary,
    AuditLog audit, StorageSettings storage, TimeProvider clock)
{
    public const string AuditEntity = "usage_batch";
    public const int ChunkSize = 5_000;
    private const string PendingFolder = "usage-pending";
    private const string ReportFolder = "usage-import-errors";
    /// <summary>Error copies of the workbook itself (cells marked) are made with ClosedXML up to this many rows; beyond, the error list.</summary>
    public const int MarkedCopyMaxRows = 20_000;

    private static readonly ExcelReadOptions ReadOptions = new();

    public static byte[] Template() => ExcelTemplateWriter.ToBytes(UsageImportSheet.Spec);

    /// <summary>Stores the upload as the user's pending file and checks it: the token of the pending file, and the errors if any.</summary>
    public async Task<(ImportResult Result, string? Token, string FileName)> CheckAsync(IFormFile? file)
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

        ImportResult result;
        Names names;
        await using (var stream = OpenRead(path))
            (result, names) = await ValidateAsync(stream, null, null);
        if (result.Succeeded)
            await File.WriteAllTextAsync(path + ".json", JsonSerializer.Serialize(new Pending(fileName, hash, [.. names.Numbers], [.. names.Managers])));
        return (result, token, fileName);
    }

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

    /// <summary>是(Y): checks the pending file again and imports it as one batch; the pending file is removed either way.</summary>
    public async Task<ImportResult> ImportAsync(string? token)
    {
        if (LoadPending(token) is not { } pending) throw new BusinessRuleException("导入文件已失效(可能已经导入或已取消),请重新选择文件");
        var path = PendingPath(token!);
        try
        {
            await using var stream = OpenRead(path);
            var now = clock.UtcNow();
            await using var tx = await db.BeginTransactionAsync();
            var batch = new UsageBatch
            {
                Sequence = "PENDING-" + Guid.NewGuid().ToString("N")[..20], OrgUnitId = me.OrgUnit.Id, UserId = me.Id, CreatedAt = now,
                FileName = pending.FileName, FileHash = pending.Hash,
            };
            batch.Id = await db.InsertWithInt32IdentityAsync(batch);
            batch.Sequence = UsageBatchNumbers.Sequence(clock.Today(), batch.Id);
            var writer = new Writer(db, batch.Id, me.Id, now);
            var (result, _) = await ValidateAsync(stream, writer, pending.Numbers is null ? null : new Names(pending.Numbers, pending.Managers ?? []));
            if (!result.Succeeded) return result; // the transaction is rolled back: nothing written
            var id = batch.Id;
            await db.GetTable<UsageBatch>().Where(b => b.Id == id)
                .Set(b => b.Sequence, batch.Sequence).Set(b => b.RowCount, result.RowCount).Set(b => b.TotalVolume, result.TotalVolume)
                .Set(b => b.TotalReceivableFen, result.TotalReceivableFen).Set(b => b.TotalActualFen, result.TotalActualFen)
                .UpdateAsync();
            await summary.AddTotalsAsync(writer.Totals);
            await audit.WriteAsync(AuditEntity, id, "import", null, new
            {
                batch.Sequence, pending.FileName, pending.Hash, result.RowCount, result.TotalActualFen,
            });
            await tx.CommitAsync();
            return new ImportResult
            {
                RowCount = result.RowCount, TotalVolume = result.TotalVolume, TotalReceivableFen = result.TotalReceivableFen,
                TotalActualFen = result.TotalActualFen, BatchId = id, Sequence = batch.Sequence,
            };
        }
        finally
        {
            Discard(token);
        }
    }

    /// <summary>否: forgets the pending file.</summary>
    public void Discard(string? token)
    {
        if (LoadPending(token) is null) return;
        var path = PendingPath(token!);
        TryDelete(path);
        TryDelete(path + ".json");
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

    /// <summary>The key-account numbers and manager codes a checked file names.</summary>
    private sealed record Names(IReadOnlyCollection<string> Numbers, IReadOnlyCollection<string> Managers);

    /// <summary>
    /// Both passes over the workbook; with a <paramref name="writer"/>, the second pass also writes the rows. With the
    /// <paramref name="known"/> names of an already checked copy of the file, the file checks and the first pass are skipped.
    /// </summary>
    private async Task<(ImportResult Result, Names Names)> ValidateAsync(Stream stream, Writer? writer, Names? known)
    {
        var spec = UsageImportSheet.Spec;
        var reader = new ExcelRowReader(spec, ReadOptions);

        var names = known;
        if (names is null)
        {
            // The file as a whole: zip, size, sheet, formulas and row count before any row is parsed.
            var headers = HeaderLetters(stream) ?? [];
            if (WorkbookScan.Check(stream, spec.SheetName, UsageImportSheet.MaxRows, headers) is { } scanError)
                return (new ImportResult { ErrorCount = 1, Errors = [new ExcelError(scanError.Row, scanError.Column, scanError.Message)] }, new Names([], []));

            // Pass 1: the key-account numbers and manager codes the file names (rows with type errors are reported by pass 2).
            var numbers = new HashSet<string>(StringComparer.Ordinal);
            var managerCodes = new HashSet<string>(StringComparer.Ordinal);
            var first = reader.Read(stream, row =>
            {
                numbers.Add(row.Text("number")!);
                if (row.Text("manager") is { } m) managerCodes.Add(m);
                return (object?)null;
            });
            names = new Names(numbers, managerCodes);
            if (first.Errors.Any(e => e.Row <= 1))
                return (new ImportResult { RowCount = first.RowCount, ErrorCount = first.ErrorCount, Errors = first.Errors }, names);
            stream.Position = 0;
        }
        var rules = await ImportRules.LoadAsync(db, scope, me, accounts, names.Numbers, names.Managers, UsageDateWindow.Of(clock));

        // Pass 2: every rule, every row; a row identical to an earlier one (every field) is a duplicate. Several usages of one
        // key account on one day are normal (different amounts or remarks); the same line twice is a copy-and-paste slip.
        var seen = new Dictionary<(DateOnly, int, int, int, int, long?, long?, long, string?), int>();
        long volume = 0, receivable = 0, actual = 0;
        var second = reader.Read(stream, row =>
        {
            if (rules.Map(row) is not { } record) return (object?)null;
            var key = (record.UsageDate, record.KeyAccountId, record.ProductLineId, record.BusinessTypeId, record.ManagerUserId, record.Volume,
                record.ReceivableFen, record.ActualFen, record.Remarks);
            if (!seen.TryAdd(key, row.RowNumber))
            {
                row.AddError($"与第 {seen[key]} 行完全相同(重复的用邮记录)");
                return null;
            }
            volume += record.Volume ?? 0;
            receivable += record.ReceivableFen ?? 0;
            actual += record.ActualFen;
            writer?.Add(record, row.HasErrors);
            return null;
        });
        if (second.Succeeded && writer is not null) await writer.FlushAsync();
        return (new ImportResult
        {
            RowCount = second.RowCount, ErrorCount = second.ErrorCount, Errors = second.Errors, TotalVolume = volume, TotalReceivableFen = receivable,
            TotalActualFen = actual,
        }, names);
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
#pragma warning disable CA1031 // any failure here is reported by the SDK's checks that follow, as a Chinese message
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

    /// <summary>Writes checked rows in chunks (bulk copy: binary COPY on PostgreSQL, multi-row inserts on SQLite) inside the caller's transaction.</summary>
    private sealed class Writer(PostalDb db, int batchId, int userId, DateTime now)
    {
        private readonly List<UsageRecord> _chunk = new(ChunkSize);

        /// <summary>The rows written, summed per daily-summary key (far fewer keys than rows).</summary>
        public Dictionary<UsageDailyKey, UsageDailyTotals> Totals { get; } = [];
        private bool _failed;

        private BulkCopyOptions Options => new()
        {
            BulkCopyType = db.IsPostgres ? BulkCopyType.ProviderSpecific : BulkCopyType.MultipleRows, MaxBatchSize = ChunkSize,
        };

        public void Add(UsageRecord record, bool hasErrors)
        {
            if (_failed || hasErrors)
            {
                _failed = true;
                _chunk.Clear();
                return;
            }
            record.BatchId = batchId;
            record.EnteredBy = userId;
            record.EnteredAt = now;
            _chunk.Add(record);
            var key = UsageDailyKey.Of(record);
            if (!Totals.TryGetValue(key, out var totals)) Totals[key] = totals = new UsageDailyTotals();
            totals.Add(record);
            if (_chunk.Count == ChunkSize)
            {
                db.BulkCopy(Options, _chunk);
                _chunk.Clear();
            }
        }

        public async Task FlushAsync()
        {
            if (_failed || _chunk.Count == 0) return;
            await db.BulkCopyAsync(Options, _chunk);
            _chunk.Clear();
        }
    }

    /// <summary>The pending file's name and hash; once checked clean, the numbers and manager codes it names.</summary>
    private sealed record Pending(string FileName, string Hash, string[]? Numbers = null, string[]? Managers = null);

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
