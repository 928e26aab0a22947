using LinqToDB;
using LinqToDB.Data;
using Microsoft.Data.Sqlite;
using PostalCrm.Sdk.Data;
using PostalCrm.Testing;

namespace PostalCrm.Sdk.Tests;

/// <summary>
/// Issue 8: SQLite's connections stay open between requests with their statements prepared
/// (<see cref="SqliteStatementCache"/>), and every read still sees its own parameters, the latest data and no other
/// request's transaction.
/// </summary>
public class SqliteStatementCacheTests
{
    private TestDatabase _db = null!;

    [OneTimeSetUp] public async Task Create() => _db = await Migrated.CreateAsync(DatabaseProvider.Sqlite);

    [OneTimeTearDown] public void Drop() => _db.Dispose();

    // One idle connection at the start of each test, so the next request takes the connection the last one used.
    [SetUp] public void EmptyPool() => SqliteStatementCache.ClearAll();

    /// <summary>The SQL of the statements kept prepared on <paramref name="db"/>'s connection.</summary>
    private static IReadOnlyList<string> PreparedOn(PostalDb db) => SqliteStatementCache.KeptOn(db.OpenDbConnection());

    private static Task<int> IdOfAsync(PostalDb db, string login) => db.Users.Where(u => u.Login == login).Select(u => u.Id).SingleAsync();

    [Test]
    public async Task A_statement_stays_prepared_for_the_next_request_which_reads_its_own_rows()
    {
        string sql;
        int adminId;
        await using (var first = _db.Open())
        {
            adminId = await IdOfAsync(first, "admin");
            sql = first.LastQuery!;
        }
        await using var next = _db.Open();
        Assert.That(PreparedOn(next), Does.Contain(sql), "the connection went back to the pool with the statement prepared");

        var reusedBefore = SqliteStatementCache.Counters.Reused;
        var other = await next.Users.Where(u => u.Id != adminId).OrderBy(u => u.Id).Select(u => new { u.Id, u.Login }).FirstAsync();
        Assert.That(await IdOfAsync(next, other.Login), Is.EqualTo(other.Id), "the same statement with the next request's parameter");
        Assert.That(next.LastQuery, Is.EqualTo(sql));
        Assert.That(SqliteStatementCache.Counters.Reused, Is.GreaterThan(reusedBefore));
    }

    [Test]
    public async Task A_prepared_statement_reads_what_was_written_after_it_was_prepared()
    {
        await using var db = _db.Open();
        var id = await IdOfAsync(db, "admin");
        string? PhoneOf() => db.Users.Where(u => u.Id == id).Select(u => u.Phone).Single();
        var before = PhoneOf();
        try
        {
            await db.Users.Where(u => u.Id == id).Set(u => u.Phone, "13800000001").UpdateAsync();
            await using (var other = _db.Open()) Assert.That(other.Users.Where(u => u.Id == id).Select(u => u.Phone).Single(), Is.EqualTo("13800000001"));
            Assert.That(PhoneOf(), Is.EqualTo("13800000001"));
        }
        finally { await db.Users.Where(u => u.Id == id).Set(u => u.Phone, before).UpdateAsync(); }
    }

    [Test]
    public async Task A_connection_left_inside_a_transaction_is_closed_not_pooled_and_its_writes_are_rolled_back()
    {
        int id;
        string? phone;
        await using (var db = _db.Open())
        {
            id = await IdOfAsync(db, "admin");
            phone = db.Users.Where(u => u.Id == id).Select(u => u.Phone).Single();
            // A transaction linq2db does not know about: only SQLite's autocommit flag tells it is open.
            await db.ExecuteAsync("BEGIN");
            await db.ExecuteAsync("UPDATE users SET phone = '13900000009' WHERE id = @id", new DataParameter("id", id));
        }
        await using var next = _db.Open();
        Assert.That(next.Users.Where(u => u.Id == id).Select(u => u.Phone).Single(), Is.EqualTo(phone));
        await next.Users.Where(u => u.Id == id).Set(u => u.Phone, phone).UpdateAsync(); // no lock is left behind
    }

    [Test]
    public async Task The_same_statement_run_inside_its_own_open_reader_runs_beside_it()
    {
        await using var db = _db.Open();
        var units = db.OrgUnits.Where(o => o.ParentId == null || o.ParentId != null).OrderBy(o => o.Id).Select(o => o.Id);
        var all = await units.ToListAsync();
        var outer = new List<int>();
        foreach (var id in units.AsEnumerable())
        {
            outer.Add(id);
            Assert.That(units.ToList(), Is.EqualTo(all));
        }
        Assert.That(outer, Is.EqualTo(all));
    }

    [Test]
    public async Task Past_its_limit_a_connection_finalizes_its_least_recent_statements_and_every_result_stays_right()
    {
        await using var db = _db.Open();
        for (var i = 0; i < SqliteStatementCache.StatementsPerConnection + 20; i++)
            Assert.That(await db.ExecuteAsync<int>($"SELECT {i}"), Is.EqualTo(i));
        Assert.That(PreparedOn(db), Has.Count.LessThanOrEqualTo(SqliteStatementCache.StatementsPerConnection));
        Assert.That(PreparedOn(db), Does.Contain("SELECT 83").And.Not.Contain("SELECT 0"));
    }

    [Test]
    public async Task A_statement_that_fails_leaves_the_connection_usable()
    {
        await using (var db = _db.Open())
        {
            Assert.Throws<SqliteException>(() => db.Execute("SELEC 1"));
            Assert.That(await db.ExecuteAsync<int>("SELECT 7"), Is.EqualTo(7));
        }
        await using var next = _db.Open();
        Assert.Throws<SqliteException>(() => next.Execute("SELEC 1"));
        Assert.That(await IdOfAsync(next, "admin"), Is.GreaterThan(0));
    }

    [Test]
    public void A_LIMIT_parameter_gets_its_value_so_SQLite_plans_the_statement_once_and_quoted_text_is_left_alone()
    {
        long? Values(string name) => name switch { "@take" => 50, "@take_1" => 10001, _ => null };
        Assert.That(SqliteStatementCache.PlannedOnce("SELECT 1\nLIMIT @take OFFSET @skip", Values), Is.EqualTo("SELECT 1\nLIMIT 50 OFFSET @skip"));
        Assert.That(SqliteStatementCache.PlannedOnce("SELECT 'a LIMIT @take' WHERE n LIKE '%''LIMIT @take'\n\tLIMIT @take_1", Values),
            Is.EqualTo("SELECT 'a LIMIT @take' WHERE n LIKE '%''LIMIT @take'\n\tLIMIT 10001"));
        Assert.That(SqliteStatementCache.PlannedOnce("SELECT 2 LIMIT @other", Values), Is.EqualTo("SELECT 2 LIMIT @other"), "no whole-number value: left as it is");
        Assert.That(SqliteStatementCache.PlannedOnce("SELECT 3 LIMIT 5", Values), Is.EqualTo("SELECT 3 LIMIT 5"));
    }

    [Test]
    public async Task Pages_read_with_their_LIMIT_in_the_SQL_are_the_pages_asked_for()
    {
        var all = new List<int>();
        await using (var db = _db.Open()) all = await db.OrgUnits.OrderBy(o => o.Id).Select(o => o.Id).ToListAsync();
        foreach (var (skip, take) in new[] { (0, 2), (1, 3), (0, 2), (2, 1) })
        {
            await using var db = _db.Open();
            var page = await db.OrgUnits.OrderBy(o => o.Id).Select(o => o.Id).Skip(skip).Take(take).ToListAsync();
            Assert.That(page, Is.EqualTo(all.Skip(skip).Take(take)));
            Assert.That(db.LastQuery, Does.Contain($"LIMIT {take}").And.Not.Contain("LIMIT @"));
        }
    }

    [Test]
    public async Task The_same_SQL_with_another_LIMIT_value_reads_that_many_rows()
    {
        await using var db = _db.Open();
        const string sql = "SELECT COUNT(*) FROM (SELECT 1 UNION ALL SELECT 2 UNION ALL SELECT 3 UNION ALL SELECT 4 LIMIT @n)";
        foreach (var n in new[] { 2, 3, 3, 1, 4 })
            Assert.That(await db.ExecuteAsync<int>(sql, new DataParameter("n", n)), Is.EqualTo(n));
    }
}
