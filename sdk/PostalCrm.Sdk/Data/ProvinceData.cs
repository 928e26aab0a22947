using LinqToDB.Data;
using PostalCrm.Sdk.Organisation;
using PostalCrm.Sdk.Security;

namespace PostalCrm.Sdk.Data;

/// <summary>
/// A plugin's part of the generated province (ARCHITECTURE §9, issue 8): benchmark-sized data, created
/// deterministically from a seed after the host has generated the org tree, users and customers with their key
/// accounts. The generator runs every registered hook once, plugins in dependency order, so every plugin is measured on
/// the same province. Register it in <c>ConfigureServices</c>: <c>services.AddScoped&lt;IProvinceData, MyProvinceData&gt;()</c>.
/// Size the rows from <see cref="ProvinceContext.Scale"/> (never a fixed count), read the generated customers from the
/// database in pages, and write with <see cref="ProvinceContext.BulkInsertAsync{T}"/> (binary COPY on PostgreSQL).
/// </summary>
public interface IProvinceData
{
    Task GenerateAsync(ProvinceContext ctx, CancellationToken ct);
}

/// <summary>How big the generated province is. <see cref="Province"/> is the benchmark size; <see cref="Small"/> is for tests.</summary>
/// <param name="Name">"province" or "small" (shown in reports).</param>
/// <param name="Cities">市/州 under the province.</param>
/// <param name="DistrictsPerCity">区县 per city (about; the generator may vary it).</param>
/// <param name="Users">All users, of every role.</param>
/// <param name="Customers">Business customers, each with at least one key account and relationship.</param>
/// <param name="HistoryYears">Years of history a plugin generates (usage, contracts, plans, KPI), ending today.</param>
/// <param name="UsageRecordsPerCustomer">Usage records per customer over <paramref name="HistoryYears"/> (100 → 20 million at 200,000 customers).</param>
public sealed record ProvinceScale(string Name, int Cities, int DistrictsPerCity, int Users, int Customers, int HistoryYears, int UsageRecordsPerCustomer)
{
    public static readonly ProvinceScale Province = new("province", 17, 7, 5_000, 200_000, 5, 100);

    public static readonly ProvinceScale Small = new("small", 2, 3, 60, 600, 2, 10);
}

/// <summary>
/// The context of an <see cref="IProvinceData"/> hook: the database, the clock, a random source seeded from the
/// generator's seed and the plugin id, the org tree and users (all loaded; customers are not — read them from
/// <see cref="SeedContext.Db"/> in pages). The generator owns transactions: a hook writes through
/// <see cref="BulkInsertAsync{T}"/> and reports progress through <see cref="Progress"/>.
/// </summary>
public sealed class ProvinceContext(string owner, PostalDb db, TimeProvider time, IReadOnlyList<OrgUnit> units, IReadOnlyList<UserAccount> users,
    IReadOnlyList<UserRole> roles, ProvinceScale scale, int seed, Action<string>? progress = null)
    : SeedContext(owner, db, time, units, users, roles, seed)
{
    public ProvinceScale Scale { get; } = scale;

    /// <summary>The generator's seed: the same seed gives the same province.</summary>
    public int Seed { get; } = seed;

    /// <summary>Loads the org tree, users and roles from the database.</summary>
    public static async Task<ProvinceContext> LoadAsync(string owner, PostalDb db, TimeProvider time, ProvinceScale scale, int seed,
        Action<string>? progress = null, CancellationToken ct = default)
    {
        var units = await db.OrgUnits.OrderBy(u => u.Path).ToListAsync(ct);
        var users = await db.Users.OrderBy(u => u.Login).ToListAsync(ct);
        var roles = await db.UserRoles.ToListAsync(ct);
        return new ProvinceContext(owner, db, time, units, users, roles, scale, seed, progress);
    }

    /// <summary>A line for the generator's console ("usage: 4,000,000 / 20,000,000 records").</summary>
    public void Progress(string message) => progress?.Invoke($"{Owner}: {message}");

    /// <summary>
    /// Bulk insert (binary COPY on PostgreSQL, batched multi-row inserts on SQLite), streaming <paramref name="rows"/>:
    /// pass a lazy sequence, never a list of millions. Returns the number of rows written.
    /// </summary>
    public Task<long> BulkInsertAsync<T>(IEnumerable<T> rows, CancellationToken ct) where T : class =>
        BulkInsertAsync(rows, keepIdentity: false, ct);

    /// <summary>
    /// As <see cref="BulkInsertAsync{T}(IEnumerable{T}, CancellationToken)"/>; with <paramref name="keepIdentity"/> the rows'
    /// own ids are written (a hook that fills an empty table numbers its rows itself, so child rows can name them without
    /// reading ids back). The generator moves every identity sequence past the written ids after the last hook.
    /// </summary>
    public async Task<long> BulkInsertAsync<T>(IEnumerable<T> rows, bool keepIdentity, CancellationToken ct) where T : class
    {
        var options = new BulkCopyOptions { BulkCopyType = BulkCopyType.ProviderSpecific, MaxBatchSize = 10_000, KeepIdentity = keepIdentity };
        var result = await Db.BulkCopyAsync(options, rows, ct);
        return result.RowsCopied;
    }
}
