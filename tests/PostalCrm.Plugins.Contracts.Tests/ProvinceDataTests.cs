using PostalCrm.Plugins.Contracts.Data;
using PostalCrm.Plugins.Contracts.Demo;
using PostalCrm.Sdk.Data;
using PostalCrm.Sdk.Time;
using PostalCrm.Testing;

namespace PostalCrm.Plugins.Contracts.Tests;

/// <summary>The province generator's hook (ARCHITECTURE §9): contracts for a share of the customers, consistent money, streamed.</summary>
[TestFixtureSource(typeof(TestDatabase), nameof(TestDatabase.Providers))]
public class ProvinceDataTests(DatabaseProvider provider) : ContractsFixture(provider)
{
    [Test]
    public async Task The_generator_adds_contracts_with_schedules_payments_and_dunning_for_a_share_of_the_customers()
    {
        await using var db = Db();
        var before = db.GetTable<Contract>().Count();
        var lines = new List<string>();
        var ctx = await ProvinceContext.LoadAsync("contracts", db, TimeProvider.System, ProvinceScale.Small, 42, lines.Add);
        await new ContractsProvinceData().GenerateAsync(ctx, CancellationToken.None);

        var generated = db.GetTable<Contract>().Where(c => c.Number.StartsWith("HTP") || c.Number.StartsWith("XYP")).ToList();
        var customers = db.BusinessRelationships.Where(r => r.Approved).Select(r => r.CustomerId).Distinct().Count();
        Assert.That(generated, Has.Count.InRange(customers * 0.05, customers * 0.3), "about 15% of the customers");
        Assert.That(db.GetTable<Contract>().Count(), Is.EqualTo(before + generated.Count));
        Assert.That(generated.Select(c => c.SettlementType).Distinct().Count(), Is.EqualTo(4));
        Assert.That(lines, Has.Some.Contains("contracts:"));

        // Money is consistent: the total is the schedule's sum, the paid amount the payments' sum and never above the total.
        var ids = generated.Select(c => c.Id).ToList();
        var scheduled = db.GetTable<Instalment>().Where(i => ids.Contains(i.ContractId)).GroupBy(i => i.ContractId)
            .Select(g => new { g.Key, Sum = g.Sum(i => i.AmountFen), Last = g.Max(i => i.CumulativeFen) }).ToDictionary(x => x.Key);
        var paid = db.GetTable<Payment>().Where(p => ids.Contains(p.ContractId)).GroupBy(p => p.ContractId)
            .Select(g => new { g.Key, Sum = g.Sum(p => p.AmountFen) }).ToDictionary(x => x.Key, x => x.Sum);
        foreach (var c in generated)
        {
            Assert.That(c.TotalFen, Is.EqualTo(scheduled.TryGetValue(c.Id, out var s) ? s.Sum : 0), c.Number);
            if (s is not null) Assert.That(s.Last, Is.EqualTo(s.Sum), c.Number);
            Assert.That(c.PaidFen, Is.EqualTo(paid.GetValueOrDefault(c.Id)), c.Number);
            Assert.That(c.PaidFen, Is.LessThanOrEqualTo(c.TotalFen), c.Number);
        }
        var today = TimeProvider.System.Today();
        var schedule = db.GetTable<Instalment>();
        var inArrears = db.GetTable<Contract>().Count(c => ids.Contains(c.Id) && schedule.Any(i => i.ContractId == c.Id && i.DueDate <= today && i.CumulativeFen > c.PaidFen));
        Assert.That(inArrears, Is.GreaterThan(0), "some generated contracts are in arrears");
        Assert.That(db.GetTable<Contract>().Count(c => ids.Contains(c.Id) && c.UnpaidSince <= today), Is.EqualTo(inArrears),
            "the kept unpaid-since date gives the same arrears as the schedule");
        Assert.That(db.GetTable<Dunning>().Any(d => ids.Contains(d.ContractId)));
    }
}
