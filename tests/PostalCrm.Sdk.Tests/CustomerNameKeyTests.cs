using LinqToDB.Data;
using System.Data.Common;
using PostalCrm.Sdk.Customers;
using PostalCrm.Sdk.Data;
using PostalCrm.Testing;

namespace PostalCrm.Sdk.Tests;

/// <summary>One customer per name under any spelling (F-3.1, F-3.3, F-3.10): the key, the unique index, the backfill.</summary>
public class CustomerNameKeyTests
{
    [TestCase("武汉（光谷）科技有限公司", "武汉(光谷)科技有限公司")]
    [TestCase("武汉 光谷科技 有限公司", "武汉光谷科技有限公司")]
    [TestCase("武汉\u3000光谷科技有限公司", "武汉光谷科技有限公司")]
    [TestCase("ＡＢＣ物流有限公司", "abc物流有限公司")]
    [TestCase("Abc物流有限公司", "aBC物流有限公司")]
    [TestCase("武汉【光谷】科技有限公司", "武汉[光谷]科技有限公司")]
    [TestCase("武汉〔光谷〕科技有限公司", "武汉(光谷)科技有限公司")]
    [TestCase("１２３仓储有限公司", "123仓储有限公司")]
    public void F_3_1_spellings_of_one_name_have_one_key(string a, string b) =>
        Assert.That(CustomerNames.Key(a), Is.EqualTo(CustomerNames.Key(b)).And.Not.Empty);

    [TestCase("武汉光谷科技有限公司", "武汉光谷科技有限责任公司")]
    [TestCase("武汉光谷科技有限公司", "武昌光谷科技有限公司")]
    [TestCase("华信科技有限公司", "华_信科技有限公司")]
    public void F_3_1_different_names_keep_different_keys(string a, string b) =>
        Assert.That(CustomerNames.Key(a), Is.Not.EqualTo(CustomerNames.Key(b)));

    [Test]
    public void F_3_1_the_key_is_computed_from_the_name_whatever_was_set() =>
        Assert.That(new BusinessCustomer { Name = "Ｘ（测试） 公司", NameKey = "ignored" }.NameKey, Is.EqualTo("x(测试)公司"));
}

[TestFixtureSource(typeof(TestDatabase), nameof(TestDatabase.Providers))]
public class CustomerNameKeyDatabaseTests(DatabaseProvider provider)
{
    private TestDatabase _db = null!;
    private int _city, _district, _user;

    [OneTimeSetUp]
    public async Task Create()
    {
        _db = await Migrated.CreateAsync(provider);
        using var db = _db.Open();
        _city = await db.OrgUnits.Where(u => u.Name == "武汉市").Select(u => u.Id).FirstAsync();
        _district = await db.OrgUnits.Where(u => u.Name == "江岸区").Select(u => u.Id).FirstAsync();
        _user = await db.Users.Where(u => u.Login == DemoUsers.JiangAnCm1).Select(u => u.Id).FirstAsync();
    }

    [OneTimeTearDown] public void Drop() => _db.Dispose();

    private BusinessCustomer Customer(string name) => new()
    {
        Code = "K" + Guid.NewGuid().ToString("N")[..10], Name = name, ShortName = name[..4], CityOrgId = _city, DistrictOrgId = _district,
        CreatedBy = _user, CreatedAt = new DateTime(2026, 11, 30, 0, 0, 0, DateTimeKind.Utc),
    };

    private static string Unique() => Guid.NewGuid().ToString("N")[..6];

    [Test]
    public async Task F_3_3_the_database_refuses_a_second_customer_with_the_same_name_in_another_spelling()
    {
        var tag = Unique();
        using var db = _db.Open();
        var id = await db.InsertWithInt32IdentityAsync(Customer($"武汉（{tag}）科技有限公司"));
        Assert.That(await db.BusinessCustomers.Where(c => c.Id == id).Select(c => c.NameKey).FirstAsync(), Is.EqualTo($"武汉({tag})科技有限公司"),
            "the key is written with the row");

        await Assert.ThrowsAsync(Is.InstanceOf<DbException>(), async () => await db.InsertAsync(Customer($"武汉 ({tag.ToUpperInvariant()}) 科技有限公司")));
        var key = $"武汉({tag})科技有限公司";
        Assert.That(await db.BusinessCustomers.CountAsync(c => c.NameKey == key), Is.EqualTo(1));
    }

    [Test]
    public async Task F_3_10_a_bulk_copy_with_a_name_already_taken_is_refused()
    {
        var tag = Unique();
        using var db = _db.Open();
        await db.InsertAsync(Customer($"批量{tag}商贸有限公司"));
        var before = await db.BusinessCustomers.LongCountAsync();
        await Assert.ThrowsAsync(Is.InstanceOf<DbException>(), async () =>
        {
            await using var tx = await db.BeginTransactionAsync();
            await db.BulkCopyAsync(new BulkCopyOptions { BulkCopyType = BulkCopyType.ProviderSpecific },
                [Customer($"批量{tag}物流有限公司"), Customer($"批量 {tag} 商贸有限公司")]);
            await tx.CommitAsync();
        });
        Assert.That(await db.BusinessCustomers.LongCountAsync(), Is.EqualTo(before), "nothing of the batch stays");
    }

    [Test]
    public async Task F_3_3_the_backfill_keys_old_rows_and_keeps_duplicates_made_before_the_rule_apart()
    {
        var tag = Unique();
        using var db = _db.Open();
        var first = await db.InsertWithInt32IdentityAsync(Customer($"旧数据{tag}有限公司"));
        var second = await db.InsertWithInt32IdentityAsync(Customer($"旧数据{tag}分公司"));
        // As rows were before the column existed: no key, and the second spelled like the first (full-width brackets aside).
        await db.BusinessCustomers.Where(c => c.Id == first || c.Id == second).Set(c => c.NameKey, (string)null!).UpdateAsync();
        await db.BusinessCustomers.Where(c => c.Id == second).Set(c => c.Name, $"旧数据 {tag} 有限公司").UpdateAsync();

        NameKeyBackfill.Run(db.OpenDbConnection(), db.Transaction, "business_customers", "name", "name_key", uniqueByRow: true);

        var keys = await db.BusinessCustomers.Where(c => c.Id == first || c.Id == second).OrderBy(c => c.Id).Select(c => c.NameKey).ToListAsync();
        Assert.That(keys, Is.EqualTo(new[] { $"旧数据{tag}有限公司", $"旧数据{tag}有限公司#{second}" }));
        await Assert.ThrowsAsync(Is.InstanceOf<DbException>(), async () => await db.InsertAsync(Customer($"旧数据{tag}有限公司")),
            "no third customer takes the name");
    }
}
