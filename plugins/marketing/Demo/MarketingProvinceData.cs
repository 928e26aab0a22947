using PostalCrm.Plugins.Marketing.Data;
using PostalCrm.Sdk.Data;
using PostalCrm.Sdk.Security;
using PostalCrm.Sdk.Time;

namespace PostalCrm.Plugins.Marketing.Demo;

/// <summary>
/// The province generator's hook: for every customer manager, annual plans for the years of the last twelve months and a
/// monthly plan for each of those months (those not there yet), four to eight items each, streamed to bulk insert; the
/// daily logs and their entries (about 80% of the items due before today completed on their day) are written set-based
/// by INSERT … SELECT on the database, so nothing of size is held in memory.
/// </summary>
public sealed class MarketingProvinceData : IProvinceData
{
    public const int Months = 12;

    public async Task GenerateAsync(ProvinceContext ctx, CancellationToken ct)
    {
        var db = ctx.Db;
        var r = ctx.Random;
        var today = ctx.Time.Today();
        var now = ctx.Now;
        var managers = ctx.UsersInRole(RoleCodes.CustomerManager);
        var lines = await db.ProductLines.Where(l => l.Active).Select(l => l.Id).ToListAsync(ct);
        var start = new DateOnly(today.Year, today.Month, 1).AddMonths(-Months);

        // Annual plans and their targets.
        var annualBefore = await db.GetTable<AnnualPlan>().MaxAsync(p => (int?)p.Id, ct) ?? 0;
        var haveAnnual = (await db.GetTable<AnnualPlan>().Where(p => p.Year >= start.Year).Select(p => new { p.ManagerUserId, p.Year }).ToListAsync(ct))
            .Select(x => (x.ManagerUserId, x.Year)).ToHashSet();
        await ctx.BulkInsertAsync(
            from m in managers
            from y in Enumerable.Range(start.Year, today.Year - start.Year + 1)
            where !haveAnnual.Contains((m.Id, y))
            select new AnnualPlan { ManagerUserId = m.Id, OrgUnitId = m.OrgUnitId, Year = y, OtherPlans = $"{y}年工作计划", UpdatedAt = now, UpdatedBy = m.Id }, ct);
        var annualIds = await db.GetTable<AnnualPlan>().Where(p => p.Id > annualBefore).Select(p => p.Id).OrderBy(id => id).ToListAsync(ct);
        await ctx.BulkInsertAsync(
            from id in annualIds
            from l in lines
            select new AnnualTarget { PlanId = id, ProductLineId = l, TargetFen = r.Next(0, 60) * 1_000_00L }, ct);

        // Monthly plans.
        var monthlyBefore = await db.GetTable<MonthlyPlan>().MaxAsync(p => (int?)p.Id, ct) ?? 0;
        var haveMonthly = (await db.GetTable<MonthlyPlan>().Select(p => new { p.ManagerUserId, p.Year, p.Month }).ToListAsync(ct))
            .Select(x => (x.ManagerUserId, x.Year, x.Month)).ToHashSet();
        var plans = await ctx.BulkInsertAsync(
            from m in managers
            from k in Enumerable.Range(0, Months)
            let month = start.AddMonths(k)
            where !haveMonthly.Contains((m.Id, month.Year, month.Month))
            select new MonthlyPlan { ManagerUserId = m.Id, OrgUnitId = m.OrgUnitId, Year = month.Year, Month = month.Month, UpdatedAt = now, UpdatedBy = m.Id }, ct);
        ctx.Progress($"{plans:N0} monthly plans");

        // Items: maintenance of own customers, development and other work.
        var own = (await db.BusinessRelationships.Where(x => x.Approved).Select(x => new { x.ManagerUserId, x.CustomerId }).Distinct().ToListAsync(ct))
            .ToLookup(x => x.ManagerUserId, x => x.CustomerId);
        var newPlans = await db.GetTable<MonthlyPlan>().Where(p => p.Id > monthlyBefore).OrderBy(p => p.Id)
            .Select(p => new { p.Id, p.ManagerUserId, p.OrgUnitId, p.Year, p.Month }).ToListAsync(ct);
        IEnumerable<PlanItem> Items()
        {
            foreach (var p in newPlans)
            {
                var customers = own[p.ManagerUserId].ToList();
                var days = DateTime.DaysInMonth(p.Year, p.Month);
                var count = 4 + r.Next(5);
                for (var i = 0; i < count; i++)
                {
                    var kind = customers.Count > 0 && i < count - 2 ? WorkKind.Maintenance : i == count - 1 ? WorkKind.Other : WorkKind.Development;
                    yield return new PlanItem
                    {
                        PlanId = p.Id, ManagerUserId = p.ManagerUserId, OrgUnitId = p.OrgUnitId, Kind = kind, Suggested = kind == WorkKind.Maintenance,
                        CustomerId = kind == WorkKind.Other || customers.Count == 0 ? null : customers[r.Next(customers.Count)],
                        PlannedDate = new DateOnly(p.Year, p.Month, 1 + r.Next(days)),
                        Content = kind switch { WorkKind.Maintenance => "客户维护拜访", WorkKind.Development => "业务开发洽谈", _ => "内部工作" },
                    };
                }
            }
        }
        var items = await ctx.BulkInsertAsync(Items(), ct);
        ctx.Progress($"{items:N0} plan items");

        // Logs: one per manager and day with a generated item due before today; entries for about 80% of those items.
        var planIds = db.GetTable<MonthlyPlan>().Where(p => p.Id > monthlyBefore).Select(p => p.Id);
        var due = db.GetTable<PlanItem>().Where(i => planIds.Contains(i.PlanId) && i.PlannedDate < today && i.Id % 5 != 0);
        var logs = db.GetTable<DailyLog>();
        var logged = await due
            .Where(i => !logs.Any(l => l.ManagerUserId == i.ManagerUserId && l.LogDate == i.PlannedDate))
            .GroupBy(i => new { i.ManagerUserId, i.OrgUnitId, i.PlannedDate })
            .Select(g => g.Key)
            .InsertAsync(logs, k => new DailyLog { ManagerUserId = k.ManagerUserId, OrgUnitId = k.OrgUnitId, LogDate = k.PlannedDate, CompletedAt = now, UpdatedAt = now }, ct);
        var entries = await (from i in due
                             join l in logs on new { i.ManagerUserId, Date = i.PlannedDate } equals new { l.ManagerUserId, Date = l.LogDate }
                             select new { i, l })
            .InsertAsync(db.GetTable<LogEntry>(), x => new LogEntry
            {
                LogId = x.l.Id, ManagerUserId = x.i.ManagerUserId, OrgUnitId = x.i.OrgUnitId, LogDate = x.i.PlannedDate, PlanItemId = x.i.Id, Kind = x.i.Kind,
                CustomerId = x.i.CustomerId, Outcome = "已完成", CreatedAt = now,
            }, ct);
        ctx.Progress($"{logged:N0} daily logs, {entries:N0} log entries");
    }
}
