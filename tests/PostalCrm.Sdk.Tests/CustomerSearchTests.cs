using LinqToDB.Data;
using PostalCrm.Sdk.Customers;
using PostalCrm.Sdk.Data;
using PostalCrm.Sdk.Security;
using PostalCrm.Testing;

namespace PostalCrm.Sdk.Tests;

/// <summary>
/// Customer fuzzy search through the trigram indexes (FTS5 trigram on SQLite, pg_trgm on PostgreSQL): whatever the path,
/// the result is exactly a plain LIKE '%keyword%' over name, 简称 and code with the keyword's wildcards escaped.
/// </summary>
[TestFixtureSource(typeof(TestDatabase), nameof(TestDatabase.Providers))]
public class CustomerSearchTests(DatabaseProvider provider)
{
    private const int RandomCustomers = 3000;
    private TestDatabase _db = null!;
    private int _city;
    private int _district;
    private int _user;
    private List<string> _texts = null!;

    private static readonly string[] SpecialNames =
    [
        "100%纯净水有限公司", "1000号仓储有限公司", "华_信科技有限公司", "华达信息技术有限公司", "O'Brien商贸有限公司",
        "\"引号\"文化传媒有限公司", "波浪~号物流有限公司", "反斜杠\\电子有限公司", "方括号[华信]科技有限公司", "星号*通配符有限公司",
        "Code:Colon 贸易行", "NEAR(华信) OR 科技有限公司",
    ];

    [OneTimeSetUp]
    public async Task Create()
    {
        _db = await Migrated.CreateAsync(provider);
        using var db = _db.Open();
        _city = await db.OrgUnits.Where(u => u.Name == "武汉市").Select(u => u.Id).FirstAsync();
        _district = await db.OrgUnits.Where(u => u.Name == "江岸区").Select(u => u.Id).FirstAsync();
        _user = await db.Users.Where(u => u.Login == DemoUsers.JiangAnCm1).Select(u => u.Id).FirstAsync();
        var names = new CustomerSearchNames(20261128);
        var customers = Enumerable.Range(1, RandomCustomers).Select(i => names.Next(i, _city, _district, _user)).ToList();
        customers.AddRange(SpecialNames.Select((n, i) => new BusinessCustomer
        {
            Code = $"S{i:D3}", Name = n, ShortName = n[..Math.Min(6, n.Length)], CityOrgId = _city, DistrictOrgId = _district, CreatedBy = _user,
        }));
        await db.BulkCopyAsync(new BulkCopyOptions { BulkCopyType = db.IsPostgres ? BulkCopyType.ProviderSpecific : BulkCopyType.MultipleRows }, customers);
        _texts = [.. customers.SelectMany(c => new[] { c.Name, c.ShortName, c.Code })];
    }

    [OneTimeTearDown] public void Drop() => _db.Dispose();

    private async Task<List<int>> FindIdsAsync(string keyword)
    {
        using var db = _db.Open();
        var user = await Users.AsAsync(db, DemoUsers.YichangCm1);
        var found = await new CustomerDirectory(db, user, new DataScope(user, db), []).FindAsync(keyword, int.MaxValue);
        return [.. found.Select(c => c.Id).Order()];
    }

    /// <summary>The reference: a plain LIKE on the base table, written by hand with its own escaping.</summary>
    private List<int> PlainLike(string keyword)
    {
        using var db = _db.Open();
        var pattern = "%" + keyword.Trim().Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal)
            .Replace("_", "\\_", StringComparison.Ordinal) + "%";
        return [.. db.Query<int>(
            "SELECT id FROM business_customers WHERE name LIKE @p ESCAPE '\\' OR short_name LIKE @p ESCAPE '\\' OR code LIKE @p ESCAPE '\\'",
            new DataParameter("p", pattern, DataType.NVarChar)).Order()];
    }

    /// <summary>
    /// PostgreSQL keeps one generic plan for a statement it has run five times; a keyword passed as a parameter would lose
    /// the trigram and bigram indexes there (the 2-character search fell to 12 req/s on the province), so the keyword is
    /// part of the statement's text. SQLite's plans do not depend on it: there it is a parameter, so linq2db keeps the SQL.
    /// </summary>
    [TestCase("丰长")]
    [TestCase("丰长供")]
    public async Task The_keyword_is_written_into_the_statement_on_PostgreSQL_so_a_reused_plan_keeps_the_search_indexes(string keyword)
    {
        using var db = _db.Open();
        var user = await Users.AsAsync(db, DemoUsers.YichangCm1);
        await new CustomerDirectory(db, user, new DataScope(user, db), []).FindAsync(keyword, 20);
        Assert.That(db.LastQuery!.Contains(keyword, StringComparison.Ordinal), Is.EqualTo(db.IsPostgres), db.LastQuery);
    }

    [TestCase(1)]
    [TestCase(2)]
    [TestCase(3)]
    [TestCase(4)]
    public async Task Results_equal_a_plain_LIKE_for_keywords_of_every_length(int length)
    {
        var gen = new CustomerSearchNames(length * 7919);
        var keywords = Enumerable.Range(0, 40).Select(_ => gen.CutFrom(_texts, length))
            .Concat(Enumerable.Range(0, 10).Select(_ => gen.RandomKeyword(length))).Distinct().ToList();
        var nonEmpty = 0;
        foreach (var k in keywords)
        {
            var expected = PlainLike(k);
            Assert.That(await FindIdsAsync(k), Is.EqualTo(expected), $"keyword \"{k}\"");
            if (expected.Count > 0) nonEmpty++;
        }
        Assert.That(nonEmpty, Is.GreaterThan(30), "most keywords cut from names find something: the comparison is not vacuous");
    }

    [TestCase("tr")]
    [TestCase("Tr")]
    [TestCase("TR")]
    [TestCase("s0")]
    [TestCase("co")]
    [TestCase("Co")]
    [TestCase("ol")]
    [TestCase(" 贸")]
    [TestCase("%纯")]
    [TestCase("_信")]
    [TestCase("\\电")]
    public async Task Two_character_keywords_equal_a_plain_LIKE_in_any_ASCII_case_and_with_wildcards(string keyword)
    {
        using (var db = _db.Open())
            await db.InsertAsync(new BusinessCustomer { Code = "TRG-CASE", Name = "大小写Trade测试有限公司", ShortName = "大小写", CityOrgId = _city, DistrictOrgId = _district, CreatedBy = _user });
        try
        {
            var expected = PlainLike(keyword);
            Assert.That(await FindIdsAsync(keyword), Is.EqualTo(expected), $"keyword \"{keyword}\"");
        }
        finally
        {
            using var db = _db.Open();
            await db.BusinessCustomers.Where(c => c.Code == "TRG-CASE").DeleteAsync();
        }
    }

    [TestCase("%", "100%纯净水有限公司")]
    [TestCase("100%", "100%纯净水有限公司")]
    [TestCase("_", "华_信科技有限公司")]
    [TestCase("华_信", "华_信科技有限公司")]
    [TestCase("O'Brien", "O'Brien商贸有限公司")]
    [TestCase("'", "O'Brien商贸有限公司")]
    [TestCase("\"引号\"", "\"引号\"文化传媒有限公司")]
    [TestCase("\"", "\"引号\"文化传媒有限公司")]
    [TestCase("~号", "波浪~号物流有限公司")]
    [TestCase("杠\\电", "反斜杠\\电子有限公司")]
    [TestCase("[华信]", "方括号[华信]科技有限公司")]
    [TestCase("号*通", "星号*通配符有限公司")]
    [TestCase("Code:Colon", "Code:Colon 贸易行")]
    [TestCase("NEAR(华信) OR", "NEAR(华信) OR 科技有限公司")]
    public async Task Wildcards_quotes_and_FTS_syntax_in_the_keyword_are_taken_literally(string keyword, string onlyName)
    {
        using var db = _db.Open();
        var id = await db.BusinessCustomers.Where(c => c.Name == onlyName).Select(c => c.Id).SingleAsync();
        var found = await FindIdsAsync(keyword);
        Assert.That(found, Is.EqualTo(PlainLike(keyword)));
        Assert.That(found, Is.EqualTo(new[] { id }), $"\"{keyword}\" matches only the name that literally contains it");
    }

    /// <summary>A filter's LIKE (SDK 1.18) finds what a plain LIKE finds, wildcards, quotes and the escape taken literally.</summary>
    [TestCase("丰长")]
    [TestCase("丰长供")]
    [TestCase("100%")]
    [TestCase("华_信")]
    [TestCase("~号")]
    [TestCase("杠\\电")]
    [TestCase("O'Brien")]
    public async Task A_filters_LIKE_equals_a_plain_LIKE(string keyword)
    {
        using var db = _db.Open();
        var found = await CustomerSearchSql.Candidates(db, keyword).Where(CustomerSearchSql.Like(db, keyword, withCode: true))
            .Select(c => c.Id).OrderBy(id => id).ToListAsync();
        Assert.That(found, Is.EqualTo(PlainLike(keyword)));
    }

    /// <summary>
    /// PostgreSQL has a filter's keyword in the statement (its reused plans keep the indexes); SQLite has it as a parameter,
    /// so linq2db renders the statement's SQL once, not on every request.
    /// </summary>
    [TestCase("丰长")]
    [TestCase("丰长供")]
    public async Task A_filters_keyword_is_in_the_statement_on_PostgreSQL_and_a_parameter_on_SQLite(string keyword)
    {
        using var db = _db.Open();
        await CustomerSearchSql.Candidates(db, keyword).Where(CustomerSearchSql.Like(db, keyword, withCode: false)).Select(c => c.Id).ToListAsync();
        Assert.That(db.LastQuery!.Contains(keyword, StringComparison.Ordinal), Is.EqualTo(db.IsPostgres), db.LastQuery);
    }

    private const string Moderate = "a bigram of 10 to 100 names";
    private const string ModerateTrigram = "a trigram of 10 to 100 names";

    /// <summary>The first 2 CJK characters (in order) that 10 to 100 of the generated names hold.</summary>
    private string ModerateBigram() => ModerateGram(2);

    /// <summary>The first <paramref name="length"/> CJK characters (in order) that 10 to 100 of the generated names hold.</summary>
    private string ModerateGram(int length) =>
        _texts.SelectMany(t => Enumerable.Range(0, Math.Max(0, t.Length - length + 1)).Select(i => t.Substring(i, length)))
            .Where(g => g.All(ch => ch >= '\u4e00' && ch <= '\u9fff'))
            .GroupBy(g => g).Where(g => g.Count() is >= 10 and <= 100).Select(g => g.Key).Order(StringComparer.Ordinal).First();

    /// <summary>
    /// A list's filter by customer (SDK 1.18): the records are those of the customers a plain LIKE finds, whether PostgreSQL
    /// reads the matching customers first (at most <c>few</c> of them, passed as one array) or the semi-join decides (more,
    /// and always on SQLite).
    /// </summary>
    [TestCase("有限", 1)]
    [TestCase("有限", CustomerSearchSql.FewCustomers)]
    [TestCase(Moderate, 1)]
    [TestCase(Moderate, CustomerSearchSql.FewCustomers)]
    [TestCase("龘龘", CustomerSearchSql.FewCustomers)]
    public async Task Records_of_the_customers_a_keyword_matches_equal_a_plain_LIKE_read_first_or_not(string keyword, int few)
    {
        using var db = _db.Open();
        if (keyword == Moderate) keyword = ModerateBigram();
        var expected = PlainLike(keyword);
        if (keyword != "龘龘") Assert.That(expected, Has.Count.GreaterThan(1), keyword);
        var matching = CustomerSearchSql.Candidates(db, keyword)
            .Where(c => c.Name.Contains(Sql.Constant(keyword)) || c.ShortName.Contains(Sql.Constant(keyword)) || c.Code.Contains(Sql.Constant(keyword)));
        // The records here are the customers themselves, each naming itself by its id.
        var filtered = await CustomerSearchSql.RecordsOfCustomersAsync(db, db.BusinessCustomers, c => c.Id, matching, few);

        Assert.That(filtered.Few, Is.EqualTo(db.IsPostgres && expected.Count <= few), $"{expected.Count} customers match");
        Assert.That(await filtered.Records.Select(c => c.Id).OrderBy(id => id).ToListAsync(), Is.EqualTo(expected));
    }

    /// <summary>
    /// A list's page filtered by a keyword keeps its SQL (KeptSql, SDK 1.19): run again with another keyword, linq2db builds
    /// none of its statements on SQLite, and on PostgreSQL only the read of the matching customers, which has the keyword in
    /// its text for the planner. A string parameter or a literal keyword in the page made linq2db build it on every run.
    /// </summary>
    [TestCase("丰长", Moderate)]
    [TestCase("丰长供", ModerateTrigram)]
    public async Task A_page_filtered_by_a_keyword_is_built_once(string first, string then)
    {
        using var db = _db.Open();
        if (then == Moderate) then = ModerateBigram();
        if (then == ModerateTrigram) then = ModerateGram(3);
        async Task<List<int>> Page(string keyword)
        {
            var matching = CustomerSearchSql.Candidates(db, keyword).Where(CustomerSearchSql.Like(db, keyword, withCode: true));
            var filtered = await CustomerSearchSql.RecordsOfCustomersAsync(db, db.BusinessCustomers, c => c.Id, matching);
            return await filtered.Records.OrderByDescending(c => c.Id).Select(c => c.Id).Skip(0).Take(20).ToListAsync();
        }
        await Page(first);
        List<int> page = [];
        var built = await SqlBuilds.CountAsync(async () => page = await Page(then));

        Assert.That(page, Is.EqualTo(PlainLike(then).OrderDescending().Take(20)), then);
        Assert.That(built, Is.EqualTo(db.IsPostgres ? 1 : 0), "statements built on the second run");
    }

    [Test]
    public async Task Customers_inserted_updated_and_deleted_after_the_migration_are_found_accordingly()
    {
        using var db = _db.Open();
        var id = await db.InsertWithInt32IdentityAsync(new BusinessCustomer
        {
            Code = "TRG-0001", Name = "武汉琥珀蜻蜓文具有限公司", ShortName = "琥珀蜻蜓", CityOrgId = _city, DistrictOrgId = _district, CreatedBy = _user,
        });
        Assert.That(await FindIdsAsync("琥珀蜻蜓文具"), Is.EqualTo(new[] { id }), "inserted");
        Assert.That(await FindIdsAsync("TRG-00"), Is.EqualTo(new[] { id }), "found by code");
        Assert.That(await FindIdsAsync("琥珀"), Is.EqualTo(new[] { id }), "inserted (2-character path)");

        await db.BusinessCustomers.Where(c => c.Id == id).Set(c => c.Name, "武汉翡翠螳螂文具有限公司").Set(c => c.ShortName, "翡翠螳螂").UpdateAsync();
        Assert.That(await FindIdsAsync("琥珀蜻蜓"), Is.Empty, "the old name is gone");
        Assert.That(await FindIdsAsync("翡翠螳螂文"), Is.EqualTo(new[] { id }), "updated");
        Assert.That(await FindIdsAsync("琥珀"), Is.Empty, "the old name is gone (2-character path)");
        Assert.That(await FindIdsAsync("螳螂"), Is.EqualTo(new[] { id }), "updated (2-character path)");
        await db.BusinessCustomers.Where(c => c.Id == id).Set(c => c.Developed, true).UpdateAsync();
        Assert.That(await FindIdsAsync("螳螂"), Is.EqualTo(new[] { id }), "an update of another column keeps the bigrams");

        await db.BusinessCustomers.Where(c => c.Id == id).DeleteAsync();
        Assert.That(await FindIdsAsync("翡翠螳螂"), Is.Empty, "deleted");
        Assert.That(await FindIdsAsync("翡翠螳"), Is.Empty, "deleted (2-character path)");
    }

    [Test]
    public async Task The_migration_indexes_customers_that_existed_before_it()
    {
        using var db = _db.Open();
        db.BeginTransaction();
        CustomerSearchSql.Uninstall(db.OpenDbConnection(), db.Transaction);
        var id = await db.InsertWithInt32IdentityAsync(new BusinessCustomer
        {
            Code = "OLD-0001", Name = "宜昌麒麟砚台工艺品有限公司", ShortName = "麒麟砚台", CityOrgId = _city, DistrictOrgId = _district, CreatedBy = _user,
        });
        CustomerSearchSql.Install(db.OpenDbConnection(), db.Transaction);
        await db.CommitTransactionAsync();

        Assert.That(await FindIdsAsync("麒麟砚台工艺"), Is.EqualTo(new[] { id }));
        Assert.That(await FindIdsAsync("宜昌麒"), Is.EqualTo(PlainLike("宜昌麒")));
        Assert.That(await FindIdsAsync("有限公司"), Has.Count.EqualTo(PlainLike("有限公司").Count).And.Count.GreaterThan(RandomCustomers / 2));
    }

    [Test]
    public async Task Keywords_of_three_characters_are_answered_by_the_trigram_index()
    {
        using var db = _db.Open();
        if (db.IsPostgres)
        {
            // The planner may prefer a scan on a small table — of the table, or of a b-tree holding the name such as
            // (district_org_id, name, id), filtered row by row (it did in one CI run) — so only a bitmap scan is left open:
            // a b-tree has no condition to offer a '%…%' LIKE, the trigram index has. With a C ctype pg_trgm would extract
            // no trigrams from Chinese and the index could not be used.
            await db.ExecuteAsync("SET enable_seqscan = off");
            await db.ExecuteAsync("SET enable_indexscan = off");
            await db.ExecuteAsync("SET enable_indexonlyscan = off");
            var plan = string.Join("\n", db.Query<string>("EXPLAIN SELECT id FROM business_customers WHERE name LIKE '%华信科%'"));
            Assert.That(plan, Does.Contain("ix_business_customers_name_trgm"), plan);
        }
        else
        {
            var ftsRows = await db.ExecuteAsync<long>("SELECT count(*) FROM " + CustomerSearchSql.FtsTable + " WHERE " + CustomerSearchSql.FtsTable + " MATCH '\"有限公司\"'");
            Assert.That(ftsRows, Is.EqualTo(PlainLike("有限公司").Count));
            Assert.That(await CustomerSearchSql.Candidates(db, "有限公司").CountAsync(), Is.EqualTo(ftsRows));
            Assert.That(db.LastQuery, Does.Contain("MATCH"), "3+ characters go through the FTS table");
            await CustomerSearchSql.Candidates(db, "公司").CountAsync();
            Assert.That(db.LastQuery, Does.Not.Contain("MATCH").And.Contain(CustomerSearchSql.BigramTable), "2 characters go to the bigram side table");
            await CustomerSearchSql.Candidates(db, "司").CountAsync();
            Assert.That(db.LastQuery, Does.Not.Contain("MATCH").And.Not.Contain(CustomerSearchSql.BigramTable), "1 character goes to the base table");
            var twoChars = await db.ExecuteAsync<long>("SELECT count(*) FROM " + CustomerSearchSql.FtsTable + " WHERE " + CustomerSearchSql.FtsTable + " MATCH '\"公司\"'");
            Assert.That(twoChars, Is.Zero, "FTS5 trigram finds nothing for 2 characters: why those go to the bigram table");
        }
    }
}
