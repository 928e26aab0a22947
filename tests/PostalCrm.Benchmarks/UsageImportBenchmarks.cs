using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using LinqToDB.Data;
using Microsoft.AspNetCore.Http;
using MiniExcelLibs;
using PostalCrm.Host.Data;
using PostalCrm.Plugins.Usage;
using PostalCrm.Plugins.Usage.Common;
using PostalCrm.Plugins.Usage.Data;
using PostalCrm.Plugins.Usage.Features.Import;
using PostalCrm.Sdk.Audit;
using PostalCrm.Sdk.Data;
using PostalCrm.Sdk.Excel;
using PostalCrm.Sdk.Files;
using PostalCrm.Sdk.Security;
using PostalCrm.Testing;

namespace PostalCrm.Benchmarks;

/// <summary>
/// F-5.5 (issue 9): a 100,000-row usage workbook checked and imported (the check job's work: store, one read, every rule;
/// then 是(Y)'s: re-check the kept rows, then bulk copy with the batch, the summary upsert and the audit entry in one
/// short transaction; phase times printed), beside its floors in the same run: reading
/// the same workbook alone with the SDK's row reader, and bulk-copying the same rows. Budget: ≤ 10 s, memory flat.
/// Database: the demo province (its customers and key accounts) with the usage plugin's tables.
/// </summary>
[Config(typeof(LongRuns))]
[MemoryDiagnoser]
public class UsageImportBenchmarks
{
    public const int Rows = 100_000;

    /// <summary>
    /// In process, 1 warm-up and 3 measured iterations, and a 30-minute limit: at load ~20 on the shared 2 cores one import
    /// took 50 s and the default in-process limit stopped the run.
    /// </summary>
    public sealed class LongRuns : ManualConfig
    {
        public LongRuns()
        {
            AddJob(Job.ShortRun.WithWarmupCount(1).WithToolchain(new InProcessEmitToolchain(TimeSpan.FromMinutes(30), true)).WithId("InProcess-W1-I3"));
            AddColumn(StatisticColumn.P95);
            SummaryStyle = BenchmarkDotNet.Reports.SummaryStyle.Default.WithRatioStyle(RatioStyle.Trend);
            WithOptions(ConfigOptions.DisableOptimizationsValidator);
        }
    }

    /// <summary>Both, or the one named by POSTALCRM_BENCH_USAGE_PROVIDER (Sqlite / PostgreSQL).</summary>
    [ParamsSource(nameof(Providers))]
    public DatabaseProvider Provider { get; set; }

    public static IEnumerable<DatabaseProvider> Providers =>
        Enum.TryParse<DatabaseProvider>(Environment.GetEnvironmentVariable("POSTALCRM_BENCH_USAGE_PROVIDER"), true, out var one)
            ? [one] : [DatabaseProvider.Sqlite, DatabaseProvider.PostgreSQL];

    private TestDatabase _tdb = null!;
    private byte[] _file = [];
    private List<UsageRecord> _records = [];

    [GlobalSetup]
    public void Setup()
    {
        _tdb = Migrated.CreateAsync(Provider).GetAwaiter().GetResult();
        SchemaMigrator.Migrate(_tdb.Settings, typeof(UsagePlugin).Assembly, SchemaMigrator.VersionTableFor("usage"));
        using var db = _tdb.Open();
        var storage = new StorageSettings { Root = Path.Combine(_tdb.Folder, "files") };
        using (var tx = db.BeginTransaction())
        {
            var ctx = DemoContext.LoadAsync("host", db, TimeProvider.System, storage).GetAwaiter().GetResult();
            new DemoCustomers().SeedAsync(ctx, CancellationToken.None).GetAwaiter().GetResult();
            tx.Commit();
            ctx.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
        // A city centre imports for the whole city: every approved relationship of Wuhan with a key account.
        var wuhan = db.OrgUnits.Where(u => u.Name == "武汉市").Select(u => u.Path).First();
        var units = db.OrgUnits.Where(u => u.Path.StartsWith(wuhan)).Select(u => u.Id);
        var options = (from r in db.BusinessRelationships
                       join k in db.KeyAccounts on r.KeyAccountId equals k.Id
                       join p in db.ProductLines on r.ProductLineId equals p.Id
                       join t in db.BusinessTypes on r.BusinessTypeId equals t.Id
                       join u in db.Users on r.ManagerUserId equals u.Id
                       where r.Approved && units.Contains(r.OrgUnitId)
                       select new { k.Number, Line = p.Name, Type = t.Name, u.EmployeeNo, r.CustomerId, KeyAccountId = k.Id, r.ProductLineId, BusinessTypeId = t.Id, r.ManagerUserId, r.OrgUnitId })
            .ToList();
        var today = DateOnly.FromDateTime(DateTime.UtcNow.AddHours(8));
        var first = new DateOnly(today.Year, today.Month, 1).AddMonths(-1);
        var days = today.DayNumber - first.DayNumber + 1;
        using var ms = new MemoryStream();
        var rows = Enumerable.Range(0, Rows).Select(i =>
        {
            var o = options[i % options.Count];
            var date = first.AddDays(i / options.Count % days);
            return new Dictionary<string, object?>
            {
                ["用邮日期*"] = date.ToDateTime(TimeOnly.MinValue), ["大客户号*"] = o.Number, ["专业类型*"] = o.Line, ["业务类型*"] = o.Type, ["业务量"] = 10 + i % 50,
                ["应收收入"] = 100.5 + i % 1000, ["实际收入*"] = 99.25 + i % 1000, ["客户经理编号"] = o.EmployeeNo, ["备注"] = null,
            };
        });
        MiniExcel.SaveAs(ms, rows, sheetName: UsageImportSheet.SheetName);
        _file = ms.ToArray();
        _records = [.. Enumerable.Range(0, Rows).Select(i =>
        {
            var o = options[i % options.Count];
            return new UsageRecord
            {
                UsageDate = first.AddDays(i / options.Count % days), CustomerId = o.CustomerId, KeyAccountId = o.KeyAccountId, ProductLineId = o.ProductLineId,
                BusinessTypeId = o.BusinessTypeId, ManagerUserId = o.ManagerUserId, OrgUnitId = o.OrgUnitId, Volume = 10, ReceivableFen = 10050,
                ActualFen = 9925, Source = UsageSource.Generated, EnteredBy = o.ManagerUserId, EnteredAt = DateTime.UtcNow,
            };
        })];
        Console.WriteLine($"// {Provider}: {options.Count} bookable relationships, workbook {_file.Length / 1024 / 1024.0:N1} MB");
    }

    [GlobalCleanup]
    public void Cleanup() => _tdb.Dispose();

    [Benchmark(Description = "floor: read the 100,000-row workbook (SDK row reader)")]
    public int Floor_ReadWorkbook()
    {
        using var memory = MemoryWatch.Start();
        using var content = new MemoryStream(_file, writable: false);
        var rows = new ExcelRowReader(UsageImportSheet.Spec).Read(content).RowCount;
        Console.WriteLine($"// {Provider} read floor memory: {memory.Stop()}");
        return rows;
    }

    [Benchmark(Description = "floor: bulk copy 100,000 usage rows (rolled back)")]
    public long Floor_BulkCopy()
    {
        using var db = _tdb.Open();
        using var tx = db.BeginTransaction();
        var copied = db.BulkCopy(new BulkCopyOptions { BulkCopyType = db.IsPostgres ? BulkCopyType.ProviderSpecific : BulkCopyType.MultipleRows, MaxBatchSize = 5_000 }, _records).RowsCopied;
        tx.Rollback();
        return copied;
    }

    [Benchmark(Description = "F-5.5 import 100,000 rows: check, 是(Y), check + bulk copy + summary"), InvocationCount(1)]
    public async Task<int> Import100000Rows()
    {
        using var memory = MemoryWatch.Start();
        using var db = _tdb.Open();
        var user = await Users.AsAsync(db, DemoUsers.WuhanCentre);
        var scope = new DataScope(user, db);
        var service = new ImportService(db, user, scope, new UsageAccounts(db, scope, user), new UsageSummary(db), new AuditLog(db, user),
            new StorageSettings { Root = Path.Combine(_tdb.Folder, "files") }, TimeProvider.System);
        using var content = new MemoryStream(_file, writable: false);
        var (token, _) = await service.StoreAsync(new FormFile(content, 0, content.Length, "File", "bench.xlsx"));
        var checking = new ImportProgress();
        var check = await service.CheckStoredAsync(token, checking);
        await checking.EnterAsync(ImportPhase.Done);
        if (!check.Succeeded) throw new InvalidOperationException(string.Join("; ", check.Errors.Take(5)));
        var importing = new ImportProgress();
        var result = await service.ImportAsync(token, importing);
        // Where the time goes (the phases of the two jobs), beside BenchmarkDotNet's totals.
        Console.WriteLine($"// {Provider} phases: check [{checking.Timings}]; 是(Y) [{importing.Timings}]");
        Console.WriteLine($"// {Provider} import memory: {memory.Stop()}");
        return result.Succeeded ? result.RowCount : throw new InvalidOperationException(string.Join("; ", result.Errors.Take(5)));
    }
}

/// <summary>
/// Memory of one operation: bytes allocated (all threads) and how far the process's working set rose above where it
/// started (sampled every 20 ms) — "flat" means the rise stays small whatever the row count.
/// </summary>
internal sealed class MemoryWatch : IDisposable
{
    private readonly long _allocated;
    private readonly long _startSet;
    private long _peakSet;
    private readonly Timer _timer;

    private MemoryWatch()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        _allocated = GC.GetTotalAllocatedBytes(true);
        _startSet = _peakSet = Environment.WorkingSet;
        _timer = new Timer(_ => Sample(), null, 0, 20);
    }

    public static MemoryWatch Start() => new();

    private void Sample()
    {
        var now = Environment.WorkingSet;
        long seen;
        while (now > (seen = Interlocked.Read(ref _peakSet)) && Interlocked.CompareExchange(ref _peakSet, now, seen) != seen) { }
    }

    public string Stop()
    {
        Sample();
        var allocated = GC.GetTotalAllocatedBytes(true) - _allocated;
        return $"allocated {allocated / 1024.0 / 1024:N0} MB, working set {_startSet / 1024 / 1024:N0} MB → peak {Interlocked.Read(ref _peakSet) / 1024 / 1024:N0} MB "
            + $"(+{(Interlocked.Read(ref _peakSet) - _startSet) / 1024 / 1024:N0} MB)";
    }

    public void Dispose() => _timer.Dispose();
}
