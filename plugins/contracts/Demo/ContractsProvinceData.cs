using PostalCrm.Plugins.Contracts.Common;
using PostalCrm.Plugins.Contracts.Data;
using PostalCrm.Sdk.Customers;
using PostalCrm.Sdk.Data;
using PostalCrm.Sdk.Time;

namespace PostalCrm.Plugins.Contracts.Demo;

/// <summary>
/// The province generator's contracts (ARCHITECTURE §9): for a share of the generated customers (by their first approved
/// relationship: that manager's unit signs), a contract or agreement of a random settlement type within the history years,
/// with schedules, payments (some partial, so some contracts are in arrears) and dunning notices. Customers are read in
/// pages by id; every table is written by bulk copy page by page, so memory stays flat whatever the scale.
/// </summary>
public sealed class ContractsProvinceData : IProvinceData
{
    public const double CustomerShare = 0.15;
    private const int PageSize = 2_000;

    public async Task GenerateAsync(ProvinceContext ctx, CancellationToken ct)
    {
        var db = ctx.Db;
        var r = ctx.Random;
        var today = ctx.Time.Today();
        var seen = new HashSet<int>();
        var lastId = 0;
        long contracts = 0, instalments = 0, payments = 0, dunnings = 0;
        var expected = (long)(ctx.Scale.Customers * CustomerShare);
        while (true)
        {
            var page = await db.BusinessRelationships.Where(x => x.Approved && x.Id > lastId).OrderBy(x => x.Id).Take(PageSize)
                .Select(x => new { x.Id, x.CustomerId, x.OrgUnitId, x.ManagerUserId }).ToListAsync(ct);
            if (page.Count == 0) break;
            lastId = page[^1].Id;
            var planned = new List<Planned>();
            foreach (var rel in page)
            {
                if (!seen.Add(rel.CustomerId) || r.NextDouble() >= CustomerShare) continue;
                planned.Add(Plan(r, today, ctx.Scale.HistoryYears, rel.CustomerId, rel.OrgUnitId, rel.ManagerUserId, ctx.Now));
            }
            if (planned.Count == 0) continue;
            var maxBefore = await db.GetTable<Contract>().MaxAsync(c => (int?)c.Id, ct) ?? 0;
            contracts += await ctx.BulkInsertAsync(planned.Select(p => p.Contract), ct);
            var ids = (await db.GetTable<Contract>().Where(c => c.Id > maxBefore).Select(c => new { c.Id, c.Number }).ToListAsync(ct))
                .ToDictionary(c => c.Number, c => c.Id, StringComparer.Ordinal);
            foreach (var p in planned) p.Bind(ids[p.Contract.Number]);
            instalments += await ctx.BulkInsertAsync(planned.SelectMany(p => p.Schedule), ct);
            payments += await ctx.BulkInsertAsync(planned.SelectMany(p => p.Payments), ct);
            dunnings += await ctx.BulkInsertAsync(planned.SelectMany(p => p.Dunnings), ct);
            await UnpaidSince.RefreshAsync(db, db.GetTable<Contract>().Where(c => c.Id > maxBefore), ct);
            ctx.Progress($"contracts: {contracts:N0} / ~{expected:N0}");
        }
        ctx.Progress($"contracts: {contracts:N0}, instalments {instalments:N0}, payments {payments:N0}, dunning notices {dunnings:N0}");
    }

    private sealed class Planned(Contract contract, List<Instalment> schedule, List<Payment> payments, List<Dunning> dunnings)
    {
        public Contract Contract { get; } = contract;
        public List<Instalment> Schedule { get; } = schedule;
        public List<Payment> Payments { get; } = payments;
        public List<Dunning> Dunnings { get; } = dunnings;

        public void Bind(int id)
        {
            Contract.Id = id;
            foreach (var i in Schedule) i.ContractId = id;
            foreach (var p in Payments) p.ContractId = id;
            foreach (var d in Dunnings) d.ContractId = id;
        }
    }

    private static Planned Plan(Random r, DateOnly today, int years, int customerId, int unitId, int managerId, DateTime now)
    {
        var kind = r.Next(3) == 0 ? ContractKind.Agreement : ContractKind.Contract;
        var type = (SettlementType)r.Next(1, 5);
        var effective = today.AddDays(-r.Next(0, Math.Max(1, years * 365)));
        var number = (kind == ContractKind.Contract ? "HTP" : "XYP") + customerId.ToString("D8", System.Globalization.CultureInfo.InvariantCulture);
        List<(DateOnly, long)> due = type switch
        {
            SettlementType.Instalments => [.. Enumerable.Range(0, r.Next(2, 7)).Select(k => (effective.AddMonths(2 * k + 1), (long)r.Next(5, 200) * 1000_00))],
            SettlementType.OneOff => [(effective.AddDays(r.Next(10, 90)), (long)r.Next(5, 500) * 1000_00)],
            _ => [],
        };
        var terms = new ContractTerms(type, type is SettlementType.FixedDate or SettlementType.Periodic or SettlementType.OneOff ? effective.AddDays(r.Next(5, 60)) : null,
            type == SettlementType.Periodic ? Names.Periods[r.Next(Names.Periods.Count)].Months : null,
            type is SettlementType.FixedDate or SettlementType.Periodic ? r.Next(70, 101) : null, due);
        if (type == SettlementType.OneOff) terms = terms with { PaymentDate = due[0].Item1 };
        var schedule = terms.Rows(0).ToList();
        var payments = new List<Payment>();
        var dunnings = new List<Dunning>();
        // Mostly paid on time; one in five stops paying after some instalment, one in ten pays half of the next one.
        var stopAfter = r.Next(5) == 0 ? r.Next(0, schedule.Count) : int.MaxValue;
        long paid = 0;
        foreach (var i in schedule.Where(i => i.DueDate <= today))
        {
            var fen = i.Seq <= stopAfter ? i.AmountFen : i.Seq == stopAfter + 1 && r.Next(2) == 0 ? i.AmountFen / 2 : 0;
            if (fen > 0)
            {
                var paidOn = i.DueDate.AddDays(r.Next(0, 10));
                payments.Add(new Payment { PaidOn = paidOn > today ? today : paidOn, AmountFen = fen,
                    Method = Names.PaymentMethods[r.Next(3)], ReceiptNo = null, RecordedBy = managerId, RecordedAt = now });
                paid += fen;
            }
            if (fen < i.AmountFen)
                dunnings.Add(new Dunning { DunnedOn = i.DueDate.AddDays(15) > today ? today : i.DueDate.AddDays(15), Method = Names.DunningMethods[r.Next(4)],
                    Content = "款项已逾期,请尽快付款。", DunnedBy = "客户经理", RecordedBy = managerId, RecordedAt = now });
        }
        var contract = new Contract
        {
            Kind = kind, Number = number, CustomerId = customerId, OrgUnitId = unitId, EffectiveDate = effective, ExpiryDate = effective.AddYears(1).AddDays(-1),
            SettlementType = type, PaymentDate = terms.PaymentDate, PeriodMonths = terms.PeriodMonths, Discount = terms.Discount,
            TotalFen = terms.TotalFen, PaidFen = paid, CreatedBy = managerId, CreatedAt = now,
        };
        return new Planned(contract, schedule, payments, dunnings);
    }
}
