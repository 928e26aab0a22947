using Microsoft.Extensions.DependencyInjection;
using PostalCrm.Plugins.Contracts.Data;
using PostalCrm.Sdk.Data;
using PostalCrm.Sdk.Security;

namespace PostalCrm.Plugins.Contracts.Common;

/// <summary>
/// The one way to reach contracts (F-5.3, F-5.4): those of the user's own unit and the units below it
/// (<see cref="DataScope.UnitAndBelow{T}"/> on the unit that added the contract); a single one outside answers 404.
/// </summary>
public sealed class ContractAccess(PostalDb db, DataScope scope)
{
    public IQueryable<Contract> InScope() => scope.UnitAndBelow(db.GetTable<Contract>(), c => c.OrgUnitId);

    /// <summary>The same rule for a list page over <paramref name="filtered"/> contracts, with pages cut unit by unit where the database can
    /// (<paramref name="fewRows"/>: the filters leave few, found by an index — a customer filter read first).</summary>
    public async Task<ScopedRecords<Contract>> ListAsync(IQueryable<Contract> filtered, bool fewRows) =>
        fewRows ? await scope.FewRowsListAsync(filtered, c => c.OrgUnitId) : scope.UnitAndBelowList(filtered, c => c.OrgUnitId);

    /// <summary>The contract, or <see cref="OutOfScopeException"/> (404) when it is missing or out of scope.</summary>
    public Task<Contract> GetAsync(int id) => InScope().Where(c => c.Id == id).SingleInScopeAsync();

    public Task<List<Instalment>> ScheduleAsync(int contractId) =>
        db.GetTable<Instalment>().Where(i => i.ContractId == contractId).OrderBy(i => i.Seq).ToListAsync();
}

public static class CommonServices
{
    public static IServiceCollection AddContractsCommon(this IServiceCollection services) => services
        .AddScoped<ContractAccess>();
}
