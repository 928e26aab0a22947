using PostalCrm.Plugins.Marketing.Data;
using PostalCrm.Sdk.Data;
using PostalCrm.Sdk.Organisation;
using PostalCrm.Sdk.Reference;
using PostalCrm.Sdk.Security;
using PostalCrm.Sdk.Time;

namespace PostalCrm.Plugins.Marketing.Demo;

/// <summary>
/// Plans and logs of every demo customer manager, so the pages are full on first run: annual plans for last year and this
/// year; monthly plans for the last two months and this one (maintenance items from the visit frequency of their
/// customers, plus development and other work); daily logs up to yesterday that complete most items due by then.
/// Also gives every own customer of the managers a visit frequency (set by the key-account department of its district)
/// where none exists, so 系统提示的维护工作 has something to show.
/// </summary>
public sealed class MarketingDemoData : IDemoData
{
    public async Task SeedAsync(DemoContext ctx, CancellationToken ct)
    {
        var db = ctx.Db;
        var r = ctx.Random;
        var today = ctx.Time.Today();
        var lines = await db.ProductLines.Where(l => l.Active).OrderBy(l => l.Sort).ToListAsync(ct);
        var managers = ctx.UsersInRole(RoleCodes.CustomerManager);

        foreach (var m in managers)
        {
            var own = await db.BusinessRelationships.Where(x => x.ManagerUserId == m.Id && x.Approved).Select(x => x.CustomerId).Distinct().OrderBy(x => x).ToListAsync(ct);
            var area = ctx.AreaOf(ctx.Unit(m.OrgUnitId));
            var dept = ctx.Units.FirstOrDefault(u => u.ParentId == area.Id && u.Kind is OrgUnitKind.KeyAccountDept or OrgUnitKind.KeyAccountCentre);
            if (dept is not null)
            {
                foreach (var c in own.Take(4))
                {
                    var deptId = dept.Id;
                    if (await db.VisitFrequencies.AnyAsync(f => f.CustomerId == c && f.OrgUnitId == deptId, ct)) continue;
                    await db.InsertAsync(new VisitFrequency { CustomerId = c, OrgUnitId = dept.Id, VisitsPerMonth = 1 + r.Next(2), UpdatedAt = ctx.Now, UpdatedBy = m.Id }, token: ct);
                }
            }

            foreach (var year in new[] { today.Year - 1, today.Year })
            {
                var planId = await db.InsertWithInt32IdentityAsync(new AnnualPlan
                {
                    ManagerUserId = m.Id, OrgUnitId = m.OrgUnitId, Year = year, OtherPlans = $"{year}年:巩固存量大客户,每季度走访重点客户,开发新客户 3 家。",
                    UpdatedAt = ctx.Now, UpdatedBy = m.Id,
                }, token: ct);
                foreach (var l in lines)
                    await db.InsertAsync(new AnnualTarget { PlanId = planId, ProductLineId = l.Id, TargetFen = r.Next(100) < 30 ? 0 : r.Next(5, 60) * 1_000_00L }, token: ct);
            }

            if (own.Count == 0) continue;
            var others = await db.BusinessCustomers.Where(c => c.DistrictOrgId == area.Id && !own.Contains(c.Id)).OrderBy(c => c.Id).Select(c => c.Id).Take(5).ToListAsync(ct);
            var contacts = (await db.Contacts.Where(c => own.Contains(c.CustomerId) && !c.Deleted).ToListAsync(ct)).ToLookup(c => c.CustomerId);
            for (var back = 2; back >= 0; back--)
            {
                var first = new DateOnly(today.Year, today.Month, 1).AddMonths(-back);
                var days = DateTime.DaysInMonth(first.Year, first.Month);
                var planId = await db.InsertWithInt32IdentityAsync(new MonthlyPlan
                {
                    ManagerUserId = m.Id, OrgUnitId = m.OrgUnitId, Year = first.Year, Month = first.Month, UpdatedAt = ctx.Now, UpdatedBy = m.Id,
                }, token: ct);
                var items = new List<PlanItem>();
                foreach (var c in own.Take(4))
                {
                    var contact = contacts[c].FirstOrDefault();
                    items.Add(new PlanItem
                    {
                        PlanId = planId, ManagerUserId = m.Id, OrgUnitId = m.OrgUnitId, Kind = WorkKind.Maintenance, Suggested = true, CustomerId = c,
                        CustomerDept = contact?.Department, Contact = contact?.Name, PlannedDate = first.AddDays(r.Next(days)), Content = "客户维护拜访",
                    });
                }
                if (others.Count > 0)
                    items.Add(new PlanItem
                    {
                        PlanId = planId, ManagerUserId = m.Id, OrgUnitId = m.OrgUnitId, Kind = WorkKind.Development, CustomerId = ctx.Pick(others),
                        PlannedDate = first.AddDays(r.Next(days)), Content = "上门介绍速递、物流业务",
                    });
                items.Add(new PlanItem
                {
                    PlanId = planId, ManagerUserId = m.Id, OrgUnitId = m.OrgUnitId, Kind = WorkKind.Other, PlannedDate = first.AddDays(r.Next(days)),
                    Content = "参加营销分析会",
                });
                foreach (var item in items) item.Id = await db.InsertWithInt32IdentityAsync(item, token: ct);

                // Logs: most items due before today are completed on their day or a few days later (never after yesterday).
                foreach (var item in items.Where(i => i.PlannedDate < today).OrderBy(i => i.PlannedDate))
                {
                    if (r.Next(100) < 20) continue;
                    var day = item.PlannedDate.AddDays(r.Next(3));
                    if (day >= today) day = today.AddDays(-1);
                    if (day < item.PlannedDate) continue;
                    var managerId = m.Id;
                    var log = await db.GetTable<DailyLog>().FirstOrDefaultAsync(l => l.ManagerUserId == managerId && l.LogDate == day, ct);
                    var logId = log?.Id ?? await db.InsertWithInt32IdentityAsync(new DailyLog
                    {
                        ManagerUserId = m.Id, OrgUnitId = m.OrgUnitId, LogDate = day, CompletedAt = day.ToDateTime(new TimeOnly(10, 0), DateTimeKind.Utc), UpdatedAt = ctx.Now,
                    }, token: ct);
                    await db.InsertAsync(new LogEntry
                    {
                        LogId = logId, ManagerUserId = m.Id, OrgUnitId = m.OrgUnitId, LogDate = day, PlanItemId = item.Id, Kind = item.Kind, CustomerId = item.CustomerId,
                        CustomerDept = item.CustomerDept, Contact = item.Contact,
                        Outcome = item.Kind switch { WorkKind.Maintenance => "走访客户,了解近期用邮需求", WorkKind.Development => "介绍业务,客户有意向", _ => "已参加" },
                        CreatedAt = day.ToDateTime(new TimeOnly(9, 0), DateTimeKind.Utc),
                    }, token: ct);
                }
            }
        }
    }
}
