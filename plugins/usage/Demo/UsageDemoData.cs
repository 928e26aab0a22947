using LinqToDB.Data;
using PostalCrm.Plugins.Usage.Common;
using PostalCrm.Plugins.Usage.Data;
using PostalCrm.Sdk.Data;
using PostalCrm.Sdk.Time;

namespace PostalCrm.Plugins.Usage.Demo;

/// <summary>
/// Two years of usage for the host's demo customers, so 各月明细, 业务明细 and the detail query show something on first run:
/// for every approved relationship with a key account, one to three records in most months. Months before last month
/// arrive as monthly batches imported by the manager (用邮序列 on 查询); last month and this month as single entries.
/// The daily summary is computed from the records at the end.
/// </summary>
public sealed class UsageDemoData : IDemoData
{
    public const int Months = 24;

    public async Task SeedAsync(DemoContext ctx, CancellationToken ct)
    {
        var db = ctx.Db;
        var r = ctx.Random;
        var today = ctx.Time.Today();
        var types = await UsageGeneration.DefaultTypesAsync(db, ct);
        var relationships = await db.BusinessRelationships.Where(x => x.Approved && x.KeyAccountId != null).OrderBy(x => x.Id).ToListAsync(ct);
        var users = ctx.Users.ToDictionary(u => u.Id);
        var firstOfThisMonth = new DateOnly(today.Year, today.Month, 1);

        var batches = new Dictionary<(int Manager, int Month), UsageBatch>();
        var records = new List<UsageRecord>();
        var pending = new List<(UsageRecord Record, (int, int) Batch)>();
        foreach (var rel in relationships)
        {
            var typeId = rel.BusinessTypeId ?? types.GetValueOrDefault(rel.ProductLineId);
            if (typeId == 0) continue;
            for (var m = Months - 1; m >= 0; m--)
            {
                if (r.Next(100) < 15) continue;
                var monthStart = firstOfThisMonth.AddMonths(-m);
                var days = m == 0 ? today.Day : DateTime.DaysInMonth(monthStart.Year, monthStart.Month);
                for (var i = 0; i < 1 + r.Next(3); i++)
                {
                    var date = monthStart.AddDays(r.Next(days));
                    var entered = date.ToDateTime(new TimeOnly(2, 0), DateTimeKind.Utc).AddMinutes(r.Next(0, 7 * 60));
                    if (m >= 2)
                    {
                        if (!batches.TryGetValue((rel.ManagerUserId, m), out var batch))
                        {
                            var importedOn = monthStart.AddMonths(1).AddDays(2);
                            batch = new UsageBatch
                            {
                                OrgUnitId = users[rel.ManagerUserId].OrgUnitId, UserId = rel.ManagerUserId,
                                CreatedAt = importedOn.ToDateTime(new TimeOnly(1, 30), DateTimeKind.Utc).AddMinutes(r.Next(0, 8 * 60)),
                                FileName = $"{monthStart.Year}年{monthStart.Month}月用邮.xlsx",
                                FileHash = Convert.ToHexString(BitConverter.GetBytes(r.NextInt64())).ToLowerInvariant().PadLeft(64, '0'),
                            };
                            batches[(rel.ManagerUserId, m)] = batch;
                        }
                        var rec = UsageGeneration.Record(r, rel, typeId, date, UsageSource.Batch, rel.ManagerUserId, batch.CreatedAt);
                        rec.BatchId = -1; // set once the batch has its id
                        records.Add(rec);
                        batch.RowCount++;
                        batch.TotalVolume += rec.Volume ?? 0;
                        batch.TotalReceivableFen += rec.ReceivableFen ?? 0;
                        batch.TotalActualFen += rec.ActualFen;
                        pending.Add((rec, (rel.ManagerUserId, m)));
                    }
                    else
                    {
                        records.Add(UsageGeneration.Record(r, rel, typeId, date, UsageSource.OneByOne, rel.ManagerUserId, entered));
                    }
                }
            }
        }

        foreach (var ((_, m), batch) in batches.OrderBy(b => b.Value.CreatedAt).ThenBy(b => b.Key.Manager))
        {
            batch.Sequence = "TMP" + Guid.NewGuid().ToString("N")[..20];
            batch.Id = await db.InsertWithInt32IdentityAsync(batch, token: ct);
            batch.Sequence = UsageBatchNumbers.Sequence(DateOnly.FromDateTime(batch.CreatedAt.Add(BeijingTime.Offset)), batch.Id);
            var id = batch.Id;
            var seq = batch.Sequence;
            await db.GetTable<UsageBatch>().Where(b => b.Id == id).Set(b => b.Sequence, seq).UpdateAsync(ct);
        }
        foreach (var (rec, key) in pending) rec.BatchId = batches[key].Id;

        var bulk = new BulkCopyOptions { BulkCopyType = db.IsPostgres ? BulkCopyType.ProviderSpecific : BulkCopyType.MultipleRows };
        await db.BulkCopyAsync(bulk, records.OrderBy(x => x.EnteredAt), ct);
        await new UsageSummary(db).RecomputeAsync(ct);
    }
}
