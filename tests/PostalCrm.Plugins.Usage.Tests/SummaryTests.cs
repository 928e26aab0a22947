using System.Globalization;
using System.Net;
using PostalCrm.Plugins.Usage.Data;
using PostalCrm.Plugins.Usage.Demo;
using PostalCrm.Sdk.Data;
using PostalCrm.Testing;

namespace PostalCrm.Plugins.Usage.Tests;

/// <summary>The daily summary: kept in step by every write, equal to a rebuild; and the province generator's hook.</summary>
[TestFixtureSource(typeof(TestDatabase), nameof(TestDatabase.Providers))]
[NonParallelizable]
public sealed class SummaryTests(DatabaseProvider provider)
{
    private UsageApp _app = null!;

    [OneTimeSetUp] public void Start() => _app = new UsageApp(provider);
    [OneTimeTearDown] public void Stop() => _app.Dispose();

    private static DateOnly Today => DateOnly.FromDateTime(DateTime.UtcNow.AddHours(8));
    private static string D(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private async Task<List<string>> SnapshotAsync()
    {
        using var db = _app.Open();
        return [.. (await db.GetTable<UsageDaily>().ToListAsync())
            .Select(d => $"{d.UsageDate:yyyyMMdd}|{d.ManagerUserId}|{d.CustomerId}|{d.ProductLineId}|{d.BusinessTypeId}|{d.OrgUnitId}|{d.RecordCount}|{d.Volume}|{d.ReceivableFen}|{d.ActualFen}")
            .Order(StringComparer.Ordinal)];
    }

    [Test]
    public async Task F_5_5_F_5_6_rebuild_equals_the_incremental_summary_after_imports_entries_and_corrections()
    {
        using var cm = await _app.LoginAsync(DemoUsers.JiangAnCm1);
        var a = await _app.BookingOfAsync(DemoUsers.JiangAnCm1);
        var b = await _app.BookingOfAsync(DemoUsers.JiangAnCm1, skip: 1);
        var yesterday = Today.AddDays(-1);

        // Single entries: two on the same summary key, one on another.
        var entry = $"/usage/entry/accounts/{a.KeyAccountId}";
        foreach (var (date, actual) in new[] { (Today, "10.01"), (Today, "20.02"), (yesterday, "5") })
        {
            var res = await cm.PostFormAsync(entry, new { UsageDate = D(date), a.ProductLineId, a.BusinessTypeId, Actual = actual, Receivable = "30", Volume = "2" }, tokenFrom: entry);
            Assert.That(res.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), await res.Content.ReadAsStringAsync());
        }
        // An import touching the same key and a new one.
        var file = ImportTests.Xlsx(
        [
            ImportTests.Row(Today.ToDateTime(TimeOnly.MinValue), a.Number, a.ProductLine, a.BusinessType, 7.77, 8, 1, remarks: "汇总测试"),
            ImportTests.Row(Today.ToDateTime(TimeOnly.MinValue), b.Number, b.ProductLine, b.BusinessType, 99.99),
        ]);
        var upload = await ImportTests.UploadAsync(cm, file, "汇总.xlsx");
        Assert.That((await ImportTests.ConfirmAsync(cm, await upload.Content.ReadAsStringAsync())).StatusCode, Is.EqualTo(HttpStatusCode.Redirect));

        // A correction moves a record to another day and changes its amounts.
        using (var db = _app.Open())
        {
            var id = await db.GetTable<UsageRecord>().Where(r => r.KeyAccountId == a.KeyAccountId && r.UsageDate == Today && r.Source == UsageSource.OneByOne).MaxAsync(r => r.Id);
            using var centre = await _app.LoginAsync(DemoUsers.WuhanCentre);
            var res = await centre.PostFormAsync($"/usage/records/{id}/correct", new { UsageDate = D(yesterday), Actual = "1.5", Volume = "" }, tokenFrom: $"/usage/records/{id}/correct");
            Assert.That(res.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), await res.Content.ReadAsStringAsync());
        }

        var sums = await _app.SummaryAndRecordsAsync();
        Assert.That(sums[0], Is.EqualTo(sums[1]), "summary == sum of records");
        var incremental = await SnapshotAsync();

        Assert.That((await cm.PostFormAsync("/usage/summary/rebuild", new { }, tokenFrom: "/usage/entry")).StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        using var admin = await _app.LoginAsync(DemoUsers.Admin);
        var rebuilt = await admin.PostFormAsync("/usage/summary/rebuild", new { }, tokenFrom: "/usage/summary");
        Assert.That(rebuilt.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        Assert.That(await SnapshotAsync(), Is.EqualTo(incremental), "rebuild == incremental");
        Assert.That(incremental.Any(r => r.Contains($"|{a.CustomerId}|{a.ProductLineId}|", StringComparison.Ordinal) && r.StartsWith(Today.ToString("yyyyMMdd", CultureInfo.InvariantCulture), StringComparison.Ordinal)), Is.True);
    }

    [Test]
    public async Task The_province_hook_bulk_copies_the_scaled_number_of_records_and_the_summary_follows()
    {
        using var db = _app.Open();
        var customers = await db.BusinessRelationships.Where(r => r.Approved && r.KeyAccountId != null).Select(r => r.CustomerId).Distinct().CountAsync();
        var before = await db.GetTable<UsageRecord>().LongCountAsync(r => r.Source == UsageSource.Generated);
        var scale = ProvinceScale.Small;
        var ctx = await ProvinceContext.LoadAsync("usage", db, TimeProvider.System, scale, 42);
        await using (var tx = await db.BeginTransactionAsync())
        {
            await new UsageProvinceData().GenerateAsync(ctx, CancellationToken.None);
            await tx.CommitAsync();
        }
        var generated = db.GetTable<UsageRecord>().Where(r => r.Source == UsageSource.Generated);
        Assert.That(await generated.LongCountAsync() - before, Is.EqualTo((long)customers * scale.UsageRecordsPerCustomer));
        var oldest = Today.AddYears(-scale.HistoryYears);
        Assert.That(await generated.MinAsync(r => r.UsageDate), Is.GreaterThan(oldest));
        Assert.That(await generated.MaxAsync(r => r.UsageDate), Is.LessThanOrEqualTo(Today));
        var sums = await _app.SummaryAndRecordsAsync();
        Assert.That(sums[0], Is.EqualTo(sums[1]), "summary == sum of records");
    }
}
