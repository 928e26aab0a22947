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
    /// The managers in scope, a page at a time (unit, then login), each with their plan of the month (year), if any, its
    /// counts (items; items with a log entry) or its targets' total — for the page's 50 only (issue 8: a city's ~250
    /// managers with their counts on one page were the page's cost). How the page's managers are read differs by database
    /// (<see cref="PlanRowsInOneStatementAsync"/>, <see cref="PlanRowsOfRememberedManagersAsync"/>); the rows do not.
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
        var annual = kind == "annual";
        var y = year ?? today.Year;
        var (yy, mm) = annual || month is null ? (today.Year, today.Month) : PlanService.ParseMonth(month);
        var rows = db.IsPostgres
            ? await PlanRowsOfRememberedManagersAsync(annual, y, yy, mm, page, skip, take)
            : await PlanRowsInOneStatementAsync(annual, y, yy, mm, pickable, skip, take);
        return new PlansQueryPage
        {
            Kind = annual ? "annual" : "monthly", Year = annual ? y : yy, Month = $"{yy:D4}-{mm:D2}",
            Rows = new Paged<PlanRow>(rows, page, PlansPageSize, total),
        };
    }

    private IQueryable<AnnualPlan> AnnualPlansOf(int year) =>
        managers.Records(db.GetTable<AnnualPlan>(), p => p.OrgUnitId, p => p.ManagerUserId).Where(p => p.Year == year);

    private IQueryable<MonthlyPlan> MonthlyPlansOf(int year, int month) =>
        managers.Records(db.GetTable<MonthlyPlan>(), p => p.OrgUnitId, p => p.ManagerUserId).Where(p => p.Year == year && p.Month == month);

    /// <summary>
    /// SQLite: the page's managers cut in a derived table, left-joined to their plans under the record rule with the counts
    /// as sub-queries — for those 50 only, one statement.
    /// </summary>
    private async Task<List<PlanRow>> PlanRowsInOneStatementAsync(bool annual, int y, int yy, int mm, IQueryable<PickedManager> pickable, int skip, int take)
    {
        var onPage = pickable.OrderBy(m => m.Unit.Path).ThenBy(m => m.User.Login).Skip(() => skip).Take(() => take);
        if (annual)
        {
            var plans = AnnualPlansOf(y);
            var rows = await (from m in onPage
                              from p in plans.LeftJoin(p => p.ManagerUserId == m.User.Id)
                              orderby m.Unit.Path, m.User.Login
                              select new
                              {
                                  Choice = new ManagerChoice(m.User.Id, m.User.DisplayName, m.User.EmployeeNo, m.User.Login, m.User.OrgUnitId, m.Unit.Name),
                                  PlanId = (int?)p.Id,
                                  Total = db.GetTable<AnnualTarget>().Where(t => t.PlanId == p.Id).Sum(t => (long?)t.TargetFen) ?? 0,
                              }).ToListAsync();
            return [.. rows.Select(a => a.PlanId is { } id ? new PlanRow(a.Choice, id, 0, 0, a.Total) : new PlanRow(a.Choice, null, 0, 0, 0))];
        }
        var entries = db.GetTable<LogEntry>();
        var monthlyPlans = MonthlyPlansOf(yy, mm);
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
        return [.. monthly.Select(a => a.PlanId is { } id ? new PlanRow(a.Choice, id, a.Items, a.Done, 0) : new PlanRow(a.Choice, null, 0, 0, 0))];
    }

    /// <summary>
    /// PostgreSQL: the page's managers remembered as the list's count is (<see cref="BoundedCounts"/>: until the next write
    /// through the portal, a minute at most), their plans read by their ids as one array under the record rule. Reading the
    /// managers in the page's statement was its cost on PostgreSQL (issue 8: a city's ~250 managers, each checked for the
    /// role, sorted by unit and login on every view — 0.6 ms of the database's CPU a request); the plans of 50 ids are 50
    /// index probes. The rows shown are still the record rule's: a plan outside it is not read.
    /// </summary>
    private async Task<List<PlanRow>> PlanRowsOfRememberedManagersAsync(bool annual, int y, int yy, int mm, int page, int skip, int take)
    {
        // Shared by every request under the key: read-only.
        var onPage = await counts.FigureAsync<IReadOnlyList<ManagerChoice>>($"marketing/plan-managers|{me.Id}|page {page}",
            async () => await managers.ChoicesPageAsync(skip, take));
        var ids = new SqlIdArray([.. onPage.Select(c => c.Id)]);
        if (annual)
        {
            var totals = await (from p in AnnualPlansOf(y)
                                where KeptSql.IsAnyOf(p.ManagerUserId, ids)
                                select new { p.ManagerUserId, p.Id, Total = db.GetTable<AnnualTarget>().Where(t => t.PlanId == p.Id).Sum(t => (long?)t.TargetFen) ?? 0 })
                .ToDictionaryAsync(p => p.ManagerUserId);
            return [.. onPage.Select(c => totals.TryGetValue(c.Id, out var p) ? new PlanRow(c, p.Id, 0, 0, p.Total) : new PlanRow(c, null, 0, 0, 0))];
        }
        var entries = db.GetTable<LogEntry>();
        var monthly = await (from p in MonthlyPlansOf(yy, mm)
                             where KeptSql.IsAnyOf(p.ManagerUserId, ids)
                             select new
                             {
                                 p.ManagerUserId,
                                 p.Id,
                                 Items = db.GetTable<PlanItem>().Count(i => i.PlanId == p.Id),
                                 Done = db.GetTable<PlanItem>().Count(i => i.PlanId == p.Id && entries.Any(e => e.PlanItemId == i.Id)),
                             }).ToDictionaryAsync(p => p.ManagerUserId);
        return [.. onPage.Select(c => monthly.TryGetValue(c.Id, out var p) ? new PlanRow(c, p.Id, p.Items, p.Done, 0) : new PlanRow(c, null, 0, 0, 0))];
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
