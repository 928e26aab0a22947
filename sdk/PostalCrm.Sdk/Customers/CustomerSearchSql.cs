using System.Data;
using System.Globalization;
using System.Linq.Expressions;
using LinqToDB;
using LinqToDB.Mapping;
using PostalCrm.Sdk.Data;
using PostalCrm.Sdk.Security;

namespace PostalCrm.Sdk.Customers;

/// <summary>
/// The provider-specific SQL of the customer fuzzy search (ARCHITECTURE §5), kept in this one class so the rest of the
/// SDK stays portable (an Oracle provider would add its own branch here, e.g. Oracle Text, or fall back to plain LIKE).
/// <list type="bullet">
/// <item>PostgreSQL: <c>pg_trgm</c> GIN indexes on name, 简称 and code; the query stays a plain <c>LIKE '%k%'</c> and the
/// planner answers it from the indexes for keywords of 3+ characters (every branch of the OR is indexed, so it becomes
/// a BitmapOr instead of a sequential scan).</item>
/// <item>SQLite: an FTS5 table with the <c>trigram</c> tokenizer over name, 简称 and code (external content =
/// <c>business_customers</c>, kept in sync by triggers). A keyword of 3+ characters is matched there first and the
/// candidates are re-checked with the same LIKE, so the result is exactly the LIKE's. FTS5 trigram finds nothing (no
/// error) for 1–2 characters: 2-character keywords are looked up in a bigram side table (<see cref="BigramTable"/>,
/// kept by the same triggers, lower-cased as LIKE compares ASCII letters), 1 character goes to LIKE on the base table.</item>
/// </list>
/// </summary>
public static class CustomerSearchSql
{
    /// <summary>Shortest keyword (in Unicode characters) a trigram index can answer.</summary>
    public const int TrigramMinLength = 3;

    public const string FtsTable = "business_customers_fts";

    /// <summary>SQLite: every (lower-cased, as LIKE compares ASCII) 2-character substring of a customer's name, 简称 and code.</summary>
    public const string BigramTable = "business_customer_bigrams";

    /// <summary>SQLite: the numbers 1…<see cref="SeqMax"/>, to cut texts into bigrams inside a trigger (no CTE allowed there).</summary>
    public const string SeqTable = "postalcrm_seq";

    /// <summary>Longer than any searched column (name: 200 characters).</summary>
    public const int SeqMax = 400;

    /// <summary>The bigrams of a customer row (<c>new</c> or <c>old</c>) as a SELECT of (gram, customer id).</summary>
    private static string BigramsOf(string row) =>
        $"SELECT lower(substr(t.v, s.n, 2)) AS gram, {row}.id AS customer_id FROM "
        + $"(SELECT {row}.name AS v UNION ALL SELECT {row}.short_name UNION ALL SELECT {row}.code) t "
        + $"JOIN {SeqTable} s ON s.n < length(t.v)";

    private const string NameChanged = "(old.name IS NOT new.name OR old.short_name IS NOT new.short_name OR old.code IS NOT new.code)";

    private static readonly string[] SqliteUp =
    [
        $"CREATE VIRTUAL TABLE {FtsTable} USING fts5(name, short_name, code, content='business_customers', content_rowid='id', tokenize='trigram')",
        // 2-character keywords (ARCHITECTURE §5): FTS5 trigram cannot answer them; this side table can, kept by the same triggers.
        $"CREATE TABLE IF NOT EXISTS {SeqTable} (n INTEGER PRIMARY KEY)",
        $"INSERT OR IGNORE INTO {SeqTable}(n) WITH RECURSIVE s(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM s WHERE n < {SeqMax}) SELECT n FROM s",
        $"CREATE TABLE {BigramTable} (gram TEXT NOT NULL, customer_id INTEGER NOT NULL, PRIMARY KEY (gram, customer_id)) WITHOUT ROWID",
        $"""
        CREATE TRIGGER business_customers_fts_ai AFTER INSERT ON business_customers BEGIN
          INSERT INTO {FtsTable}(rowid, name, short_name, code) VALUES (new.id, new.name, new.short_name, new.code);
          INSERT OR IGNORE INTO {BigramTable}(gram, customer_id) {BigramsOf("new")};
        END
        """,
        $"""
        CREATE TRIGGER business_customers_fts_ad AFTER DELETE ON business_customers BEGIN
          INSERT INTO {FtsTable}({FtsTable}, rowid, name, short_name, code) VALUES ('delete', old.id, old.name, old.short_name, old.code);
          DELETE FROM {BigramTable} WHERE customer_id = old.id AND gram IN (SELECT gram FROM ({BigramsOf("old")}));
        END
        """,
        $"""
        CREATE TRIGGER business_customers_fts_au AFTER UPDATE ON business_customers BEGIN
          INSERT INTO {FtsTable}({FtsTable}, rowid, name, short_name, code) VALUES ('delete', old.id, old.name, old.short_name, old.code);
          INSERT INTO {FtsTable}(rowid, name, short_name, code) VALUES (new.id, new.name, new.short_name, new.code);
          DELETE FROM {BigramTable} WHERE {NameChanged} AND customer_id = old.id AND gram IN (SELECT gram FROM ({BigramsOf("old")}));
          INSERT OR IGNORE INTO {BigramTable}(gram, customer_id) SELECT gram, customer_id FROM ({BigramsOf("new")}) WHERE {NameChanged};
        END
        """,
        // Customers that existed before this migration.
        $"INSERT INTO {FtsTable}({FtsTable}) VALUES ('rebuild')",
        $"INSERT OR IGNORE INTO {BigramTable}(gram, customer_id) SELECT lower(substr(t.v, s.n, 2)), t.id FROM "
        + "(SELECT id, name AS v FROM business_customers UNION ALL SELECT id, short_name FROM business_customers UNION ALL SELECT id, code FROM business_customers) t "
        + $"JOIN {SeqTable} s ON s.n < length(t.v)",
    ];

    private static readonly string[] SqliteDown =
    [
        "DROP TRIGGER IF EXISTS business_customers_fts_au",
        "DROP TRIGGER IF EXISTS business_customers_fts_ad",
        "DROP TRIGGER IF EXISTS business_customers_fts_ai",
        $"DROP TABLE IF EXISTS {FtsTable}",
        $"DROP TABLE IF EXISTS {BigramTable}",
    ];

    // pg_trgm is a trusted extension (PostgreSQL 13+): the database owner may create it. The database must have a
    // non-C LC_CTYPE (e.g. C.UTF-8), or pg_trgm extracts no trigrams from Chinese text.
    private static readonly string[] PostgresUp =
    [
        "CREATE EXTENSION IF NOT EXISTS pg_trgm",
        "CREATE INDEX IF NOT EXISTS ix_business_customers_name_trgm ON business_customers USING gin (name gin_trgm_ops)",
        "CREATE INDEX IF NOT EXISTS ix_business_customers_short_name_trgm ON business_customers USING gin (short_name gin_trgm_ops)",
        "CREATE INDEX IF NOT EXISTS ix_business_customers_code_trgm ON business_customers USING gin (code gin_trgm_ops)",
    ];

    private static readonly string[] PostgresDown =
    [
        "DROP INDEX IF EXISTS ix_business_customers_code_trgm",
        "DROP INDEX IF EXISTS ix_business_customers_short_name_trgm",
        "DROP INDEX IF EXISTS ix_business_customers_name_trgm",
    ];

    /// <summary>Every distinct 2-character substring of a text; immutable, so it can back an expression index.</summary>
    public const string BigramFunction = "postalcrm_bigrams";

    private static readonly string[] PostgresBigramsUp =
    [
        "CREATE OR REPLACE FUNCTION " + BigramFunction + "(t text) RETURNS text[] LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS "
        + "$$ SELECT coalesce(array_agg(DISTINCT substr(t, i, 2)), '{}') FROM generate_series(1, char_length(t) - 1) AS i $$",
        $"CREATE INDEX IF NOT EXISTS ix_business_customers_name_bigrams ON business_customers USING gin ({BigramFunction}(name))",
        $"CREATE INDEX IF NOT EXISTS ix_business_customers_short_name_bigrams ON business_customers USING gin ({BigramFunction}(short_name))",
        $"CREATE INDEX IF NOT EXISTS ix_business_customers_code_bigrams ON business_customers USING gin ({BigramFunction}(code))",
    ];

    private static readonly string[] PostgresBigramsDown =
    [
        "DROP INDEX IF EXISTS ix_business_customers_code_bigrams",
        "DROP INDEX IF EXISTS ix_business_customers_short_name_bigrams",
        "DROP INDEX IF EXISTS ix_business_customers_name_bigrams",
        $"DROP FUNCTION IF EXISTS {BigramFunction}(text)",
    ];

    /// <summary>PostgreSQL only: the bigram function and its GIN indexes. Run by migration 2026112803.</summary>
    public static void InstallBigrams(IDbConnection connection, IDbTransaction? transaction) =>
        Run(connection, transaction, IsSqlite(connection) ? [] : PostgresBigramsUp);

    public static void UninstallBigrams(IDbConnection connection, IDbTransaction? transaction) =>
        Run(connection, transaction, IsSqlite(connection) ? [] : PostgresBigramsDown);

    /// <summary>Creates the search structures (and fills them from existing customers). Run by migration 2026112802.</summary>
    public static void Install(IDbConnection connection, IDbTransaction? transaction) =>
        Run(connection, transaction, IsSqlite(connection) ? SqliteUp : PostgresUp);

    public static void Uninstall(IDbConnection connection, IDbTransaction? transaction) =>
        Run(connection, transaction, IsSqlite(connection) ? SqliteDown : PostgresDown);

    /// <summary>SQLite: drops and creates the search structures again (migration 2026113003 adds the bigram side table so).</summary>
    public static void Reinstall(IDbConnection connection, IDbTransaction? transaction)
    {
        if (!IsSqlite(connection)) return;
        Run(connection, transaction, SqliteDown);
        Run(connection, transaction, SqliteUp);
    }

    /// <summary>
    /// The keyword as searched: control characters removed (a NUL breaks the FTS5 query on SQLite and any text
    /// parameter on PostgreSQL), then trimmed.
    /// </summary>
    public static string CleanKeyword(string? keyword) =>
        keyword is null ? "" : keyword.Any(char.IsControl) ? new string([.. keyword.Where(c => !char.IsControl(c))]).Trim() : keyword.Trim();

    /// <summary>Number of Unicode characters (a CJK extension character outside the BMP counts once, as in FTS5).</summary>
    public static int CharacterCount(string keyword) => keyword.EnumerateRunes().Count();

    /// <summary>The keyword as one FTS5 string (a phrase): wrapped in double quotes, inner quotes doubled; nothing else is special inside.</summary>
    public static string FtsPhrase(string keyword) => "\"" + keyword.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    /// <summary>
    /// The customers a keyword can match, narrowed by the trigram index where the provider needs an explicit one (SQLite
    /// FTS5, keyword of 3+ characters); otherwise the whole table, for the caller's LIKE. The caller always applies the
    /// LIKE itself, so the result equals a plain LIKE whichever path is taken.
    /// </summary>
    public static IQueryable<BusinessCustomer> Candidates(PostalDb db, string keyword)
    {
        keyword = CleanKeyword(keyword);
        var length = CharacterCount(keyword);
        if (db.IsPostgres && length == 2 && keyword.Length == 2)
        {
            // A name containing the 2-character keyword has it among its bigrams: the GIN indexes narrow (a BitmapOr
            // on one table — a self-join here made the planner scan with LIKE first), the caller's LIKE decides.
            return WithBigram(db.BusinessCustomers, keyword);
        }
        if (!db.IsPostgres && length == 2 && keyword.Length == 2)
        {
            // The bigram side table kept by the FTS triggers: one primary-key range per keyword; the caller's LIKE decides.
            // A mapped table, not FromSql: linq2db built a statement holding the raw SQL again on every run (records of a
            // city filtered by these candidates: 0.89 ms a statement in isolation on SQLite, 0.27 ms with the table).
            var gram = new SqlText(AsciiLower(keyword));
            return from h in db.GetTable<BigramRow>()
                   where KeptSql.Equal(h.Gram, gram)
                   join c in db.BusinessCustomers on h.CustomerId equals c.Id
                   select c;
        }
        if (db.IsPostgres || length < TrigramMinLength) return db.BusinessCustomers;
        // The phrase as a KeptSql parameter: as a string one, linq2db built the statement's SQL again on every run.
        var hits = db.FromSql<FtsHit>(
            "SELECT rowid AS hit_id FROM " + FtsTable + " WHERE " + FtsTable + " MATCH {0}", new SqlText(FtsPhrase(keyword)));
        return from h in hits
               join c in db.BusinessCustomers on h.HitId equals c.Id
               select c;
    }

    /// <summary>
    /// A list's customers narrowed to those whose name or 简称 the keyword can match, through the search index where one
    /// answers it (<see cref="UsesIndex"/>), else unchanged; the caller applies the LIKE on name and 简称. On PostgreSQL
    /// the bigram test goes on the list's own rows: as a semi-join through a second copy of the table the planner
    /// scanned the scope with the LIKE (a city's 10,000 customers, 3.1 ms) instead of the bigram indexes (0.8 ms). It
    /// leaves the code's bigram index out (the LIKE never looks at the code): its estimate (1,000 rows, no statistics) made
    /// the planner AND the bigrams with the city's whole index range (10,000 entries), 0.4–0.7 ms a statement warm
    /// against 0.05–0.07 ms without it.
    /// </summary>
    public static IQueryable<BusinessCustomer> Narrow(PostalDb db, IQueryable<BusinessCustomer> customers, string keyword)
    {
        keyword = CleanKeyword(keyword);
        if (!UsesIndex(db, keyword)) return customers;
        if (db.IsPostgres) return customers.Where(c => HasBigram(c.Name, Sql.Constant(keyword)) || HasBigram(c.ShortName, Sql.Constant(keyword)));
        var hits = Candidates(db, keyword).Select(c => c.Id);
        return customers.Where(c => hits.Contains(c.Id));
    }

    /// <summary>
    /// <see cref="Narrow"/> for a filter whose LIKE also looks at the code (商务客户代码), SDK 1.17. On PostgreSQL the bigram
    /// test goes on the list's own rows, code included: as a semi-join through a second copy of the table (Candidates) the
    /// planner read a city's scope first — 客户用邮手工逐笔录入 with 2 characters spent 130–180 ms a statement.
    /// </summary>
    public static IQueryable<BusinessCustomer> NarrowWithCode(PostalDb db, IQueryable<BusinessCustomer> customers, string keyword)
    {
        keyword = CleanKeyword(keyword);
        if (!UsesIndex(db, keyword)) return customers;
        if (db.IsPostgres) return WithBigram(customers, keyword);
        var hits = Candidates(db, keyword).Select(c => c.Id);
        return customers.Where(c => hits.Contains(c.Id));
    }

    /// <summary>
    /// A filter's LIKE: name or 简称 — and the code when <paramref name="withCode"/> — contains the keyword (SDK 1.18). On
    /// PostgreSQL the keyword is written into the statement (Sql.Constant): a reused generic plan would lose the trigram and
    /// bigram indexes. On SQLite it is a <see cref="KeptSql"/> parameter (SDK 1.19): no index answers the LIKE there (the
    /// FTS5 and bigram candidates narrow first), and a keyword in the text — or as a plain string parameter — makes linq2db
    /// build the statement's SQL again on every run (43 % of 客户用邮手工逐笔录入's CPU with a keyword).
    /// </summary>
    public static Expression<Func<BusinessCustomer, bool>> Like(PostalDb db, string keyword, bool withCode)
    {
        keyword = CleanKeyword(keyword);
        if (db.IsPostgres)
        {
            return withCode
                ? c => c.Name.Contains(Sql.Constant(keyword)) || c.ShortName.Contains(Sql.Constant(keyword)) || c.Code.Contains(Sql.Constant(keyword))
                : c => c.Name.Contains(Sql.Constant(keyword)) || c.ShortName.Contains(Sql.Constant(keyword));
        }
        var pattern = KeptSql.ContainsPattern(keyword);
        return withCode
            ? c => KeptSql.Contains(c.Name, pattern) || KeptSql.Contains(c.ShortName, pattern) || KeptSql.Contains(c.Code, pattern)
            : c => KeptSql.Contains(c.Name, pattern) || KeptSql.Contains(c.ShortName, pattern);
    }

    /// <summary>At most this many customers matching a list's customer filter are read first (<see cref="RecordsOfCustomersAsync{T}"/>).</summary>
    public const int FewCustomers = 500;

    /// <summary>
    /// The records (contracts, usage records …) of the customers in <paramref name="matching"/> — a list's filter by customer
    /// name or code, <paramref name="matching"/> being <see cref="Candidates"/> with the filter's LIKE (SDK 1.18). On
    /// PostgreSQL the matching customers are read first and, when they are at most <paramref name="few"/>, the records are
    /// filtered by their ids as one array parameter (<c>customer_id = ANY(@ids)</c>: an index probe each, and SQL rendered
    /// once) and <see cref="CustomerFilteredRecords{T}.Few"/> says so — cut the page from them directly, not unit by unit.
    /// Why: PostgreSQL has no statistics for a bigram that no code holds and estimates the code's bigram index at 1,000 rows,
    /// so as a semi-join it walked every contract of a city probing each one's customer (2.3 ms a statement for the 10
    /// contracts of a keyword's 46 customers, against 0.2 ms). With more matches, and on SQLite, the semi-join.
    /// </summary>
    public static async Task<CustomerFilteredRecords<T>> RecordsOfCustomersAsync<T>(PostalDb db, IQueryable<T> records,
        Expression<Func<T, int>> customerOf, IQueryable<BusinessCustomer> matching, int few = FewCustomers)
    {
        var matchingIds = matching.Select(c => c.Id);
        if (db.IsPostgres)
        {
            var ids = await matchingIds.Take(few + 1).ToArrayAsync();
            var array = new SqlIdArray(ids);
            if (ids.Length <= few) return new(records.Where(Predicates.Compose(customerOf, id => KeptSql.IsAnyOf(id, array))), true);
        }
        return new(records.Where(Predicates.Compose(customerOf, id => matchingIds.Contains(id))), false);
    }

    /// <summary>PostgreSQL: <c>value = ANY(values)</c>, the array passed as one parameter (SDK 1.18; <see cref="KeptSql.IsAnyOf"/> keeps the statement's SQL).</summary>
    [Sql.Expression("{0} = ANY({1})", ServerSideOnly = true, IsPredicate = true)]
    public static bool IsAnyOf(int value, int[] values) => throw new InvalidOperationException("server-side only");

    /// <summary>PostgreSQL: name, 简称 or code has the 2-character keyword among its bigrams (a BitmapOr over three GIN indexes).</summary>
    private static IQueryable<BusinessCustomer> WithBigram(IQueryable<BusinessCustomer> customers, string bigram) =>
        customers.Where(c => HasBigram(c.Name, Sql.Constant(bigram)) || HasBigram(c.ShortName, Sql.Constant(bigram)) || HasBigram(c.Code, Sql.Constant(bigram)));

    /// <summary>
    /// True when <see cref="Candidates"/> narrows through an explicit index for this keyword (SQLite FTS5 / bigram table,
    /// PostgreSQL bigram GIN), so a list filter should semi-join it; otherwise the LIKE alone is the query (PostgreSQL
    /// answers 3+ characters from the pg_trgm indexes by itself; 1 character has no index).
    /// </summary>
    public static bool UsesIndex(PostalDb db, string keyword)
    {
        keyword = CleanKeyword(keyword);
        var length = CharacterCount(keyword);
        return length == 2 && keyword.Length == 2 || !db.IsPostgres && length >= TrigramMinLength;
    }

    /// <summary>PostgreSQL: <c>postalcrm_bigrams(column) @&gt; ARRAY[bigram]</c>, answered by the bigram GIN index of the column.</summary>
    [Sql.Expression("postalcrm_bigrams({0}) @> ARRAY[{1}]::text[]", ServerSideOnly = true, IsPredicate = true)]
    public static bool HasBigram(string column, string bigram) => throw new InvalidOperationException("server-side only");

    private static bool IsSqlite(IDbConnection connection) => connection is Microsoft.Data.Sqlite.SqliteConnection;

    private static void Run(IDbConnection connection, IDbTransaction? transaction, IEnumerable<string> statements)
    {
        foreach (var sql in statements)
        {
            using var cmd = connection.CreateCommand();
            cmd.Transaction = transaction;
            cmd.CommandText = sql;
            cmd.ExecuteNonQuery();
        }
    }

    /// <summary>The keyword as the bigram table stores it: SQLite's lower() folds ASCII letters only.</summary>
    private static string AsciiLower(string keyword) =>
        string.Create(keyword.Length, keyword, static (span, k) =>
        {
            for (var i = 0; i < k.Length; i++) span[i] = k[i] is >= 'A' and <= 'Z' ? (char)(k[i] + ('a' - 'A')) : k[i];
        });

    /// <summary>SQLite: one row of the bigram side table (<see cref="BigramTable"/>).</summary>
    [Table(BigramTable)]
    public sealed class BigramRow
    {
        [Column("gram"), NotNull] public string Gram { get; set; } = "";
        [Column("customer_id")] public int CustomerId { get; set; }
    }

    /// <summary>One FTS5 hit: the rowid (= business_customers.id).</summary>
    [Table]
    public sealed class FtsHit
    {
        [Column("hit_id")] public int HitId { get; set; }

        public override string ToString() => HitId.ToString(CultureInfo.InvariantCulture);
    }
}

/// <summary>A list's records filtered by customer (<see cref="CustomerSearchSql.RecordsOfCustomersAsync{T}"/>); <see cref="Few"/>: by a short id list.</summary>
public sealed record CustomerFilteredRecords<T>(IQueryable<T> Records, bool Few);
