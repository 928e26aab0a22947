using Microsoft.Data.Sqlite;
using PostalCrm.Sdk.Data;

namespace PostalCrm.Host.Data;

public static class ConnectionSetup
{
    /// <summary>Fills in defaults: the embedded SQLite file under the data folder, foreign keys on, a busy timeout.</summary>
    public static DatabaseSettings Normalise(DatabaseSettings s, string dataFolder)
    {
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
