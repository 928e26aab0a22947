using PostalCrm.Plugins.Usage.Common;
using PostalCrm.Plugins.Usage.Data;
using PostalCrm.Sdk.Customers;
using PostalCrm.Sdk.Data;
using PostalCrm.Sdk.Time;

namespace PostalCrm.Plugins.Usage.Demo;

/// <summary>
/// The usage part of the generated province (issue 8): <see cref="ProvinceScale.UsageRecordsPerCustomer"/> records per
/// customer over <see cref="ProvinceScale.HistoryYears"/> years ending today (20 million at province scale), spread over
/// the customer's approved relationships that have a key account. Customers are read in pages of
/// <see cref="CustomersPerPage"/>; each page's records are generated lazily and bulk-copied (binary COPY on PostgreSQL), so
/// memory stays flat. The daily summary is recomputed from the records at the end.
/// </summary>
public sealed class UsageProvinceData : IProvinceData
{
    public const int CustomersPerPage = 2_000;

    public async Task GenerateAsync(ProvinceContext ctx, CancellationToken ct)
    {
        var db = ctx.Db;
        var types = await UsageGeneration.DefaultTypesAsync(db, ct);
        var today = ctx.Time.Today();
        var first = today.AddYears(-ctx.Scale.HistoryYears).AddDays(1);
        var span = today.DayNumber - first.DayNumber + 1;
        var perCustomer = ctx.Scale.UsageRecordsPerCustomer;
        var enteredAt = ctx.Now;
        var expected = (long)ctx.Scale.Customers * perCustomer;
        long written = 0;
        var last = 0;
        while (true)
        {
            var from = last;
            var ids = await db.BusinessRelationships.Where(r => r.Approved && r.KeyAccountId != null && r.CustomerId > from)
                .Select(r => r.CustomerId).Distinct().OrderBy(x => x).Take(CustomersPerPage).ToListAsync(ct);
            if (ids.Count == 0) break;
            var to = ids[^1];
            var relationships = await db.BusinessRelationships
                .Where(r => r.Approved && r.KeyAccountId != null && r.CustomerId > from && r.CustomerId <= to)
                .OrderBy(r => r.CustomerId).ThenBy(r => r.Id).ToListAsync(ct);
            written += await ctx.BulkInsertAsync(Rows(relationships.GroupBy(r => r.CustomerId)), ct);
            ctx.Progress($"{written:N0} / ~{expected:N0} usage records");
            last = to;
        }
        ctx.Progress("rebuilding the daily summary");
        await new UsageSummary(db).RecomputeAsync(ct);

        IEnumerable<UsageRecord> Rows(IEnumerable<IGrouping<int, BusinessRelationship>> customers)
        {
            var r = ctx.Random;
            foreach (var customer in customers)
            {
                var rels = customer.ToList();
                for (var i = 0; i < perCustomer; i++)
                {
                    var rel = rels[i % rels.Count];
                    var typeId = rel.BusinessTypeId ?? types.GetValueOrDefault(rel.ProductLineId);
                    if (typeId == 0) continue;
                    yield return UsageGeneration.Record(r, rel, typeId, first.AddDays(r.Next(span)), UsageSource.Generated, rel.ManagerUserId, enteredAt);
                }
            }
        }
    }
}
