using LinqToDB.Data;
using Microsoft.Data.Sqlite;
using Npgsql;
using PostalCrm.Host.Data;
using PostalCrm.Sdk.Data;
using PostalCrm.Testing;

namespace PostalCrm.Host.Tests;

/// <summary>The defaults a deployment's connection string is completed with.</summary>
public class ConnectionSetupTests
{
    [Test]
    public void A_PostgreSQL_connection_string_gets_auto_preparation_no_reset_and_kept_connections_unless_it_names_its_own()
    {
        var done = Completed("Host=db;Username=u;Password=p;Database=crm");
        Assert.That(done.MaxAutoPrepare, Is.EqualTo(64));
        Assert.That(done.AutoPrepareMinUsages, Is.EqualTo(2));
        Assert.That(done.NoResetOnClose, Is.True, "no reset statements before every request's first statement");
        Assert.That(done.Options, Is.Null, "PostgreSQL's own plan mode (auto): generic plans once a statement has run five times");
        Assert.That((done.Host, done.Username, done.Password, done.Database), Is.EqualTo(("db", "u", "p", "crm")), "the rest is kept");

        foreach (var (own, maxAutoPrepare) in new[] { ("Host=db;Max Auto Prepare=0", 0), ("Host=db;max auto prepare=10", 10), ("Host=db;MaxAutoPrepare=5", 5) })
        {
            var kept = Completed(own);
            Assert.That((kept.MaxAutoPrepare, kept.AutoPrepareMinUsages), Is.EqualTo((maxAutoPrepare, 5)), $"a deployment's own setting wins, including 0 (off): {own}");
        }
        foreach (var own in new[] { "Host=db;No Reset On Close=false", "Host=db;NoResetOnClose=False" })
        {
            var kept = Completed(own);
            Assert.That(kept.NoResetOnClose, Is.False, own);
        }
        Assert.That(done.MinPoolSize, Is.EqualTo(ConnectionSetup.KeptConnections), "idle connections kept");
        foreach (var (own, min) in new[] { ("Host=db;Minimum Pool Size=0", 0), ("Host=db;MinPoolSize=4", 4), ("Host=db;Maximum Pool Size=10", 10) })
        {
            var kept = Completed(own);
            Assert.That(kept.MinPoolSize, Is.EqualTo(min), $"a deployment's own minimum, or at most its maximum: {own}");
        }
    }

    /// <summary>A deployment's PostgreSQL connection string as the host completes it.</summary>
    private static NpgsqlConnectionStringBuilder Completed(string connectionString) =>
        new(ConnectionSetup.Normalise(new DatabaseSettings { Provider = DatabaseProvider.PostgreSQL, ConnectionString = connectionString }, "/tmp").ConnectionString);

    [Test]
    public async Task The_PostgreSQL_pool_keeps_its_idle_connections_open()
    {
        using var database = TestDatabase.Create(DatabaseProvider.PostgreSQL);
        // Npgsql's pruning made quick (it samples the idle count every second, and closes the median of two samples).
        var cs = ConnectionSetup.Normalise(new DatabaseSettings
        {
            Provider = DatabaseProvider.PostgreSQL,
            // Its own application name: only this pool's connections are counted (an autovacuum worker or another pool on the
            // new database made the count 4 once).
            ConnectionString = database.Settings.ConnectionString + ";Connection Idle Lifetime=2;Connection Pruning Interval=1;Application Name=kept-pool-test",
        }, database.Folder).ConnectionString;
        var opened = new List<NpgsqlConnection>();
        for (var i = 0; i < 3; i++)
        {
            var c = new NpgsqlConnection(cs);
            await c.OpenAsync();
            opened.Add(c);
        }
        foreach (var c in opened) await c.DisposeAsync(); // back to the pool, idle
        await Task.Delay(TimeSpan.FromSeconds(5));

        await using var watcher = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(cs) { Pooling = false }.ToString());
        await watcher.OpenAsync();
        await using var count = new NpgsqlCommand("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'kept-pool-test' AND pid <> pg_backend_pid()", watcher);
        Assert.That((long)(await count.ExecuteScalarAsync())!, Is.EqualTo(3), "the idle connections are still open, none closed by pruning");
    }
}

/// <summary>
/// Why the PostgreSQL default of No Reset On Close is safe for us: a pooled connection handed out again holds no
/// transaction, no session setting and no temporary table of its last user (Npgsql rolls an open transaction back on
/// close either way), and its prepared statements stay.
/// </summary>
public class PooledConnectionWithoutResetTests
{
    [Test]
    public async Task A_connection_handed_out_again_holds_nothing_of_its_last_user_s_transaction()
    {
        using var database = TestDatabase.Create(DatabaseProvider.PostgreSQL);
        var settings = ConnectionSetup.Normalise(database.Settings, database.Folder);
        Assert.That(new NpgsqlConnectionStringBuilder(settings.ConnectionString).NoResetOnClose, Is.True);
        // One connection in the pool, so the second open gets the same server session.
        var cs = new NpgsqlConnectionStringBuilder(settings.ConnectionString) { MaxPoolSize = 1, MinPoolSize = 0 }.ToString();

        int pid;
        await using (var first = new NpgsqlConnection(cs))
        {
            await first.OpenAsync();
            await using var create = new NpgsqlCommand("CREATE TABLE IF NOT EXISTS reset_probe (v int)", first);
            await create.ExecuteNonQueryAsync();
            await using var left = new NpgsqlCommand("BEGIN; INSERT INTO reset_probe VALUES (1); SET LOCAL statement_timeout = 1234", first);
            await left.ExecuteNonQueryAsync();
            await using var who = new NpgsqlCommand("SELECT pg_backend_pid()", first);
            pid = (int)(await who.ExecuteScalarAsync())!;
        }
        await using var second = new NpgsqlConnection(cs);
        await second.OpenAsync();
        await using var check = new NpgsqlCommand(
            "SELECT pg_backend_pid(), (SELECT count(*) FROM reset_probe), current_setting('statement_timeout'), txid_current_if_assigned() IS NULL", second);
        await using var reader = await check.ExecuteReaderAsync();
        Assert.That(await reader.ReadAsync(), Is.True);
        Assert.That(reader.GetInt32(0), Is.EqualTo(pid), "the same session, handed out again");
        Assert.That(reader.GetInt64(1), Is.EqualTo(0), "the insert of the transaction left open was rolled back");
        Assert.That(reader.GetString(2), Is.EqualTo("0"), "its SET LOCAL ended with it");
        Assert.That(reader.GetBoolean(3), Is.True, "no transaction is open");
    }
}

/// <summary>
/// SQLite's multi-thread mode (no mutex around each call into a connection): the tests run in it as the portal does, and
/// pooled connections used by many requests at once still read and write correctly.
/// </summary>
public class SqliteMultiThreadModeTests
{
    [Test]
    public void The_tests_run_SQLite_in_the_portal_s_multi_thread_mode() =>
        Assert.That(SqliteMode.MultiThread, Is.True, "set as the test library loads, before any connection opened");

    [Test]
    public void Once_a_connection_has_opened_the_mode_can_no_longer_change()
    {
        using var database = TestDatabase.Create(DatabaseProvider.Sqlite);
        using (var c = new SqliteConnection(database.Settings.ConnectionString)) c.Open();
        Assert.That(ConnectionSetup.UseSqliteMultiThreadMode(), Is.False);
    }

    [Test]
    public async Task Pooled_connections_used_by_many_tasks_at_once_lose_no_row_and_read_their_own_writes()
    {
        using var database = TestDatabase.Create(DatabaseProvider.Sqlite);
        var settings = ConnectionSetup.Normalise(database.Settings, database.Folder);
        ConnectionSetup.PrepareSqlite(settings);
        // The portal's own pool and statement cache (SqliteStatementCache), as every request uses them.
        var options = settings.ToDataOptions();
        await using (var setup = new PostalDb(options))
            await setup.ExecuteAsync("CREATE TABLE probe (task int, n int, PRIMARY KEY (task, n))");

        const int Tasks = 8, Rows = 100;
        await Task.WhenAll(Enumerable.Range(0, Tasks).Select(t => Task.Run(async () =>
        {
            for (var n = 0; n < Rows; n++)
            {
                await using var db = new PostalDb(options);
                await db.ExecuteAsync("INSERT INTO probe VALUES (@t, @n)", new DataParameter("t", t), new DataParameter("n", n));
                Assert.That(await db.ExecuteAsync<long>("SELECT count(*) FROM probe WHERE task = @t", new DataParameter("t", t)), Is.EqualTo(n + 1));
            }
        })));

        await using var check = new PostalDb(options);
        Assert.That(await check.ExecuteAsync<long>("SELECT count(*) FROM probe"), Is.EqualTo((long)Tasks * Rows));
        Assert.That(await check.ExecuteAsync<long>("SELECT count(DISTINCT task) FROM probe"), Is.EqualTo((long)Tasks));
    }
}
