using PostalCrm.Host.Data;
using PostalCrm.Sdk.Data;

namespace PostalCrm.Testing;

public static class Migrated
{
    /// <summary>A fresh database with the SDK schema, base data and the demo province (no host).</summary>
    public static async Task<TestDatabase> CreateAsync(DatabaseProvider provider)
    {
        var tdb = TestDatabase.Create(provider);
        ConnectionSetup.PrepareSqlite(tdb.Settings);
        SchemaMigrator.Migrate(tdb.Settings, typeof(PostalDb).Assembly, "vi_sdk");
        using var db = tdb.Open();
        await Seeder.SeedBaseAsync(db);
        await Seeder.SeedDemoAsync(db, TimeProvider.System);
        return tdb;
    }
}
