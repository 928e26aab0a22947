using Npgsql;
using NUnit.Framework;
using PostalCrm.Sdk.Data;

namespace PostalCrm.Testing;

/// <summary>
/// A fresh, empty database for one fixture: an SQLite file in a temp folder, or a new database on the test
/// PostgreSQL server (UTF-8, C.UTF-8 ctype), dropped again on dispose. No mocks.
/// </summary>
public sealed class TestDatabase : IDisposable
{
    public DatabaseSettings Settings { get; }
    public string Folder { get; }
    private readonly string? _pgName;

    public static IEnumerable<DatabaseProvider> Providers => [DatabaseProvider.Sqlite, DatabaseProvider.PostgreSQL];

    /// <summary>Admin connection string of the test server; <c>POSTALCRM_TEST_PG</c> overrides it.</summary>
    public static string PostgresServer =>
        Environment.GetEnvironmentVariable("POSTALCRM_TEST_PG")
        ?? "Host=127.0.0.1;Port=5432;Username=postalcrm_test;Password=postalcrm_test;Database=postgres";

    private TestDatabase(DatabaseSettings settings, string folder, string? pgName)
    {
        Settings = settings;
        Folder = folder;
        _pgName = pgName;
    }

    public static TestDatabase Create(DatabaseProvider provider)
    {
        var folder = Path.Combine(Path.GetTempPath(), "postalcrm-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        if (provider == DatabaseProvider.Sqlite)
            return new TestDatabase(new DatabaseSettings { Provider = provider, ConnectionString = $"Data Source={Path.Combine(folder, "test.db")}" }, folder, null);

        var name = "postalcrm_t_" + Guid.NewGuid().ToString("N")[..16];
        using (var c = new NpgsqlConnection(PostgresServer))
        {
            c.Open();
            using var cmd = c.CreateCommand();
            cmd.CommandText = $"CREATE DATABASE {name} ENCODING 'UTF8' LC_COLLATE 'C.UTF-8' LC_CTYPE 'C.UTF-8' TEMPLATE template0";
            cmd.ExecuteNonQuery();
        }
        var cs = new NpgsqlConnectionStringBuilder(PostgresServer) { Database = name }.ToString();
        return new TestDatabase(new DatabaseSettings { Provider = provider, ConnectionString = cs }, folder, name);
    }

    public PostalDb Open() => new(Settings.ToDataOptions());

    public void Dispose()
    {
        if (_pgName is not null)
        {
            NpgsqlConnection.ClearAllPools();
            // Autovacuum may have just entered the database (after a bulk import): retry; never fail a test run on cleanup.
            for (var attempt = 1; ; attempt++)
            {
                try
                {
                    using var c = new NpgsqlConnection(PostgresServer);
                    c.Open();
                    using var cmd = c.CreateCommand();
                    cmd.CommandText = $"DROP DATABASE IF EXISTS {_pgName} WITH (FORCE)";
                    cmd.ExecuteNonQuery();
                    break;
                }
                catch (PostgresException) when (attempt < 10)
                {
                    Thread.Sleep(300);
                }
                catch (PostgresException e)
                {
                    TestContext.Progress.WriteLine($"warning: test database {_pgName} not dropped: {e.MessageText}");
                    break;
                }
            }
        }
        else
        {
            SqliteStatementCache.ClearAll();
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        }
        try { Directory.Delete(Folder, true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
