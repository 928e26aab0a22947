using Microsoft.Data.Sqlite;
using PostalCrm.Sdk.Data;

namespace PostalCrm.Host.Data;

public static class ConnectionSetup
{
    /// <summary>Fills in defaults: the embedded SQLite file under the data folder, foreign keys on, a busy timeout.</summary>
    public static DatabaseSettings Normalise(DatabaseSettings s, string dataFolder)
    {
        if (s.Provider == DatabaseProvider.PostgreSQL) return new DatabaseSettings { Provider = s.Provider, ConnectionString = WithAutoPrepare(s.ConnectionString) };
        if (s.Provider != DatabaseProvider.Sqlite) return s;
        var b = new SqliteConnectionStringBuilder(string.IsNullOrWhiteSpace(s.ConnectionString)
            ? $"Data Source={Path.Combine(dataFolder, "postalcrm.db")}"
            : s.ConnectionString)
        {
            ForeignKeys = true,
            DefaultTimeout = 30,
            Pooling = true,
        };
        if (Path.GetDirectoryName(Path.GetFullPath(b.DataSource)) is { } dir) Directory.CreateDirectory(dir);
        return new DatabaseSettings { Provider = s.Provider, ConnectionString = b.ToString() };
    }

    /// <summary>
    /// PostgreSQL: statements a connection runs repeatedly (every page's scope, count and page queries) are prepared on the
    /// server after their second use instead of being parsed on every request (issue 8: 1.2–1.9× page throughput on the
    /// generated province), and after five runs PostgreSQL may keep one generic plan for them instead of planning each
    /// execution (plan_cache_mode = auto, its default; planning was most of a list page's database time, issue 8). A LIKE
    /// on a keyword parameter would lose the trigram and bigram indexes in a generic plan (the 2-character search fell to
    /// 12 req/s), so every keyword filter puts its keyword into the SQL as a literal (<c>Sql.Constant(k)</c>). A connection
    /// string that names Max Auto Prepare keeps its own value (0 turns it off).
    /// </summary>
    public static string WithAutoPrepare(string connectionString)
    {
        var given = new System.Data.Common.DbConnectionStringBuilder { ConnectionString = connectionString };
        if (given.Keys.Cast<string>().Any(k => k.Replace(" ", "", StringComparison.Ordinal).Equals("MaxAutoPrepare", StringComparison.OrdinalIgnoreCase)))
            return connectionString;
        return new Npgsql.NpgsqlConnectionStringBuilder(connectionString) { MaxAutoPrepare = 64, AutoPrepareMinUsages = 2 }.ToString();
    }

    /// <summary>WAL lets readers go on while one writer writes (persistent per database file).</summary>
    public static void PrepareSqlite(DatabaseSettings s)
    {
        if (s.Provider != DatabaseProvider.Sqlite) return;
        using var c = new SqliteConnection(s.ConnectionString);
        c.Open();
        using var cmd = c.CreateCommand();
        cmd.CommandText = "PRAGMA journal_mode=WAL;";
        cmd.ExecuteNonQuery();
    }
}
