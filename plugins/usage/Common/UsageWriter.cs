using PostalCrm.Plugins.Usage.Data;
using PostalCrm.Sdk.Audit;
using PostalCrm.Sdk.Data;
using PostalCrm.Sdk.Security;
using PostalCrm.Sdk.Time;

namespace PostalCrm.Plugins.Usage.Common;

/// <summary>What a single entry or a correction books (amounts already in 分, checked).</summary>
public sealed record UsageValues(DateOnly Date, int ProductLineId, int BusinessTypeId, int ManagerUserId, long? Volume, long? ReceivableFen,
    long ActualFen, string? Remarks);

/// <summary>
/// Every write of a single usage record: the record, the daily summary and the audit entry in one transaction.
/// The callers have checked scope and the registered options; the date window is checked here once more.
/// </summary>
public sealed class UsageWriter(PostalDb db, UsageSummary summary, AuditLog audit, ICurrentUser me, TimeProvider clock)
{
    public const string AuditEntity = "usage_record";

    private ITable<UsageRecord> Records => db.GetTable<UsageRecord>();

    public async Task<long> AddSingleAsync(int customerId, int keyAccountId, int orgUnitId, UsageValues v)
    {
        if (UsageDateWindow.Of(clock).Check(v.Date) is { } message) throw new BusinessRuleException(message);
        var record = new UsageRecord
        {
            UsageDate = v.Date, CustomerId = customerId, KeyAccountId = keyAccountId, ProductLineId = v.ProductLineId,
            BusinessTypeId = v.BusinessTypeId, ManagerUserId = v.ManagerUserId, OrgUnitId = orgUnitId, Volume = v.Volume,
            ReceivableFen = v.ReceivableFen, ActualFen = v.ActualFen, Remarks = v.Remarks, Source = UsageSource.OneByOne,
            EnteredBy = me.Id, EnteredAt = clock.UtcNow(),
        };
        await using var tx = await db.BeginTransactionAsync();
        record.Id = await db.InsertWithInt64IdentityAsync(record);
        var id = record.Id;
        await summary.AddAsync(Records.Where(r => r.Id == id));
        await audit.WriteAsync(AuditEntity, id.ToString(System.Globalization.CultureInfo.InvariantCulture), "create", null, record);
        await tx.CommitAsync();
        return id;
    }

    /// <summary>Corrects a record the caller loaded through its scope rule: summary out, record changed, summary in.</summary>
    public async Task CorrectAsync(UsageRecord record, DateOnly date, long? volume, long? receivableFen, long actualFen, string? remarks)
    {
        if (UsageDateWindow.Of(clock).Check(date) is { } message) throw new BusinessRuleException(message);
        var before = new { record.UsageDate, record.Volume, record.ReceivableFen, record.ActualFen, record.Remarks };
        var id = record.Id;
        await using var tx = await db.BeginTransactionAsync();
        await summary.RemoveAsync(Records.Where(r => r.Id == id));
        await Records.Where(r => r.Id == id)
            .Set(r => r.UsageDate, date).Set(r => r.Volume, volume).Set(r => r.ReceivableFen, receivableFen)
            .Set(r => r.ActualFen, actualFen).Set(r => r.Remarks, remarks)
            .UpdateAsync();
        await summary.AddAsync(Records.Where(r => r.Id == id));
        await audit.WriteAsync(AuditEntity, id.ToString(System.Globalization.CultureInfo.InvariantCulture), "correct", before,
            new { UsageDate = date, Volume = volume, ReceivableFen = receivableFen, ActualFen = actualFen, Remarks = remarks });
        await tx.CommitAsync();
    }
}
