using System.Reflection;
using FluentMigrator.Runner;
using FluentMigrator.Runner.VersionTableInfo;
using PostalCrm.Sdk.Data;

namespace PostalCrm.Host.Data;

/// <summary>
/// Runs FluentMigrator migrations: the SDK schema first, then each plugin in dependency order, each with a version
/// table of its own so plugins are versioned and upgraded independently.
/// </summary>
public static class SchemaMigrator
{
    public static void Migrate(DatabaseSettings db, Assembly assembly, string versionTable)
    {
        // FluentMigrator refuses an assembly without migrations; a plugin without tables is fine.
        if (!assembly.GetTypes().Any(t => typeof(FluentMigrator.IMigration).IsAssignableFrom(t) && !t.IsAbstract)) return;
        using var services = new ServiceCollection()
            .AddFluentMigratorCore()
            .ConfigureRunner(rb =>
            {
                if (db.Provider == DatabaseProvider.Sqlite) rb.AddSQLite(); else rb.AddPostgres();
                rb.WithGlobalConnectionString(db.ConnectionString).ScanIn(assembly).For.Migrations();
            })
            .AddScoped<IVersionTableMetaData>(_ => new OwnVersionTable(versionTable))
            .Configure<FluentMigrator.Runner.Initialization.RunnerOptions>(o => o.TransactionPerSession = true)
            .BuildServiceProvider(false);
        using var scope = services.CreateScope();
        scope.ServiceProvider.GetRequiredService<IMigrationRunner>().MigrateUp();
    }

    /// <summary>Version table name for a plugin id (e.g. sharing → vi_sharing).</summary>
    public static string VersionTableFor(string pluginId) => "vi_" + new string([.. pluginId.ToLowerInvariant().Select(c => char.IsAsciiLetterOrDigit(c) ? c : '_')]);

    private sealed class OwnVersionTable(string table) : IVersionTableMetaData
    {
        public bool OwnsSchema => false;
        public string SchemaName => "";
        public string TableName => table;
        public string ColumnName => "version";
        public string DescriptionColumnName => "description";
        public string UniqueIndexName => "ux_" + table;
        public string AppliedOnColumnName => "applied_on";
        public bool CreateWithPrimaryKey => false;
    }
}
