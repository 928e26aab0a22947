using LinqToDB;
using LinqToDB.Data;

namespace PostalCrm.Sdk.Data;

public enum DatabaseProvider
{
    Sqlite,
    PostgreSQL,
}

/// <summary>Configuration section <c>Database</c>.</summary>
public sealed class DatabaseSettings
{
    // All times are stored as UTC in plain timestamp columns (portable to SQLite and Oracle); Npgsql 6+ would
    // refuse a UTC DateTime for "timestamp without time zone" without this switch. The parameter types of KeptSql are mapped
    // here too, before any statement runs.
    static DatabaseSettings()
    {
        AppContext.SetSwitch("Npgsql.EnableLegacyTimestampBehavior", true);
        KeptSql.Register(LinqToDB.Mapping.MappingSchema.Default);
    }

    public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;
    /// <summary>SQLite: <c>Data Source=…</c>; PostgreSQL: an Npgsql connection string.</summary>
    public string ConnectionString { get; set; } = "";

    /// <summary>
    /// The options every <see cref="PostalDb"/> of this database is opened with; queries' captured sub-queries are inlined
    /// before linq2db's cache lookup (<see cref="CapturedQueryInliner"/>); SQLite's connections keep their statements
    /// prepared (<see cref="SqliteStatementCache"/>).
    /// </summary>
    public DataOptions ToDataOptions() => (Provider switch
    {
        DatabaseProvider.Sqlite => SqliteStatementCache.Options(ConnectionString),
        DatabaseProvider.PostgreSQL => new DataOptions().UseConnectionString(ProviderName.PostgreSQL15, ConnectionString),
        _ => throw new NotSupportedException($"database provider {Provider}"),
    }).UseInterceptor(CapturedQueryInliner.Instance);
}
