using System.Globalization;
using PostalCrm.Plugins.Marketing.Common;
using PostalCrm.Plugins.Marketing.Data;
using PostalCrm.Sdk.Audit;
using PostalCrm.Sdk.Customers;
using PostalCrm.Sdk.Data;
using PostalCrm.Sdk.Organisation;
using PostalCrm.Sdk.Security;
using PostalCrm.Sdk.Time;

namespace PostalCrm.Plugins.Marketing.Features.Plans;

/// <summary>F-4.5 annual plan and F-4.6 monthly plan: pages, checks (Chinese messages) and saving with audit.</summary>
public sealed class PlanService(PostalDb db, ManagerScope managers, Figures figures, CustomerDirectory customers, AuditLog audit,
    ICurrentUser me, OrgTree tree, TimeProvider clock)
{
    public const int MaxItems = 200;

    public async Task<PlanChooser> ChooserAsync(int? managerId, int? year, string? month)
    {
        var today = clock.Today();
        return new PlanChooser
        {
            Managers = await managers.ChoicesAsync(),
            ManagerId = managerId ?? await managers.DefaultAsync(),
            Year = year ?? today.Year,
            Month = month ?? $"{today.Year:D4}-{today.Month:D2}",
        };
    }

    // ---------------------------------------------------------------- F-4.5

    public Task<List<Sdk.Reference.ProductLine>> LinesAsync() =>
        db.ProductLines.Where(l => l.Active).OrderBy(l => l.Sort).ThenBy(l => l.Id).ToListAsync();

    public async Task<AnnualPage> AnnualPageAsync(int managerId, int year, AnnualForm? posted = null)
    {
        var manager = await managers.GetAsync(managerId);
        CheckYear(year);
        var lines = await LinesAsync();
        var plan = await db.GetTable<AnnualPlan>().FirstOrDefaultAsync(p => p.ManagerUserId == managerId && p.Year == year);
        var targets = plan is null ? new Dictionary<int, long>() :
            await db.GetTable<AnnualTarget>().Where(t => t.PlanId == plan.Id).ToDictionaryAsync(t => t.ProductLineId, t => t.TargetFen);
        var last = await figures.RevenueByLineAsync(new DateOnly(year - 1, 1, 1), new DateOnly(year - 1, 12, 31), [managerId]);
        var lastByLine = last.GroupBy(f => f.ProductLineId).ToDictionary(g => g.Key, g => g.Sum(f => f.ActualFen));
        string? Typed(int lineId)
        {
            if (posted is null) return Money.Input(targets.GetValueOrDefault(lineId));
            var i = posted.LineIds.IndexOf(lineId);
            return i >= 0 && i < posted.Targets.Count ? posted.Targets[i] : null;
        }
        return new AnnualPage
        {
            Manager = manager, Year = year, Exists = plan is not null,
            Lines = [.. lines.Select(l => new AnnualLine(l.Id, l.Name, lastByLine.GetValueOrDefault(l.Id), Typed(l.Id)))],
            LastYearTotalFen = last.Sum(f => f.ActualFen),
            OtherPlans = posted is null ? plan?.OtherPlans : posted.OtherPlans,
            FiguresAvailable = figures.Available,
        };
    }

    /// <summary>生成年计划: creates the plan, or replaces the targets of an existing one (entering again edits).</summary>
    public async Task<int> SaveAnnualAsync(AnnualForm form)
    {
        var manager = await managers.GetAsync(form.ManagerId);
        CheckYear(form.Year);
        var lines = await LinesAsync();
        var targets = new Dictionary<int, long>();
        foreach (var line in lines)
        {
            var i = form.LineIds.IndexOf(line.Id);
            targets[line.Id] = Money.ParseFen(i >= 0 && i < form.Targets.Count ? form.Targets[i] : null, line.Name + "收入计划");
        }
        var other = Input.OptionalText(form.OtherPlans, "其他工作计划", 2000);

        await using var tx = await db.BeginTransactionAsync();
        var plan = await db.GetTable<AnnualPlan>().FirstOrDefaultAsync(p => p.ManagerUserId == manager.Id && p.Year == form.Year);
        object? before = null;
        if (plan is null)
        {
            plan = new AnnualPlan { ManagerUserId = manager.Id, OrgUnitId = manager.OrgUnitId, Year = form.Year };
            plan.Id = await db.InsertWithInt32IdentityAsync(new AnnualPlan
            {
                ManagerUserId = manager.Id, OrgUnitId = manager.OrgUnitId, Year = form.Year, OtherPlans = other, UpdatedAt = clock.UtcNow(), UpdatedBy = me.Id,
            });
        }
        else
        {
            var id = plan.Id;
            before = new { plan.OtherPlans, Targets = await db.GetTable<AnnualTarget>().Where(t => t.PlanId == id).ToListAsync() };
            await db.GetTable<AnnualPlan>().Where(p => p.Id == id)
                .Set(p => p.OtherPlans, other).Set(p => p.UpdatedAt, clock.UtcNow()).Set(p => p.UpdatedBy, me.Id).UpdateAsync();
            await db.GetTable<AnnualTarget>().Where(t => t.PlanId == id).DeleteAsync();
        }
        foreach (var (lineId, fen) in targets)
            await db.InsertAsync(new AnnualTarget { PlanId = plan.Id, ProductLineId = lineId, TargetFen = fen });
        await audit.WriteAsync("marketing_annual_plan", plan.Id.ToString(CultureInfo.InvariantCulture), before is null ? "create" : "update", before,
            new { ManagerUserId = manager.Id, form.Year, OtherPlans = other, Targets = targets });
        await tx.CommitAsync();
        return plan.Id;
    }

    private void CheckYear(int year)
    {
        var today = clock.Today();
        if (year < 2000 || year > today.Year + 1) throw new BusinessRuleException($"年份须在 2000 到 {today.Year + 1} 之间");
    }

    // ---------------------------------------------------------------- F-4.6

    public static (int Year, int Month) ParseMonth(string? month)
    {
        if (month is { Length: 7 } && DateOnly.TryParseExact(month + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d))
            return (d.Year, d.Month);
        throw new BusinessRuleException("请选择计划月份");
    }

    /// <summary>Year-to-date completion of the annual revenue plan: actual revenue from 1 January up to the month's end (or today) over the year's targets.</summary>
    public async Task<(long Target, long Actual, decimal? Percent)> CompletionAsync(int managerId, int year, int month)
    {
        var targetFen = await (from p in db.GetTable<AnnualPlan>()
                               join t in db.GetTable<AnnualTarget>() on p.Id equals t.PlanId
                               where p.ManagerUserId == managerId && p.Year == year
                               select t.TargetFen).SumAsync(x => (long?)x) ?? 0;
        var end = Dates.LastOfMonth(year, month);
        var today = clock.Today();
        if (end > today) end = today;
        var actual = end < new DateOnly(year, 1, 1) ? 0 : (await figures.RevenueByLineAsync(new DateOnly(year, 1, 1), end, [managerId])).Sum(f => f.ActualFen);
        return (targetFen, actual, Money.Percent(actual, targetFen));
    }

    /// <summary>The manager's own customers: those an approved business relationship names them on.</summary>
    public async Task<List<CustomerOption>> OwnCustomersAsync(int managerId)
    {
        // Read through the manager's relationships (their index) and sorted here: "exists … order by name" made the
        // database walk every customer of the province in name order and probe each one (0.3 s at 200,000, issue 8).
        var own = OwnCustomerIds(managerId);
        var customers = await db.BusinessCustomers.Where(c => own.Contains(c.Id)).Select(c => new CustomerOption(c.Id, c.Name)).ToListAsync();
        return [.. customers.OrderBy(c => c.Name, StringComparer.Ordinal).ThenBy(c => c.Id)];
    }

    /// <summary>
    /// Maintenance suggestions: per own customer, the visits per month set by the key-account department (or centre) of
    /// the manager's area — the nearest one up the tree that set one — minus the maintenance visits logged this month and
    /// minus the open maintenance items already planned for it.
    /// </summary>
    /// <param name="managerId">The customer manager.</param>
    /// <param name="managerUnitId">Their org unit (where the frequencies are looked up from).</param>
    /// <param name="own">Their own customers, <see cref="OwnCustomersAsync"/>.</param>
    public async Task<List<ItemInput>> SuggestionsAsync(int managerId, int managerUnitId, int year, int month, IReadOnlyList<ItemInput> planned,
        IReadOnlyList<CustomerOption> own)
    {
        var ownIds = OwnCustomerIds(managerId);
        var freqs = await DeepestFrequenciesAsync(FrequencyRows(managerUnitId).Where(f => ownIds.Contains(f.CustomerId)));
        if (freqs.Count == 0) return [];
        var first = Dates.FirstOfMonth(year, month);
        var last = Dates.LastOfMonth(year, month);
        var mid = managerId;
        var logged = (await db.GetTable<LogEntry>()
                .Where(e => e.ManagerUserId == mid && e.Kind == WorkKind.Maintenance && SqlDates.OnOrAfter(e.LogDate, first) && SqlDates.OnOrBefore(e.LogDate, last) && e.CustomerId != null)
                .GroupBy(e => e.CustomerId!.Value).Select(g => new { g.Key, Count = g.Count() }).ToListAsync())
            .ToDictionary(x => x.Key, x => x.Count);
        var result = new List<ItemInput>();
        foreach (var c in own)
        {
            if (!freqs.TryGetValue(c.Id, out var perMonth)) continue;
            var open = planned.Count(i => i.Keep && i.Kind == WorkKind.Maintenance && i.CustomerId == c.Id);
            var n = perMonth - logged.GetValueOrDefault(c.Id) - open;
            for (var k = 0; k < n; k++)
                result.Add(new ItemInput { Kind = WorkKind.Maintenance, Suggested = true, Keep = false, CustomerId = c.Id, Content = "客户维护拜访" });
        }
        return result;
    }

    private IQueryable<int> OwnCustomerIds(int managerId) => db.BusinessRelationships.CustomerIdsOf(managerId);

    /// <summary>
    /// Visits per month of each customer, as set by the key-account department (or centre) of the manager's area — the
    /// nearest one up the tree that set one; customers without one are left out.
    /// </summary>
    public Task<Dictionary<int, int>> FrequenciesAsync(ManagerChoice manager, IReadOnlyList<int> customerIds) =>
        DeepestFrequenciesAsync(FrequencyRows(manager.OrgUnitId).Where(f => customerIds.Contains(f.CustomerId)));

    /// <summary>
    /// The frequencies set by a key-account department or centre whose parent is the manager's unit or one above it, read
    /// in one statement keyed by the unit's id (the tree walk used to cost three statements whose IN lists linq2db rendered
    /// again on every home page of a customer manager, issue 8).
    /// </summary>
    private IQueryable<FrequencyRow> FrequencyRows(int managerUnitId)
    {
        var lineage = tree.LineageOf(managerUnitId);
        return from f in db.VisitFrequencies
               join d in db.OrgUnits on f.OrgUnitId equals d.Id
               where (d.Kind == OrgUnitKind.KeyAccountDept || d.Kind == OrgUnitKind.KeyAccountCentre)
                     && lineage.Any(p => p.Id == d.ParentId)
               select new FrequencyRow { CustomerId = f.CustomerId, Level = (int)d.Level, VisitsPerMonth = f.VisitsPerMonth };
    }

    /// <summary>Per customer, the frequency of the deepest unit that set one.</summary>
    private static async Task<Dictionary<int, int>> DeepestFrequenciesAsync(IQueryable<FrequencyRow> rows) =>
        (await rows.ToListAsync())
            .GroupBy(f => f.CustomerId)
            .ToDictionary(g => g.Key, g => g.OrderByDescending(f => f.Level).First().VisitsPerMonth);

    private sealed class FrequencyRow
    {
        public int CustomerId { get; init; }
        public int Level { get; init; }
        public int VisitsPerMonth { get; init; }
    }

    /// <summary>
    /// 日期安排 hints: a customer visited <paramref name="perMonth"/> times a month, the visits spread evenly over the month
    /// (the middle of each equal part), today or later.
    /// </summary>
    public static IReadOnlyList<string> DueDates(int year, int month, int perMonth, DateOnly today)
    {
        var days = DateTime.DaysInMonth(year, month);
        var n = Math.Min(perMonth, days);
        if (n <= 0) return [];
        return [.. Enumerable.Range(0, n)
            .Select(k => new DateOnly(year, month, Math.Clamp((int)Math.Ceiling((k + 0.5) * days / n), 1, days)))
            .Where(d => d >= today).Distinct().Select(Dates.Iso)];
    }

    public async Task<MonthlyPage> MonthlyPageAsync(int managerId, string? monthText, MonthlyForm? posted = null)
    {
        var manager = await managers.GetAsync(managerId);
        var (year, month) = ParseMonth(monthText);
        CheckMonth(year, month);
        var plan = await db.GetTable<MonthlyPlan>().FirstOrDefaultAsync(p => p.ManagerUserId == managerId && p.Year == year && p.Month == month);
        var saved = plan is null ? [] : await db.GetTable<PlanItem>().Where(i => i.PlanId == plan.Id).OrderBy(i => i.PlannedDate).ThenBy(i => i.Id).ToListAsync();
        var savedIds = saved.Select(i => i.Id).ToList();
        var done = (await db.GetTable<LogEntry>().Where(e => e.PlanItemId != null && savedIds.Contains(e.PlanItemId!.Value))
            .Select(e => e.PlanItemId!.Value).ToListAsync()).ToHashSet();
        var own = await OwnCustomersAsync(managerId);

        List<ItemInput> items;
        if (posted is null)
        {
            items = [.. saved.Select(i => new ItemInput
            {
                Id = i.Id, Kind = i.Kind, Suggested = i.Suggested, Keep = true, CustomerId = i.CustomerId, CustomerDept = i.CustomerDept,
                Contact = i.Contact, PlannedDate = Dates.Iso(i.PlannedDate), Content = i.Content,
            })];
            items.AddRange(await SuggestionsAsync(manager.Id, manager.OrgUnitId, year, month, items, own));
        }
        else
        {
            items = posted.Items;
        }

        var (target, actual, percent) = await CompletionAsync(managerId, year, month);
        var search = posted?.Search;
        var others = new List<CustomerOption>();
        if (!string.IsNullOrWhiteSpace(search))
            others.AddRange((await customers.FindRegisteredInAsync(search, manager.OrgUnitId, 30)).Select(c => new CustomerOption(c.Id, c.Name)));
        var chosen = items.Where(i => i.CustomerId is not null).Select(i => i.CustomerId!.Value).Distinct()
            .Where(id => own.All(c => c.Id != id) && others.All(c => c.Id != id)).ToList();
        if (chosen.Count > 0)
            others.AddRange(await db.BusinessCustomers.Where(c => chosen.Contains(c.Id)).Select(c => new CustomerOption(c.Id, c.Name)).ToListAsync());

        return new MonthlyPage
        {
            Manager = manager, Year = year, MonthNumber = month, First = Dates.FirstOfMonth(year, month), Last = Dates.LastOfMonth(year, month),
            Exists = plan is not null, AnnualTargetFen = target, YearToDateFen = actual, CompletionPercent = percent,
            FiguresAvailable = figures.Available, Items = items, DoneItemIds = done, OwnCustomers = own, OtherCustomers = others,
            Hints = await HintsAsync(items.Where(i => i.CustomerId is not null).Select(i => i.CustomerId!.Value).Concat(own.Select(c => c.Id)),
                manager, year, month),
            Search = search,
        };
    }

    /// <summary>
    /// 客户部门, 对方联系人 and (with a manager and month) 日期安排 suggestions per customer whose details the user may see: its
    /// contacts' departments and names, and the visit dates of its frequency; typed text is accepted too.
    /// </summary>
    public async Task<IReadOnlyList<CustomerHints>> HintsAsync(IEnumerable<int> customerIds, ManagerChoice? manager = null, int year = 0, int month = 0)
    {
        var ids = await VisibleAsync(customerIds.Distinct().ToList());
        if (ids.Count == 0) return [];
        var contacts = (await db.Contacts.Where(c => ids.Contains(c.CustomerId) && !c.Deleted).ToListAsync()).ToLookup(c => c.CustomerId);
        Dictionary<int, int> freqs = manager is null || year == 0 ? [] : await FrequenciesAsync(manager, ids);
        var today = clock.Today();
        return [.. ids.Select(id => new CustomerHints(id,
                [.. contacts[id].Select(c => c.Department).OfType<string>().Distinct().Order(StringComparer.Ordinal)],
                [.. contacts[id].Select(c => c.Name).Distinct().Order(StringComparer.Ordinal)],
                freqs.TryGetValue(id, out var f) ? DueDates(year, month, f, today) : []))
            .Where(h => h.Departments.Count + h.Contacts.Count + h.Dates.Count > 0)];
    }

    /// <summary>The customers whose details the user may see (by role, or an approved grant): a customer's contacts are details.</summary>
    private async Task<List<int>> VisibleAsync(List<int> ids)
    {
        if (ids.Count == 0) return ids;
        var visible = (await customers.InScope().Where(c => ids.Contains(c.Id)).Select(c => c.Id).ToListAsync()).ToHashSet();
        var rest = ids.Where(id => !visible.Contains(id)).ToList();
        if (rest.Count > 0)
            foreach (var c in await db.BusinessCustomers.Where(c => rest.Contains(c.Id)).ToListAsync())
                if ((await customers.VisibleDetailAsync(c)).HasFlag(CustomerDetail.Basic)) visible.Add(c.Id);
        return [.. ids.Where(visible.Contains)];
    }

    /// <summary>
    /// The live hints of one customer (the JSON endpoint behind the plan and log forms): only a customer whose details the
    /// user may see (else 404); dates only for a manager the user may pick (else 404) and a month.
    /// </summary>
    public async Task<CustomerHints> CustomerHintsAsync(int customerId, int? managerId, string? month)
    {
        await customers.GetAsync(customerId, CustomerDetail.Basic);
        ManagerChoice? manager = managerId is { } mid ? await managers.GetAsync(mid) : null;
        var (year, m) = manager is not null && month is not null ? ParseMonth(month) : (0, 0);
        var hints = await HintsAsync([customerId], manager, year, m);
        return hints.Count > 0 ? hints[0] : new CustomerHints(customerId, [], [], []);
    }

    private void CheckMonth(int year, int month)
    {
        var today = clock.Today();
        var next = new DateOnly(today.Year, today.Month, 1).AddMonths(1);
        if (new DateOnly(year, month, 1) > next) throw new BusinessRuleException("只能录入本月及下月以前的月计划");
        if (year < 2000) throw new BusinessRuleException("计划月份不正确");
    }

    /// <summary>Adds an empty row of the kind (添加维护工作 / 添加开发工作 / 添加其他工作): manual rows are ticked (完成) by default.</summary>
    public static void AddRow(MonthlyForm form)
    {
        var kind = form.Op switch
        {
            MonthlyForm.OpMaintenance => WorkKind.Maintenance,
            MonthlyForm.OpDevelopment => WorkKind.Development,
            MonthlyForm.OpOther => WorkKind.Other,
            _ => (WorkKind?)null,
        };
        if (kind is { } k) form.Items.Add(new ItemInput { Kind = k, Keep = true });
    }

    /// <summary>月计划录入完成: saves the ticked rows; unticked saved rows are removed (unless already completed in a log).</summary>
    public async Task<int> SaveMonthlyAsync(MonthlyForm form)
    {
        var manager = await managers.GetAsync(form.ManagerId);
        var (year, month) = ParseMonth(form.Month);
        CheckMonth(year, month);
        var first = Dates.FirstOfMonth(year, month);
        var last = Dates.LastOfMonth(year, month);
        var kept = form.Items.Where(i => i.Keep).ToList();
        if (kept.Count > MaxItems) throw new BusinessRuleException($"一个月最多 {MaxItems} 项工作");
        var ownIds = (await OwnCustomersAsync(manager.Id)).Select(c => c.Id).ToHashSet();
        var otherIds = kept.Where(i => i.Kind != WorkKind.Maintenance && i.CustomerId is not null).Select(i => i.CustomerId!.Value).Distinct().ToList();
        var registered = (await (await customers.RegisteredInAsync(manager.OrgUnitId)).Where(c => otherIds.Contains(c.Id)).Select(c => c.Id).ToListAsync()).ToHashSet();

        var rows = new List<PlanItem>();
        var n = 0;
        foreach (var i in kept)
        {
            n++;
            var label = $"第 {n} 项{KindName(i.Kind)}";
            if (!Enum.IsDefined(i.Kind)) throw new BusinessRuleException($"第 {n} 项工作类型不正确");
            if (!DateOnly.TryParseExact(i.PlannedDate ?? "", "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
                throw new BusinessRuleException($"{label}:请选择日期安排");
            if (date < first || date > last) throw new BusinessRuleException($"{label}:日期安排须在 {year} 年 {month} 月内");
            switch (i.Kind)
            {
                case WorkKind.Maintenance when i.CustomerId is null:
                    throw new BusinessRuleException($"{label}:请选择客户");
                case WorkKind.Maintenance when !ownIds.Contains(i.CustomerId.Value):
                    throw new BusinessRuleException($"{label}:维护工作只能选择该客户经理的客户");
                case WorkKind.Development when i.CustomerId is null:
                    throw new BusinessRuleException($"{label}:请选择客户");
                case WorkKind.Development or WorkKind.Other when i.CustomerId is { } c && !registered.Contains(c):
                    throw new BusinessRuleException($"{label}:只能选择本部门注册的客户");
            }
            var content = Input.OptionalText(i.Content, $"{label}的工作内容", 500);
            if (i.Kind == WorkKind.Other && i.CustomerId is null && content is null) throw new BusinessRuleException($"{label}:请填写工作内容");
            rows.Add(new PlanItem
            {
                Id = i.Id ?? 0, ManagerUserId = manager.Id, OrgUnitId = manager.OrgUnitId, Kind = i.Kind, Suggested = i.Suggested, CustomerId = i.CustomerId,
                CustomerDept = Input.OptionalText(i.CustomerDept, $"{label}的客户部门", 100),
                Contact = Input.OptionalText(i.Contact, $"{label}的拜访人/对方联系人", 50),
                PlannedDate = date, Content = content,
            });
        }

        await using var tx = await db.BeginTransactionAsync();
        var plan = await db.GetTable<MonthlyPlan>().FirstOrDefaultAsync(p => p.ManagerUserId == manager.Id && p.Year == year && p.Month == month);
        int planId;
        if (plan is null)
        {
            planId = await db.InsertWithInt32IdentityAsync(new MonthlyPlan
            {
                ManagerUserId = manager.Id, OrgUnitId = manager.OrgUnitId, Year = year, Month = month, UpdatedAt = clock.UtcNow(), UpdatedBy = me.Id,
            });
        }
        else
        {
            planId = plan.Id;
            await db.GetTable<MonthlyPlan>().Where(p => p.Id == planId).Set(p => p.UpdatedAt, clock.UtcNow()).Set(p => p.UpdatedBy, me.Id).UpdateAsync();
        }
        var before = await db.GetTable<PlanItem>().Where(i => i.PlanId == planId).ToListAsync();
        var beforeIds = before.Select(i => i.Id).ToHashSet();
        var done = (await db.GetTable<LogEntry>().Where(e => e.PlanItemId != null && beforeIds.Contains(e.PlanItemId!.Value))
            .Select(e => e.PlanItemId!.Value).ToListAsync()).ToHashSet();
        var keptIds = rows.Where(r => r.Id != 0).Select(r => r.Id).ToHashSet();
        if (!keptIds.IsSubsetOf(beforeIds)) throw new OutOfScopeException();
        var removed = beforeIds.Except(keptIds).ToList();
        if (removed.Any(done.Contains)) throw new BusinessRuleException("已在工作日志中完成的计划项不能删除");
        if (removed.Count > 0) await db.GetTable<PlanItem>().Where(i => removed.Contains(i.Id)).DeleteAsync();
        foreach (var r in rows)
        {
            r.PlanId = planId;
            if (r.Id == 0) r.Id = await db.InsertWithInt32IdentityAsync(r);
            else await db.UpdateAsync(r);
        }
        await audit.WriteAsync("marketing_monthly_plan", planId.ToString(CultureInfo.InvariantCulture), plan is null ? "create" : "update",
            plan is null ? null : before, rows);
        await tx.CommitAsync();
        return planId;
    }

    public static string KindName(WorkKind kind) => kind switch
    {
        WorkKind.Maintenance => "维护工作",
        WorkKind.Development => "开发工作",
        WorkKind.Other => "其他工作",
        _ => "工作",
    };
}
