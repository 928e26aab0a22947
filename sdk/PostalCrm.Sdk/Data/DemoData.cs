using PostalCrm.Sdk.Files;
using PostalCrm.Sdk.Organisation;
using PostalCrm.Sdk.Security;

namespace PostalCrm.Sdk.Data;

/// <summary>
/// A plugin's demo data (ARCHITECTURE §2): with <c>Seed:Demo</c> on, the host runs every registered hook once, on a
/// database it has just seeded with the demo province (org tree, users, customers), plugins in dependency order, each
/// hook in its own transaction. Register it in <c>ConfigureServices</c>:
/// <c>services.AddScoped&lt;IDemoData, MyDemoData&gt;()</c>. Keep it deterministic (use <see cref="DemoContext.Random"/>),
/// find units and users by code and login (never by id), and bulk-insert where there are many rows.
/// The province data generator (§9, benchmark-sized data) is a hook of the same kind beside this one
/// (<c>IProvinceData.GenerateAsync(ProvinceContext, …)</c>), so shared helpers belong on <see cref="SeedContext"/>.
/// </summary>
public interface IDemoData
{
    Task SeedAsync(DemoContext ctx, CancellationToken ct);
}

/// <summary>
/// What a data hook is given: the database (inside the hook's transaction), the clock, a seeded random source and
/// look-ups of the org tree and the users. Loaded once before the hook runs.
/// </summary>
public abstract class SeedContext
{
    private readonly Dictionary<string, OrgUnit> _unitsByCode;
    private readonly Dictionary<int, OrgUnit> _unitsById;
    private readonly Dictionary<string, UserAccount> _usersByLogin;
    private readonly ILookup<string, int> _usersByRole;

    protected SeedContext(string owner, PostalDb db, TimeProvider time, IReadOnlyList<OrgUnit> units, IReadOnlyList<UserAccount> users,
        IReadOnlyList<UserRole> roles, int baseSeed)
    {
        Owner = owner;
        Db = db;
        Time = time;
        Now = time.GetUtcNow().UtcDateTime;
        Units = units;
        Users = users;
        _unitsByCode = units.ToDictionary(u => u.Code, StringComparer.Ordinal);
        _unitsById = units.ToDictionary(u => u.Id);
        _usersByLogin = users.ToDictionary(u => u.Login, StringComparer.Ordinal);
        _usersByRole = roles.ToLookup(r => r.RoleCode, r => r.UserId, StringComparer.Ordinal);
        Random = new Random(baseSeed ^ StableHash(owner));
    }

    /// <summary>The plugin id whose hook runs ("host" for the host's own part).</summary>
    public string Owner { get; }

    public PostalDb Db { get; }

    public TimeProvider Time { get; }

    /// <summary>UTC time the hook started; date demo rows relative to it (e.g. <c>Now.AddDays(-30)</c>).</summary>
    public DateTime Now { get; }

    /// <summary>Seeded from the owner's id: the same rows on every run, whichever other plugins are enabled.</summary>
    public Random Random { get; }

    public IReadOnlyList<OrgUnit> Units { get; }

    public IReadOnlyList<UserAccount> Users { get; }

    /// <summary>The unit with this code (e.g. <c>420102</c>, <c>420500KA</c>); throws naming the code when absent.</summary>
    public OrgUnit Unit(string code) =>
        _unitsByCode.TryGetValue(code, out var u) ? u : throw new InvalidOperationException($"demo data: no org unit with code {code}");

    public OrgUnit Unit(int id) => _unitsById[id];

    /// <summary>The user with this login (e.g. <c>ja_cm1</c>); throws naming the login when absent.</summary>
    public UserAccount User(string login) =>
        _usersByLogin.TryGetValue(login, out var u) ? u : throw new InvalidOperationException($"demo data: no user with login {login}");

    /// <summary>Active users holding the role, by login.</summary>
    public IReadOnlyList<UserAccount> UsersInRole(string role)
    {
        var ids = _usersByRole[role].ToHashSet();
        return [.. Users.Where(u => ids.Contains(u.Id) && !u.Disabled).OrderBy(u => u.Login, StringComparer.Ordinal)];
    }

    /// <summary>Districts (区县, areas), by code.</summary>
    public IReadOnlyList<OrgUnit> Districts =>
        [.. Units.Where(u => u is { Kind: OrgUnitKind.Area, Level: OrgLevel.District, Active: true }).OrderBy(u => u.Code, StringComparer.Ordinal)];

    /// <summary>The administrative area of a unit: itself if it is one, else its nearest area ancestor.</summary>
    public OrgUnit AreaOf(OrgUnit unit) => Lineage(unit).Last(u => u.Kind == OrgUnitKind.Area);

    /// <summary>The city (市/州) a unit lies in; null for provincial units.</summary>
    public OrgUnit? CityOf(OrgUnit unit) => Lineage(unit).FirstOrDefault(u => u is { Kind: OrgUnitKind.Area, Level: OrgLevel.City });

    /// <summary>Root first, the unit last.</summary>
    public IReadOnlyList<OrgUnit> Lineage(OrgUnit unit) => [.. OrgTree.ParsePath(unit.Path).Select(id => _unitsById[id])];

    /// <summary>A time between <paramref name="minDaysAgo"/> and <paramref name="maxDaysAgo"/> days before <see cref="Now"/>, in office hours (Beijing time), whole minutes.</summary>
    public DateTime DaysAgo(int minDaysAgo, int maxDaysAgo)
    {
        var day = Now.Date.AddDays(-Random.Next(minDaysAgo, maxDaysAgo + 1));
        // 08:30–17:30 Beijing time is 00:30–09:30 UTC.
        var t = day.AddMinutes(30 + Random.Next(0, 9 * 60));
        return t > Now ? Now.AddMinutes(-Random.Next(1, 60)) : t;
    }

    public T Pick<T>(IReadOnlyList<T> items) => items[Random.Next(items.Count)];

    /// <summary>FNV-1a: stable across processes (string.GetHashCode is randomised per process).</summary>
    public static int StableHash(string text)
    {
        unchecked
        {
            var h = (int)2166136261;
            foreach (var c in text) h = (h ^ c) * 16777619;
            return h;
        }
    }
}

/// <summary>
/// The context of an <see cref="IDemoData"/> hook. Files go through the real <see cref="FileStore"/> (so downloads
/// work), uploaded as a demo user; the host disposes the context after the hook's transaction, which removes the
/// content of files whose rows were rolled back.
/// </summary>
public sealed class DemoContext(string owner, PostalDb db, TimeProvider time, StorageSettings storage, IReadOnlyList<OrgUnit> units,
    IReadOnlyList<UserAccount> users, IReadOnlyList<UserRole> roles)
    : SeedContext(owner, db, time, units, users, roles, BaseSeed), IAsyncDisposable
{
    /// <summary>Changing it changes every demo row: leave it.</summary>
    public const int BaseSeed = 20261201;

    private readonly Dictionary<int, FileStore> _stores = [];

    /// <summary>Loads the org tree, users and roles from the database.</summary>
    public static async Task<DemoContext> LoadAsync(string owner, PostalDb db, TimeProvider time, StorageSettings storage, CancellationToken ct = default)
    {
        var units = await db.OrgUnits.OrderBy(u => u.Path).ToListAsync(ct);
        var users = await db.Users.OrderBy(u => u.Login).ToListAsync(ct);
        var roles = await db.UserRoles.ToListAsync(ct);
        return new DemoContext(owner, db, time, storage, units, users, roles);
    }

    /// <summary>Stores a file as uploaded by <paramref name="uploader"/>, checked by the policy like any upload.</summary>
    public async Task<StoredFile> SaveFileAsync(UserAccount uploader, string fileName, byte[] content, FilePolicy policy, CancellationToken ct = default)
    {
        if (!_stores.TryGetValue(uploader.Id, out var store))
        {
            var unit = Unit(uploader.OrgUnitId);
            store = new FileStore(Db, storage, new SeedUser(uploader, unit, AreaOf(unit)));
            _stores[uploader.Id] = store;
        }
        using var stream = new MemoryStream(content, writable: false);
        return await store.SaveAsync(stream, fileName, policy, ct);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var store in _stores.Values) await store.DisposeAsync();
        _stores.Clear();
    }

    /// <summary>The uploader as the file store sees it; seeding has no signed-in user.</summary>
    private sealed class SeedUser(UserAccount user, OrgUnit unit, OrgUnit area) : ICurrentUser
    {
        public bool IsAuthenticated => true;
        public int Id => user.Id;
        public string Login => user.Login;
        public string DisplayName => user.DisplayName;
        public OrgUnit OrgUnit => unit;
        public OrgUnit Area => area;
        public IReadOnlySet<string> Roles { get; } = new HashSet<string>();
        public IReadOnlySet<string> Permissions { get; } = new HashSet<string>();
        public bool Has(string permission) => false;
        public bool IsInRole(string role) => false;
    }
}
