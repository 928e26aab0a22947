using PostalCrm.Plugins.Contracts.Data;
using PostalCrm.Sdk.Data;

namespace PostalCrm.Plugins.Contracts.Common;

/// <summary>
/// Keeps <see cref="Contract.UnpaidSince"/> in step with the schedule and the paid amount. Every write to either (add, a change
/// of fee terms, 缴费, demo and generated data) calls it in the same transaction, so the arrears list never sees a stale date.
/// </summary>
public static class UnpaidSince
{
    /// <summary>Recomputes the date for <paramref name="contracts"/> with one UPDATE on the database.</summary>
    public static Task<int> RefreshAsync(PostalDb db, IQueryable<Contract> contracts, CancellationToken ct = default)
    {
        var schedule = db.GetTable<Instalment>();
        return contracts
            .Set(c => c.UnpaidSince, c => schedule.Where(i => i.ContractId == c.Id && i.CumulativeFen > c.PaidFen).Min(i => (DateOnly?)i.DueDate))
            .UpdateAsync(ct);
    }

    public static Task<int> RefreshAsync(PostalDb db, int contractId, CancellationToken ct = default) =>
        RefreshAsync(db, db.GetTable<Contract>().Where(c => c.Id == contractId), ct);
}
