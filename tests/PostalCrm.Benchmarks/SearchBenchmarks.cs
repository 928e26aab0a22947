using LinqToDB.Data;
using BenchmarkDotNet.Attributes;
using PostalCrm.Sdk.Customers;
using PostalCrm.Sdk.Data;
using PostalCrm.Sdk.Security;
using PostalCrm.Testing;

namespace PostalCrm.Benchmarks;

/// <summary>
/// CustomerDirectory.FindAsync (trigram path for 3+ characters) against a plain LIKE on the base table (the baseline),
/// over 200,000 names, for 2-, 3- and 4-character keywords. 20 results, ordered by name, as a pick-list asks.
/// </summary>
[Config(typeof(ShortInProcess))]
[MemoryDiagnoser]
public class SearchBenchmarks
{
    [Params(DatabaseProvider.Sqlite, DatabaseProvider.PostgreSQL)]
    public DatabaseProvider Provider { get; set; }

    /// <summary>
    /// Keyword length. The keyword is cut from the 简称 of the first generated customer with a 2-character brand (brand
    /// + industry, e.g. "恒通物流"): 2 = the brand, 3 = brand + the industry's first character, 4 = brand + industry.
    /// So every keyword finds something, as when a user types part of a name they know.
    /// </summary>
    [Params(2, 3, 4)]
    public int Length { get; set; }

    private string Keyword { get; set; } = "";

    private PostalDb _db = null!;
    private PostalDb _plain = null!;
    private CustomerDirectory _directory = null!;

    [GlobalSetup]
    public void Setup()
    {
        var tdb = BenchData.For(Provider);
        _db = tdb.Open();
        var user = Users.AsAsync(_db, DemoUsers.YichangCm1).GetAwaiter().GetResult();
        _directory = new CustomerDirectory(_db, user, new DataScope(user, _db), []);
        _plain = tdb.Open();
        Keyword = _plain.BusinessCustomers.Where(c => c.ShortName.Length == 4).OrderBy(c => c.Id).Select(c => c.ShortName).First()[..Length];
        // The baseline must not use the pg_trgm indexes (GIN is only ever read through bitmap scans).
        if (_plain.IsPostgres) _plain.Execute("SET enable_bitmapscan = off");
        var found = FindAsync().GetAwaiter().GetResult().Count;
        var like = PlainLikeAsync().GetAwaiter().GetResult().Count;
        if (found != like) throw new InvalidOperationException($"FindAsync found {found}, plain LIKE {like}");
        Console.WriteLine($"// {Provider} \"{Keyword}\": {_plain.BusinessCustomers.Count(c => c.Name.Contains(Keyword) || c.ShortName.Contains(Keyword) || c.Code.Contains(Keyword)):N0} matches in total");
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _db.Dispose();
        _plain.Dispose();
    }

    [Benchmark]
    public Task<IReadOnlyList<CustomerIdentity>> FindAsync() => _directory.FindAsync(Keyword);

    /// <summary>The search as it was before the trigram indexes: LIKE '%k%' on the table.</summary>
    [Benchmark(Baseline = true)]
    public async Task<IReadOnlyList<CustomerIdentity>> PlainLikeAsync()
    {
        var k = Keyword;
        var q = from c in _plain.BusinessCustomers
                join d in _plain.OrgUnits on c.DistrictOrgId equals d.Id
                where c.Name.Contains(k) || c.ShortName.Contains(k) || c.Code.Contains(k)
                orderby c.Name
                select new CustomerIdentity(c.Id, c.Code, c.Name, c.ShortName, c.DistrictOrgId, d.Name);
        return await q.Take(20).ToListAsync();
    }
}
