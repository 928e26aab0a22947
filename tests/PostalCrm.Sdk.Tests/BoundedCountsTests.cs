using System.Data;
using System.Data.Common;
using LinqToDB.Common;
using LinqToDB.Data;
using LinqToDB.Interceptors;
using PostalCrm.Sdk.Customers;
using PostalCrm.Sdk.Data;
using PostalCrm.Sdk.Lists;
using PostalCrm.Testing;

namespace PostalCrm.Sdk.Tests;

/// <summary>
/// Issue 8: a list's count is remembered per key until the next write for a minute at most — one over the bound says
/// "10,000+" without counting 10,001 rows again, one under it shows its exact total without counting again.
/// </summary>
[TestFixtureSource(typeof(TestDatabase), nameof(TestDatabase.Providers))]
public class BoundedCountsTests(DatabaseProvider provider)
{
    private const string Prefix = "BCT";
    private TestDatabase _db = null!;
    private int _district;

    [OneTimeSetUp]
    public async Task Create()
    {
        _db = await Migrated.CreateAsync(provider);
        using var db = _db.Open();
        _district = await db.OrgUnits.Where(u => u.Name == "江岸区").Select(u => u.Id).FirstAsync();
        var city = await db.OrgUnits.Where(u => u.Name == "武汉市").Select(u => u.Id).FirstAsync();
        var user = await db.Users.Select(u => u.Id).FirstAsync();
        var rows = Enumerable.Range(0, BoundedCount.Limit + 1).Select(i => new BusinessCustomer
        {
            Code = $"{Prefix}{i:D6}", Name = $"计数客户{i:D6}", ShortName = $"计数{i:D6}", CityOrgId = city, DistrictOrgId = _district, CreatedBy = user,
        });
        await db.BulkCopyAsync(new BulkCopyOptions { BulkCopyType = db.IsPostgres ? BulkCopyType.ProviderSpecific : BulkCopyType.MultipleRows }, rows);
    }

    [OneTimeTearDown] public void Drop() => _db.Dispose();

    private static IQueryable<BusinessCustomer> Counted(PostalDb db) => db.BusinessCustomers.Where(c => c.Code.StartsWith(Prefix));

    [Test]
    public async Task A_count_is_remembered_per_key_for_a_minute_until_something_is_written()
    {
        using var db = _db.Open();
        var clock = new MovableClock();
        var counts = new BoundedCounts(clock);

        var over = await counts.OfAsync(Counted(db), 1, 20, "list|1");
        Assert.That((over.Total, over.More, over.Pages), Is.EqualTo((BoundedCount.Limit, true, BoundedCount.Limit / 20)));

        // Two rows fewer: the count is now under the bound, but this key's list is remembered as over it.
        var removed = await Counted(db).OrderByDescending(c => c.Code).Take(2).ToListAsync();
        await db.BusinessCustomers.Where(c => c.Code == removed[0].Code || c.Code == removed[1].Code).DeleteAsync();
        try
        {
            clock.Offset += BoundedCounts.TimeToLive - TimeSpan.FromSeconds(10);
            Assert.That((await counts.OfAsync(Counted(db), 3, 20, "list|1")).More, Is.True, "remembered within the minute, on any page");
            Assert.That((await counts.OfAsync(Counted(db), 1, 20, "list|2")).Total, Is.EqualTo(BoundedCount.Limit - 1), "another key counts");
            var pastRemembered = await counts.OfAsync(Counted(db), 600, 20, "list|1");
            Assert.That((pastRemembered.Total, pastRemembered.More), Is.EqualTo((BoundedCount.Limit - 1, false)), "a page past what was counted counts again");

            clock.Offset += TimeSpan.FromSeconds(11);
            var again = await counts.OfAsync(Counted(db), 1, 20, "list|1");
            Assert.That((again.Total, again.More), Is.EqualTo((BoundedCount.Limit - 1, false)), "after the minute it is counted again");

            // Under the bound the exact count is remembered too, for any page, until a write (Forget) or the minute's end.
            await db.BusinessCustomers.Where(c => c.Code == $"{Prefix}{0:D6}").DeleteAsync();
            var remembered = await counts.OfAsync(Counted(db), 7, 20, "list|1");
            Assert.That((remembered.Total, remembered.More, remembered.Page), Is.EqualTo((BoundedCount.Limit - 1, false, 7)));
            counts.Forget();
            Assert.That((await counts.OfAsync(Counted(db), 1, 20, "list|1")).Total, Is.EqualTo(BoundedCount.Limit - 2), "a write: counted again");
            Assert.That((await counts.OfAsync(Counted(db), 1, 20, "list|2")).Total, Is.EqualTo(BoundedCount.Limit - 2), "every key is forgotten");
        }
        finally
        {
            await db.BulkCopyAsync(new BulkCopyOptions { BulkCopyType = BulkCopyType.MultipleRows },
                removed.Append(new BusinessCustomer { Code = $"{Prefix}{0:D6}", Name = $"计数客户{0:D6}", ShortName = $"计数{0:D6}", CityOrgId = removed[0].CityOrgId, DistrictOrgId = _district, CreatedBy = removed[0].CreatedBy })
                    .Select(c => new BusinessCustomer { Code = c.Code, Name = c.Name, ShortName = c.ShortName, CityOrgId = c.CityOrgId, DistrictOrgId = c.DistrictOrgId, CreatedBy = c.CreatedBy }));
        }
    }

    [Test]
    public async Task An_exact_count_is_remembered_per_key_until_a_write_and_one_read_while_a_write_committed_is_not()
    {
        using var db = _db.Open();
        var clock = new MovableClock();
        var counts = new BoundedCounts(clock);
        var few = Counted(db).Where(c => c.Code.StartsWith($"{Prefix}00000"));
        Assert.That(await counts.CountAsync(few, "exact|1"), Is.EqualTo(10));
        Assert.That(await counts.CountAsync(Counted(db).Where(c => c.Code.StartsWith($"{Prefix}0000")), "exact|1"), Is.EqualTo(10), "remembered: the query is not run");
        Assert.That(await counts.CountAsync(Counted(db).Where(c => c.Code.StartsWith($"{Prefix}0000")), "exact|2"), Is.EqualTo(100), "another key counts");
        clock.Offset += BoundedCounts.TimeToLive;
        Assert.That(await counts.CountAsync(Counted(db).Where(c => c.Code.StartsWith($"{Prefix}0000")), "exact|1"), Is.EqualTo(100), "a minute later it counts again");

        // A write commits (Forget) while a count runs: that count is shown, not kept.
        var runs = 0;
        IQueryable<int> WriteDuringCount() => Enumerable.Range(0, 3).Select(i =>
        {
            if (i == 0 && runs++ == 0) counts.Forget();
            return i;
        }).AsQueryable();
        Assert.That(await counts.CountAsync(WriteDuringCount(), "exact|3"), Is.EqualTo(3));
        Assert.That(await counts.CountAsync(WriteDuringCount(), "exact|3"), Is.EqualTo(3));
        Assert.That(runs, Is.EqualTo(2), "the count read during the write was counted again");
        Assert.That(await counts.CountAsync(WriteDuringCount(), "exact|3"), Is.EqualTo(3));
        Assert.That(runs, Is.EqualTo(2), "the one after it is kept");
    }

    [Test]
    public async Task A_figure_is_remembered_per_key_until_a_write_and_apart_from_the_counts()
    {
        using var db = _db.Open();
        var clock = new MovableClock();
        var counts = new BoundedCounts(clock);
        var reads = 0;
        Task<long?> Sum() => Task.FromResult<long?>(++reads * 10L);

        Assert.That(await counts.FigureAsync("figure|1", Sum), Is.EqualTo(10));
        Assert.That(await counts.FigureAsync("figure|1", Sum), Is.EqualTo(10), "remembered");
        Assert.That(await counts.FigureAsync("figure|2", Sum), Is.EqualTo(20), "another key reads");
        counts.Forget();
        Assert.That(await counts.FigureAsync("figure|1", Sum), Is.EqualTo(30), "a write: read again");
        clock.Offset += BoundedCounts.TimeToLive;
        Assert.That(await counts.FigureAsync("figure|1", Sum), Is.EqualTo(40), "a minute later: read again");

        // A key holding a figure is not taken for a count, nor a count for a figure of another type.
        Assert.That(await counts.CountAsync(Counted(db).Where(c => c.Code.StartsWith($"{Prefix}00000")), "figure|1"), Is.EqualTo(10));
        Assert.That(await counts.FigureAsync("figure|1", () => Task.FromResult("文字")), Is.EqualTo("文字"));
    }

    [Test]
    public async Task Requests_that_miss_a_figure_together_share_one_read_and_one_after_a_write_reads_for_itself()
    {
        var counts = new BoundedCounts(new MovableClock());
        var reads = 0;
        var gate = new TaskCompletionSource();
        async Task<int[]> Names()
        {
            var n = Interlocked.Increment(ref reads);
            await gate.Task;
            return [n];
        }

        var first = counts.FigureAsync("shared|1", Names);
        var second = counts.FigureAsync("shared|1", Names);
        var other = counts.FigureAsync("shared|2", Names);
        Assert.That(reads, Is.EqualTo(2), "the second request waits for the first one's read; another key reads");
        counts.Forget();
        var afterWrite = counts.FigureAsync("shared|1", Names);
        Assert.That(reads, Is.EqualTo(3), "a request after a write does not take a read begun before it");
        gate.SetResult();
        Assert.That((await first)[0], Is.EqualTo(1));
        Assert.That(await second, Is.SameAs(await first));
        Assert.That((await other)[0], Is.EqualTo(2));
        Assert.That((await afterWrite)[0], Is.EqualTo(3));

        // The shared read fails (its request was cancelled): the waiting request reads for itself.
        var failing = new TaskCompletionSource<int[]>();
        var leader = counts.FigureAsync("shared|3", () => failing.Task);
        var follower = counts.FigureAsync("shared|3", () => Task.FromResult<int[]>([42]));
        failing.SetException(new InvalidOperationException("其请求已取消"));
        await Assert.ThrowsAsync<InvalidOperationException>(async () => await leader);
        Assert.That((await follower)[0], Is.EqualTo(42));
        Assert.That((await counts.FigureAsync("shared|3", Names))[0], Is.EqualTo(42), "and its figure is kept");

        // A shared figure that lacks what the waiting request needs: it reads for itself.
        var slow = new TaskCompletionSource<int[]>();
        var lacking = counts.FigureAsync("shared|4", () => slow.Task);
        var needing = counts.FigureAsync("shared|4", () => Task.FromResult<int[]>([7, 8]), names => names.Contains(8));
        slow.SetResult([7]);
        Assert.That(await lacking, Is.EqualTo(new[] { 7 }));
        Assert.That(await needing, Is.EqualTo(new[] { 7, 8 }));
    }

    [Test]
    public async Task Requests_that_miss_a_count_together_share_one_count_up_to_the_same_bound()
    {
        // Three requests, each on its own connection; their counts are held until all three have asked.
        var gate = new TaskCompletionSource();
        var held = new HeldCounts(gate.Task);
        using var first = _db.Open();
        using var second = _db.Open();
        using var farPage = _db.Open();
        var rows = await Counted(first).CountAsync();
        foreach (var db in new[] { first, second, farPage }) db.AddInterceptor(held);
        var counts = new BoundedCounts(new MovableClock());

        var a = counts.OfAsync(Counted(first), 1, 20, "together|1");
        var b = counts.OfAsync(Counted(second), 3, 20, "together|1");
        var far = counts.OfAsync(Counted(farPage), 600, 20, "together|1"); // counts further (12,020 rows): not the same read
        gate.SetResult();
        var (ra, rb, rfar) = (await a, await b, await far);

        Assert.That(held.Counted, Is.EqualTo(2), "the second request waits for the first one's count; the far page counts for itself");
        Assert.That((ra.Total, ra.More, ra.Page), Is.EqualTo((BoundedCount.Limit, true, 1)));
        Assert.That((rb.Total, rb.More, rb.Page), Is.EqualTo((BoundedCount.Limit, true, 3)), "the shared count, clamped for its own page");
        Assert.That((rfar.Total, rfar.More, rfar.Page), Is.EqualTo((rows, false, (rows + 19) / 20)));
    }

    /// <summary>Holds every count statement until <paramref name="gate"/> opens, and counts them.</summary>
    private sealed class HeldCounts(Task gate) : CommandInterceptor
    {
        private int _counted;
        public int Counted => Volatile.Read(ref _counted);

        public override async Task<Option<object?>> ExecuteScalarAsync(CommandEventData eventData, DbCommand command, Option<object?> result, CancellationToken cancellationToken)
        {
            await Hold(command);
            return result;
        }

        public override async Task<Option<DbDataReader>> ExecuteReaderAsync(CommandEventData eventData, DbCommand command, CommandBehavior commandBehavior, Option<DbDataReader> result, CancellationToken cancellationToken)
        {
            await Hold(command);
            return result;
        }

        private async Task Hold(DbCommand command)
        {
            if (!command.CommandText.Contains("COUNT", StringComparison.OrdinalIgnoreCase)) return;
            Interlocked.Increment(ref _counted);
            await gate;
        }
    }

    [Test]
    public async Task A_page_read_first_settles_the_count_when_short_and_is_counted_when_full_or_past_the_end()
    {
        using var db = _db.Open();
        var counts = new BoundedCounts(new MovableClock());
        var rows = await Counted(db).CountAsync();

        // Short pages: the total comes from the page alone (the table holds thousands of these rows: no count ran).
        var shortPage = await counts.OfReadPageAsync(Counted(db), 3, 20, 7, "read|1");
        Assert.That((shortPage.Total, shortPage.More, shortPage.Page, shortPage.Pages), Is.EqualTo((47, false, 3, 3)));
        var empty = await counts.OfReadPageAsync(Counted(db), 1, 20, 0, "read|1");
        Assert.That((empty.Total, empty.Page, empty.Pages), Is.EqualTo((0, 1, 1)));

        // A full page is counted (bounded).
        var full = await counts.OfReadPageAsync(Counted(db), 1, 20, 20, "read|2");
        Assert.That((full.Total, full.More), Is.EqualTo(rows > BoundedCount.Limit ? (BoundedCount.Limit, true) : (rows, false)));

        // An empty page past the end is counted and clamped to the last page, which the caller reads instead.
        var past = await counts.OfReadPageAsync(Counted(db).Take(30), 5, 20, 0, "read|3");
        Assert.That((past.Total, past.More, past.Page), Is.EqualTo((30, false, 2)));

        // A page number whose offset would overflow is taken as the last one that fits.
        Assert.That(BoundedCount.AskedPage(int.MaxValue, 20), Is.EqualTo(int.MaxValue / 20 - 1));
        Assert.That(BoundedCount.AskedPage(-4, 20), Is.EqualTo(1));
        var huge = await counts.OfReadPageAsync(Counted(db).Take(30), int.MaxValue, 20, 0, "read|4");
        Assert.That((huge.Total, huge.Page), Is.EqualTo((30, 2)));
    }
}
