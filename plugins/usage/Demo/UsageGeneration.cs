using PostalCrm.Plugins.Usage.Data;
using PostalCrm.Sdk.Customers;
using PostalCrm.Sdk.Data;

namespace PostalCrm.Plugins.Usage.Demo;

/// <summary>Shared by the demo seed and the province generator: plausible usage rows for an approved relationship.</summary>
internal static class UsageGeneration
{
    /// <summary>Business type per product line for relationships registered without one (the line's first active type).</summary>
    public static async Task<Dictionary<int, int>> DefaultTypesAsync(PostalDb db, CancellationToken ct) =>
        (await db.BusinessTypes.Where(t => t.Active).OrderBy(t => t.Id).ToListAsync(ct))
        .GroupBy(t => t.ProductLineId).ToDictionary(g => g.Key, g => g.First().Id);

    /// <summary>A record of the relationship on <paramref name="date"/>: volume 1–2,000, receivable 50–50,000 yuan, actual 70–100 % of it.</summary>
    public static UsageRecord Record(Random r, BusinessRelationship rel, int businessTypeId, DateOnly date, UsageSource source, int enteredBy,
        DateTime enteredAt, int? batchId = null)
    {
        var receivable = (long)r.Next(5_000, 5_000_000);
        return new UsageRecord
        {
            UsageDate = date, CustomerId = rel.CustomerId, KeyAccountId = rel.KeyAccountId!.Value, ProductLineId = rel.ProductLineId,
            BusinessTypeId = businessTypeId, ManagerUserId = rel.ManagerUserId, OrgUnitId = rel.OrgUnitId, Volume = r.Next(1, 2_000),
            ReceivableFen = receivable, ActualFen = receivable * r.Next(70, 101) / 100, Source = source, BatchId = batchId,
            EnteredBy = enteredBy, EnteredAt = enteredAt,
        };
    }
}
