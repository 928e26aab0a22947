using System.Diagnostics;
using LinqToDB.Data;
using PostalCrm.Sdk.Customers;
using PostalCrm.Sdk.Data;
using PostalCrm.Sdk.Tests;
using PostalCrm.Testing;

namespace PostalCrm.Benchmarks;

/// <summary>
/// One database per provider for the whole (in-process) run: migrated, demo-seeded, and filled with 200,000 generated
/// Chinese company names by BulkCopy. PostgreSQL comes from POSTALCRM_TEST_PG like the tests (TestDatabase).
/// </summary>
public static class BenchData
{
    public const int Customers = 200_000;
    private static readonly Dictionary<DatabaseProvider, TestDatabase> Databases = [];
    private static readonly Lock Gate = new();

    public static TestDatabase For(DatabaseProvider provider)
    {
        lock (Gate)
        {
            if (Databases.TryGetValue(provider, out var existing)) return existing;
            var tdb = Migrated.CreateAsync(provider).GetAwaiter().GetResult();
            Fill(tdb);
            Databases[provider] = tdb;
            return tdb;
        }
    }

    private static void Fill(TestDatabase tdb)
    {
        using var db = tdb.Open();
        var city = db.OrgUnits.Where(u => u.Name == "武汉市").Select(u => u.Id).First();
        var district = db.OrgUnits.Where(u => u.Name == "江岸区").Select(u => u.Id).First();
        var user = db.Users.Where(u => u.Login == DemoUsers.JiangAnCm1).Select(u => u.Id).First();
        var names = new CustomerSearchNames(42);
        var watch = Stopwatch.StartNew();
        using (var tx = db.BeginTransaction())
        {
            db.BulkCopy(new BulkCopyOptions { BulkCopyType = db.IsPostgres ? BulkCopyType.ProviderSpecific : BulkCopyType.MultipleRows },
                Enumerable.Range(1, Customers).Select(i => names.Next(i, city, district, user)));
            tx.Commit();
        }
        if (db.IsPostgres) db.Execute("VACUUM ANALYZE business_customers");
        else db.Execute("ANALYZE");
        Console.WriteLine($"// {tdb.Settings.Provider}: {Customers:N0} customers bulk-copied (with trigram index upkeep) in {watch.Elapsed.TotalSeconds:N1} s");
    }

    public static void DropAll()
    {
        lock (Gate)
        {
            foreach (var tdb in Databases.Values) tdb.Dispose();
            Databases.Clear();
        }
    }
}
