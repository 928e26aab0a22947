using PostalCrm.Plugins.Marketing.Common;
using PostalCrm.Plugins.Marketing.Data;
using PostalCrm.Plugins.Marketing.Features.Logs;
using PostalCrm.Plugins.Marketing.Features.Plans;
using PostalCrm.Sdk.Data;
using PostalCrm.Sdk.Security;
using PostalCrm.Sdk.Time;

namespace PostalCrm.Plugins.Marketing.Features.Queries;

/// <summary>F-4.8 客户经理计划查询 and F-4.9 客户经理日志查询: lists of the managers in scope; details by the record rule (404 outside).</summary>
public sealed class QueryService(PostalDb db, ManagerScope managers, PlanService plans, LogService logs, TimeProvider clock)
{
    public async Task<PlansQueryPage> PlansAsync(string? kind, int? year, string? month)
    {
        var today = clock.Today();
        var choices = await managers.ChoicesAsync();
        var ids = choices.Select(c => c.Id).ToList();
        if (kind == "annual")
        {
            var y = year ?? today.Year;
            var annual = await (from p in managers.Records(db.GetTable<AnnualPlan>(), p => p.OrgUnitId, p => p.ManagerUserId)
                                where p.Year == y && ids.Contains(p.ManagerUserId)
                                select new
                                {
                                    p.Id, p.ManagerUserId,
                                    Total = db.GetTable<AnnualTarget>().Where(t => t.PlanId == p.Id).Sum(t => (long?)t.TargetFen) ?? 0,
                                }).ToListAsync();
            var byManager = annual.ToDictionary(a => a.ManagerUserId);
            return new PlansQueryPage
            {
                Kind = "annual", Year = y, Month = $"{today.Year:D4}-{today.Month:D2}",
                Rows = [.. choices.Select(c => byManager.TryGetValue(c.Id, out var a) ? new PlanRow(c, a.Id, 0, 0, a.Total) : new PlanRow(c, null, 0, 0, 0))],
            };
        }
        var (yy, mm) = month is null ? (today.Year, today.Month) : PlanService.ParseMonth(month);
        var entries = db.GetTable<LogEntry>();
        var monthly = await (from p in managers.Records(db.GetTable<MonthlyPlan>(), p => p.OrgUnitId, p => p.ManagerUserId)
                             where p.Year == yy && p.Month == mm && ids.Contains(p.ManagerUserId)
                             select new
                             {
                                 p.Id, p.ManagerUserId,
                                 Items = db.GetTable<PlanItem>().Count(i => i.PlanId == p.Id),
                                 Done = db.GetTable<PlanItem>().Count(i => i.PlanId == p.Id && entries.Any(e => e.PlanItemId == i.Id)),
                             }).ToListAsync();
        var byM = monthly.ToDictionary(a => a.ManagerUserId);
        return new PlansQueryPage
        {
            Kind = "monthly", Year = yy, Month = $"{yy:D4}-{mm:D2}",
            Rows = [.. choices.Select(c => byM.TryGetValue(c.Id, out var a) ? new PlanRow(c, a.Id, a.Items, a.Done, 0) : new PlanRow(c, null, 0, 0, 0))],
        };
    }

    public async Task<MonthlyPlanDetail> MonthlyAsync(int id)
    {
        var plan = await managers.Records(db.GetTable<MonthlyPlan>(), p => p.OrgUnitId, p => p.ManagerUserId).Where(p => p.Id == id).SingleInScopeAsync();
        var manager = await managers.GetAsync(plan.ManagerUserId);
        var rows = await (from i in db.GetTable<PlanItem>()
                          where i.PlanId == id
                          from c in db.BusinessCustomers.LeftJoin(c => c.Id == i.CustomerId)
                          from e in db.GetTable<LogEntry>().LeftJoin(e => e.PlanItemId == i.Id)
                          orderby i.PlannedDate, i.Id
                          select new PlanItemRow(i, c.Name, e == null ? null : e.LogDate, e == null ? null : e.Outcome)).ToListAsync();
        var (_, _, percent) = await plans.CompletionAsync(plan.ManagerUserId, plan.Year, plan.Month);
        return new MonthlyPlanDetail { Plan = plan, Manager = manager, Items = rows, CompletionPercent = percent };
    }

    public async Task<AnnualPlanDetail> AnnualAsync(int id)
    {
        var plan = await managers.Records(db.GetTable<AnnualPlan>(), p => p.OrgUnitId, p => p.ManagerUserId).Where(p => p.Id == id).SingleInScopeAsync();
        var manager = await managers.GetAsync(plan.ManagerUserId);
        var targets = await (from t in db.GetTable<AnnualTarget>()
                             where t.PlanId == id
                             join l in db.ProductLines on t.ProductLineId equals l.Id
                             orderby l.Sort
                             select new { l.Name, t.TargetFen }).ToListAsync();
        return new AnnualPlanDetail { Plan = plan, Manager = manager, Targets = [.. targets.Select(t => (t.Name, t.TargetFen))] };
    }

    public async Task<LogsQueryPage> LogsAsync(string? date)
    {
        var d = LogService.TryDate(date) ?? clock.Today();
        var choices = (await managers.ChoicesAsync()).ToDictionary(c => c.Id);
        var ids = choices.Keys.ToList();
        var rows = await (from l in managers.Records(db.GetTable<DailyLog>(), l => l.OrgUnitId, l => l.ManagerUserId)
                          where SqlDates.On(l.LogDate, d) && ids.Contains(l.ManagerUserId)
                          select new { l.Id, l.ManagerUserId, l.CompletedAt, Entries = db.GetTable<LogEntry>().Count(e => e.LogId == l.Id) }).ToListAsync();
        return new LogsQueryPage
        {
            Date = d,
            Rows = [.. rows.Select(r => new LogRow(r.Id, choices[r.ManagerUserId], r.Entries, r.CompletedAt is not null)).OrderBy(r => r.Manager.UnitName).ThenBy(r => r.Manager.Login)],
        };
    }

    /// <summary>日志详情: one manager's day.</summary>
    public async Task<LogDetail> LogAsync(int id)
    {
        var log = await managers.Records(db.GetTable<DailyLog>(), l => l.OrgUnitId, l => l.ManagerUserId).Where(l => l.Id == id).SingleInScopeAsync();
        var manager = await managers.GetAsync(log.ManagerUserId);
        return new LogDetail { Log = log, Manager = manager, Entries = await logs.EntriesAsync(log.ManagerUserId, log.LogDate) };
    }
}
