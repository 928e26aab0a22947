using Microsoft.Data.Sqlite;
using PostalCrm.Sdk.Data;

namespace PostalCrm.Host.Data;

public static class ConnectionSetup
{
    /// <summary>Fills in defaults: the embedded SQLite file under the data folder, foreign keys on, a busy timeout.</summary>
    public static DatabaseSettings Normalise(DatabaseSettings s, string dataFolder)
    {
        if (s.Provider == DatabaseProvider.PostgreSQL) return new DatabaseSettings { Provider = s.Provider, ConnectionString = WithPostgresDefaults(s.ConnectionString) };
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
    /// 12 req/s), so every keyword filter puts its keyword into the SQL as a literal (<c>Sql.Constant(k)</c>).
    /// <para>
    /// And a pooled connection is handed out again without Npgsql's reset: with prepared statements it cannot send DISCARD
    /// ALL, so it sent its seven parts (CLOSE ALL, RESET ALL, UNLISTEN *, …) before the next statement of every request,
    /// each parsed afresh — a quarter of PostgreSQL's time on a list page (资料调取审批: 1.13 → 0.85 ms of CPU a request).
    /// Nothing of ours leaves session state behind: no SET, temporary table, LISTEN, cursor or advisory lock, and a
    /// transaction still open is rolled back by Npgsql on close either way.
    /// </para>
    /// <para>
    /// And the pool keeps <see cref="KeptConnections"/> connections open when idle. Npgsql closes idle connections every five
    /// minutes (the median of its idle count over that time): a portal quiet for half of it lost them all, and the next
    /// burst of 32 requests opened 32 connections at once — a server process and a SCRAM sign-in each, every prepared
    /// statement prepared again — and stalled for 0.5–0.8 s (issue 8: a list's p95 of 229–381 ms against 29–32 ms with
    /// the pool kept, p50 unchanged). Npgsql opens them only when needed; it just stops closing them below this.
    /// </para>
    /// A connection string that names Max Auto Prepare (0 turns it off), No Reset On Close or Minimum Pool Size keeps its own value.
    /// </summary>
    public static string WithPostgresDefaults(string connectionString)
    {
        var given = new System.Data.Common.DbConnectionStringBuilder { ConnectionString = connectionString };
        bool Names(string key) => given.Keys.Cast<string>().Any(k => k.Replace(" ", "", StringComparison.Ordinal).Equals(key, StringComparison.OrdinalIgnoreCase));
        var done = new Npgsql.NpgsqlConnectionStringBuilder(connectionString);
        if (!Names("MaxAutoPrepare"))
        {
            done.MaxAutoPrepare = 64;
            done.AutoPrepareMinUsages = 2;
        }
        if (!Names("NoResetOnClose")) done.NoResetOnClose = true;
        if (!Names("MinimumPoolSize") && !Names("MinPoolSize")) done.MinPoolSize = Math.Min(KeptConnections, done.MaxPoolSize);
        return done.ToString();
    }

    /// <summary>Connections the PostgreSQL pool keeps when idle: the concurrent requests the portal is sized for (ARCHITECTURE §9's 32).</summary>
    public const int KeptConnections = 32;

    /// <summary>
    /// SQLite's multi-thread mode instead of its serialized default: no mutex around every call into a connection (every
    /// column of every row read took and released one). The portal's pool (<c>SqliteStatementCache</c>) hands each
    /// connection to one request at a time and never uses one on two threads at once, which is all this mode asks. SQLite
    /// reads it only before its first connection opens; once one is open (a test process that opened a database first) it
    /// stays serialized, which is correct, only slower. Returns whether the mode took effect.
    /// </summary>
    public static bool UseSqliteMultiThreadMode()
    {
        SQLitePCL.Batteries_V2.Init();
        return SQLitePCL.raw.sqlite3_config(SQLitePCL.raw.SQLITE_CONFIG_MULTITHREAD) == SQLitePCL.raw.SQLITE_OK;
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
