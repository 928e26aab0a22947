using LinqToDB.Data;
using PostalCrm.Plugins.Usage.Data;
using PostalCrm.Sdk.Data;

namespace PostalCrm.Plugins.Usage.Common;

/// <summary>
/// Keeps <see cref="UsageDaily"/> in step with <see cref="UsageRecord"/>. Every writer calls <see cref="AddAsync"/> for the
/// records it just wrote, or <see cref="RemoveAsync"/> for the records it is about to change or delete, inside its own
/// transaction, so the summary is never out of step with the records. All of it is set-based SQL (no rows pulled into
/// memory); a batch import adds its rows with one upsert (<see cref="AddBatchAsync"/>). <see cref="RebuildAsync"/> recomputes it from scratch.
/// </summary>
public sealed class UsageSummary(PostalDb db)
{
    private ITable<UsageDaily> Daily => db.GetTable<UsageDaily>();

    /// <summary>Adds the given (already written) records to the summary.</summary>
    public Task AddAsync(IQueryable<UsageRecord> records, CancellationToken ct = default) => ApplyAsync(records, 1, ct);

    /// <summary>Takes the given (still present) records out of the summary; call before changing or deleting them.</summary>
    public async Task RemoveAsync(IQueryable<UsageRecord> records, CancellationToken ct = default)
    {
        await ApplyAsync(records, -1, ct);
        await Daily.Where(d => d.RecordCount == 0).DeleteAsync(ct);
    }

    /// <summary>
    /// Adds the rows of a batch (just bulk-copied, same transaction) to the summary with one statement: the batch's rows
    /// grouped by summary key (through the batch_id index) and upserted — a new key inserted, an existing one incremented
    /// (INSERT … SELECT … GROUP BY … ON CONFLICT DO UPDATE, the same text on SQLite ≥ 3.24 and PostgreSQL ≥ 9.5).
    /// A 100,000-row batch is one statement instead of a read-modify-write per key.
    /// </summary>
    public Task<int> AddBatchAsync(int batchId, CancellationToken ct = default) =>
        db.ExecuteAsync("""
            INSERT INTO usage_daily (usage_date, manager_user_id, customer_id, product_line_id, business_type_id, org_unit_id,
                                     record_count, volume, receivable_fen, actual_fen)
            SELECT usage_date, manager_user_id, customer_id, product_line_id, business_type_id, org_unit_id,
                   COUNT(*), COALESCE(SUM(volume), 0), COALESCE(SUM(receivable_fen), 0), SUM(actual_fen)
            FROM usage_records
            WHERE batch_id = @batch
            GROUP BY usage_date, manager_user_id, customer_id, product_line_id, business_type_id, org_unit_id
            ON CONFLICT (usage_date, manager_user_id, customer_id, product_line_id, business_type_id, org_unit_id) DO UPDATE SET
                record_count = usage_daily.record_count + excluded.record_count,
                volume = usage_daily.volume + excluded.volume,
                receivable_fen = usage_daily.receivable_fen + excluded.receivable_fen,
                actual_fen = usage_daily.actual_fen + excluded.actual_fen
            """, ct, new DataParameter("batch", batchId, DataType.Int32));

    /// <summary>Recomputes the whole summary from the records (in one transaction). Returns the number of summary rows.</summary>
    public async Task<long> RebuildAsync(CancellationToken ct = default)
    {
        await using var tx = await db.BeginTransactionAsync(ct);
        var rows = await RecomputeAsync(ct);
        await tx.CommitAsync(ct);
        return rows;
    }

    /// <summary>As <see cref="RebuildAsync"/>, inside the caller's transaction (demo data, the province generator).</summary>
    public async Task<long> RecomputeAsync(CancellationToken ct = default)
    {
        await Daily.DeleteAsync(ct);
        return await Groups(db.GetTable<UsageRecord>()).InsertAsync(Daily, g => new UsageDaily
        {
            UsageDate = g.UsageDate, ManagerUserId = g.ManagerUserId, CustomerId = g.CustomerId, ProductLineId = g.ProductLineId,
            BusinessTypeId = g.BusinessTypeId, OrgUnitId = g.OrgUnitId, RecordCount = g.RecordCount, Volume = g.Volume,
            ReceivableFen = g.ReceivableFen, ActualFen = g.ActualFen,
        }, ct);
    }

    private async Task ApplyAsync(IQueryable<UsageRecord> records, int sign, CancellationToken ct)
    {
        // 1. Keys the summary does not have yet get a row of zeros.
        var daily = Daily;
        await Groups(records)
            .Where(g => !daily.Any(d => d.UsageDate == g.UsageDate && d.ManagerUserId == g.ManagerUserId && d.CustomerId == g.CustomerId
                                        && d.ProductLineId == g.ProductLineId && d.BusinessTypeId == g.BusinessTypeId && d.OrgUnitId == g.OrgUnitId))
            .InsertAsync(daily, g => new UsageDaily
            {
                UsageDate = g.UsageDate, ManagerUserId = g.ManagerUserId, CustomerId = g.CustomerId, ProductLineId = g.ProductLineId,
                BusinessTypeId = g.BusinessTypeId, OrgUnitId = g.OrgUnitId, RecordCount = 0, Volume = 0, ReceivableFen = 0, ActualFen = 0,
            }, ct);

        // 2. Every touched key gets the records' totals added (or subtracted): correlated sub-queries on the record
        //    table's (customer_id, usage_date) index, portable to SQLite, PostgreSQL and Oracle.
        long s = sign;
        await daily
            .Where(d => records.Any(r => r.UsageDate == d.UsageDate && r.ManagerUserId == d.ManagerUserId && r.CustomerId == d.CustomerId
                                         && r.ProductLineId == d.ProductLineId && r.BusinessTypeId == d.BusinessTypeId && r.OrgUnitId == d.OrgUnitId))
            .Set(d => d.RecordCount, d => d.RecordCount + s * Match(records, d).LongCount())
            .Set(d => d.Volume, d => d.Volume + s * (Match(records, d).Sum(r => r.Volume) ?? 0))
            .Set(d => d.ReceivableFen, d => d.ReceivableFen + s * (Match(records, d).Sum(r => r.ReceivableFen) ?? 0))
            .Set(d => d.ActualFen, d => d.ActualFen + s * Match(records, d).Sum(r => r.ActualFen))
            .UpdateAsync(ct);
    }

    [ExpressionMethod(nameof(MatchExpression))]
    private static IQueryable<UsageRecord> Match(IQueryable<UsageRecord> records, UsageDaily d) =>
        throw new InvalidOperationException("only inside a query");

    private static System.Linq.Expressions.Expression<Func<IQueryable<UsageRecord>, UsageDaily, IQueryable<UsageRecord>>> MatchExpression() =>
        (records, d) => records.Where(r => r.UsageDate == d.UsageDate && r.ManagerUserId == d.ManagerUserId && r.CustomerId == d.CustomerId
                                           && r.ProductLineId == d.ProductLineId && r.BusinessTypeId == d.BusinessTypeId && r.OrgUnitId == d.OrgUnitId);

    private static IQueryable<DailyGroup> Groups(IQueryable<UsageRecord> records) =>
        from r in records
        group r by new { r.UsageDate, r.ManagerUserId, r.CustomerId, r.ProductLineId, r.BusinessTypeId, r.OrgUnitId } into g
        select new DailyGroup
        {
            UsageDate = g.Key.UsageDate, ManagerUserId = g.Key.ManagerUserId, CustomerId = g.Key.CustomerId, ProductLineId = g.Key.ProductLineId,
            BusinessTypeId = g.Key.BusinessTypeId, OrgUnitId = g.Key.OrgUnitId, RecordCount = g.LongCount(),
            Volume = g.Sum(r => r.Volume) ?? 0, ReceivableFen = g.Sum(r => r.ReceivableFen) ?? 0, ActualFen = g.Sum(r => r.ActualFen),
        };

    private sealed class DailyGroup
    {
        public DateOnly UsageDate { get; init; }
        public int ManagerUserId { get; init; }
        public int CustomerId { get; init; }
        public int ProductLineId { get; init; }
        public int BusinessTypeId { get; init; }
        public int OrgUnitId { get; init; }
        public long RecordCount { get; init; }
        public long Volume { get; init; }
        public long ReceivableFen { get; init; }
        public long ActualFen { get; init; }
    }
}
