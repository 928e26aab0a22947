using PostalCrm.Plugins.Marketing.Data;
using PostalCrm.Plugins.Marketing.Demo;
using PostalCrm.Sdk.Data;
using PostalCrm.Sdk.Security;
using PostalCrm.Sdk.Time;
using PostalCrm.Testing;

namespace PostalCrm.Plugins.Marketing.Tests;

/// <summary>The province generator's hook: a year of plans and logs for every manager, completed items never prompt twice.</summary>
[TestFixtureSource(typeof(TestDatabase), nameof(TestDatabase.Providers))]
public class ProvinceDataTests(DatabaseProvider provider) : MarketingFixture(provider)
{
    [Test]
    public async Task The_generator_adds_a_year_of_plans_and_logs_for_every_manager()
    {
        await using var db = Db();
        var lines = new List<string>();
        var ctx = await ProvinceContext.LoadAsync("marketing", db, TimeProvider.System, ProvinceScale.Small, 42, lines.Add);
        await new MarketingProvinceData().GenerateAsync(ctx, CancellationToken.None);

        var today = TimeProvider.System.Today();
        var managers = ctx.UsersInRole(RoleCodes.CustomerManager).Select(u => u.Id).ToList();
        foreach (var m in managers)
        {
            var months = db.GetTable<MonthlyPlan>().Count(p => p.ManagerUserId == m);
            Assert.That(months, Is.GreaterThanOrEqualTo(MarketingProvinceData.Months), $"manager {m}");
            Assert.That(db.GetTable<AnnualPlan>().Any(p => p.ManagerUserId == m && p.Year == today.Year));
        }
        Assert.That(db.GetTable<AnnualPlan>().All(p => db.GetTable<AnnualTarget>().Count(t => t.PlanId == p.Id) == 10), "ten targets each");
        // One entry per completed item at most; every entry on or after its item's planned date, in a log of the same manager and day.
        Assert.That(db.GetTable<LogEntry>().Where(e => e.PlanItemId != null).GroupBy(e => e.PlanItemId).Any(g => g.Count() > 1), Is.False);
        var bad = from e in db.GetTable<LogEntry>()
                  join i in db.GetTable<PlanItem>() on e.PlanItemId equals i.Id
                  join l in db.GetTable<DailyLog>() on e.LogId equals l.Id
                  where e.LogDate < i.PlannedDate || l.ManagerUserId != e.ManagerUserId || l.LogDate != e.LogDate
                  select e.Id;
        Assert.That(bad.Count(), Is.Zero);
        Assert.That(db.GetTable<LogEntry>().Count(), Is.GreaterThan(managers.Count * 12));
        Assert.That(lines, Has.Some.Contains("marketing:"));
    }
}
