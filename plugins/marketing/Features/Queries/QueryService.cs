using PostalCrm.Plugins.Marketing.Common;
using PostalCrm.Plugins.Marketing.Data;
using PostalCrm.Plugins.Marketing.Features.Logs;
using PostalCrm.Plugins.Marketing.Features.Plans;
using PostalCrm.Sdk.Data;
using PostalCrm.Sdk.Lists;
using PostalCrm.Sdk.Security;
using PostalCrm.Sdk.Time;

namespace PostalCrm.Plugins.Marketing.Features.Queries;

/// <summary>F-4.8 客户经理计划查询 and F-4.9 客户经理日志查询: lists of the managers in scope; details by the record rule (404 outside).</summary>
public sealed class QueryService(PostalDb db, ManagerScope managers, PlanService plans, LogService logs, TimeProvider clock, BoundedCounts counts, ICurrentUser me)
{
    /// <summary>Managers per page of 客户经理计划查询 (a city has ~250).</summary>
    public const int PlansPageSize = 50;

    /// <summary>
    /// The managers in scope, a page at a time (unit, then login), each with their plan of the month (year), if any: the
    /// page's managers are cut first in a derived table, then left-joined to their plans under the record rule with the
    /// counts as sub-queries — for those 50 only (issue 8: a city's ~250 managers with their counts on one page were the
    /// page's cost; no IN list of the managers' ids either).
    /// </summary>
    public async Task<PlansQueryPage> PlansAsync(string? kind, int? year, string? month, int page = 1)
    {
        var today = clock.Today();
        var pickable = managers.PickableWithUnits();
        var total = await counts.CountAsync(pickable, $"marketing/plan-managers|{me.Id}");
        var pages = Math.Max(1, (total + PlansPageSize - 1) / PlansPageSize);
        page = Math.Clamp(page, 1, pages);
        var skip = (page - 1) * PlansPageSize;
        var take = PlansPageSize;
        var onPage = pickable.OrderBy(m => m.Unit.Path).ThenBy(m => m.User.Login).Skip(() => skip).Take(() => take);
        if (kind == "annual")
        {
            var y = year ?? today.Year;
            var plans = managers.Records(db.GetTable<AnnualPlan>(), p => p.OrgUnitId, p => p.ManagerUserId).Where(p => p.Year == y);
            var annual = await (from m in onPage
                                from p in plans.LeftJoin(p => p.ManagerUserId == m.User.Id)
                                orderby m.Unit.Path, m.User.Login
                                select new
                                {
                                    Choice = new ManagerChoice(m.User.Id, m.User.DisplayName, m.User.EmployeeNo, m.User.Login, m.User.OrgUnitId, m.Unit.Name),
                                    PlanId = (int?)p.Id,
                                    Total = db.GetTable<AnnualTarget>().Where(t => t.PlanId == p.Id).Sum(t => (long?)t.TargetFen) ?? 0,
                                }).ToListAsync();
            return new PlansQueryPage
            {
                Kind = "annual", Year = y, Month = $"{today.Year:D4}-{today.Month:D2}",
                Rows = new Paged<PlanRow>([.. annual.Select(a => a.PlanId is { } id ? new PlanRow(a.Choice, id, 0, 0, a.Total) : new PlanRow(a.Choice, null, 0, 0, 0))],
                    page, PlansPageSize, total),
            };
        }
        var (yy, mm) = month is null ? (today.Year, today.Month) : PlanService.ParseMonth(month);
        var entries = db.GetTable<LogEntry>();
        var monthlyPlans = managers.Records(db.GetTable<MonthlyPlan>(), p => p.OrgUnitId, p => p.ManagerUserId).Where(p => p.Year == yy && p.Month == mm);
        var monthly = await (from m in onPage
                             from p in monthlyPlans.LeftJoin(p => p.ManagerUserId == m.User.Id)
                             orderby m.Unit.Path, m.User.Login
                             select new
                             {
                                 Choice = new ManagerChoice(m.User.Id, m.User.DisplayName, m.User.EmployeeNo, m.User.Login, m.User.OrgUnitId, m.Unit.Name),
                                 PlanId = (int?)p.Id,
                                 Items = db.GetTable<PlanItem>().Count(i => i.PlanId == p.Id),
                                 Done = db.GetTable<PlanItem>().Count(i => i.PlanId == p.Id && entries.Any(e => e.PlanItemId == i.Id)),
                             }).ToListAsync();
        return new PlansQueryPage
        {
            Kind = "monthly", Year = yy, Month = $"{yy:D4}-{mm:D2}",
            Rows = new Paged<PlanRow>([.. monthly.Select(a => a.PlanId is { } id ? new PlanRow(a.Choice, id, a.Items, a.Done, 0) : new PlanRow(a.Choice, null, 0, 0, 0))],
                page, PlansPageSize, total),
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

    /// <summary>
    /// The day's logs of the managers in scope, in one statement driven by the day's logs (the date index): joined to the
    /// pickable managers instead of reading every manager first and naming their ids in an IN list (issue 8).
    /// </summary>
    public async Task<LogsQueryPage> LogsAsync(string? date)
    {
        var d = LogService.TryDate(date) ?? clock.Today();
        // Read outside the lambda: a captured query is inlined before linq2db's cache lookup, a call inside it is not (SDK 1.12).
        var pickable = managers.PickableWithUnits();
        var rows = await (from l in managers.Records(db.GetTable<DailyLog>(), l => l.OrgUnitId, l => l.ManagerUserId)
                          where SqlDates.On(l.LogDate, d)
                          from m in pickable.InnerJoin(m => m.User.Id == l.ManagerUserId)
                          select new
                          {
                              l.Id,
                              Choice = new ManagerChoice(m.User.Id, m.User.DisplayName, m.User.EmployeeNo, m.User.Login, m.User.OrgUnitId, m.Unit.Name),
                              l.CompletedAt,
                              Entries = db.GetTable<LogEntry>().Count(e => e.LogId == l.Id),
                          }).ToListAsync();
        return new LogsQueryPage
        {
            Date = d,
            Rows = [.. rows.Select(r => new LogRow(r.Id, r.Choice, r.Entries, r.CompletedAt is not null)).OrderBy(r => r.Manager.UnitName).ThenBy(r => r.Manager.Login)],
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
