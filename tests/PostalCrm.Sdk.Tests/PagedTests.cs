using System.Data.Common;
using LinqToDB.Common;
using LinqToDB.Data;
using LinqToDB.Interceptors;
using PostalCrm.Sdk.Customers;
using PostalCrm.Sdk.Data;
using PostalCrm.Sdk.Lists;
using PostalCrm.Testing;

namespace PostalCrm.Sdk.Tests;

/// <summary>Paged.OfPageFirstAsync (SDK 1.18): the asked page first; a short page settles the total without a count statement.</summary>
[TestFixtureSource(typeof(TestDatabase), nameof(TestDatabase.Providers))]
public class PagedTests(DatabaseProvider provider)
{
    private const string Prefix = "PGT";
    private const int Rows = 45;
    private TestDatabase _db = null!;

    [OneTimeSetUp]
    public async Task Create()
    {
        _db = await Migrated.CreateAsync(provider);
        using var db = _db.Open();
        var district = await db.OrgUnits.Where(u => u.Name == "江岸区").Select(u => u.Id).FirstAsync();
        var city = await db.OrgUnits.Where(u => u.Name == "武汉市").Select(u => u.Id).FirstAsync();
        var user = await db.Users.Select(u => u.Id).FirstAsync();
        await db.BulkCopyAsync(Enumerable.Range(0, Rows).Select(i => new BusinessCustomer
        {
            Code = $"{Prefix}{i:D3}", Name = $"分页客户{i:D3}", ShortName = $"分页{i:D3}", CityOrgId = city, DistrictOrgId = district, CreatedBy = user,
        }));
    }

    [OneTimeTearDown] public void Drop() => _db.Dispose();

    private static IQueryable<string> Codes(PostalDb db) =>
        db.BusinessCustomers.Where(c => c.Code.StartsWith(Prefix)).OrderBy(c => c.Code).Select(c => c.Code);

    [TestCase(3, 20, 5, 3, 0)]    // short last page: its rows settle the total
    [TestCase(1, 100, 45, 1, 0)]  // one short page
    [TestCase(2, 20, 20, 2, 1)]   // a full page is counted
    [TestCase(9, 20, 5, 3, 1)]    // past the end: counted, clamped to the last page and read again
    public async Task A_page_read_first_is_counted_only_when_its_rows_do_not_settle_the_total(int asked, int size, int itemsShown, int pageShown, int counts)
    {
        using var db = _db.Open();
        var statements = new Statements();
        db.AddInterceptor(statements);

        var page = await Paged.OfPageFirstAsync(Codes(db), asked, size);

        Assert.That((page.Total, page.Page, page.Items.Count), Is.EqualTo(((long)Rows, pageShown, itemsShown)));
        Assert.That(page.Items[0], Is.EqualTo($"{Prefix}{(pageShown - 1) * size:D3}"));
        Assert.That(statements.Counts, Is.EqualTo(counts));
    }

    [Test]
    public async Task An_empty_list_is_one_empty_page_without_a_count()
    {
        using var db = _db.Open();
        var statements = new Statements();
        db.AddInterceptor(statements);

        var page = await Paged.OfPageFirstAsync(Codes(db).Where(c => c == "none"), 1, 20);

        Assert.That((page.Total, page.Page, page.Pages, page.Items.Count), Is.EqualTo((0L, 1, 1, 0)));
        Assert.That(statements.Counts, Is.Zero);
    }

    /// <summary>Counts the COUNT statements run.</summary>
    private sealed class Statements : CommandInterceptor
    {
        public int Counts { get; private set; }

        public override Option<object?> ExecuteScalar(CommandEventData eventData, DbCommand command, Option<object?> result)
        {
            Note(command);
            return result;
        }

        public override Task<Option<object?>> ExecuteScalarAsync(CommandEventData eventData, DbCommand command, Option<object?> result, CancellationToken cancellationToken)
        {
            Note(command);
            return Task.FromResult(result);
        }

        public override Task<Option<DbDataReader>> ExecuteReaderAsync(CommandEventData eventData, DbCommand command, System.Data.CommandBehavior commandBehavior, Option<DbDataReader> result, CancellationToken cancellationToken)
        {
            Note(command);
            return Task.FromResult(result);
        }

        private void Note(DbCommand command)
        {
            if (command.CommandText.Contains("COUNT", StringComparison.OrdinalIgnoreCase)) Counts++;
        }
    }
}
