using System.Globalization;
using PostalCrm.Plugins.Marketing.Common;
using PostalCrm.Plugins.Marketing.Data;
using PostalCrm.Plugins.Marketing.Features.Plans;
using PostalCrm.Sdk.Audit;
using PostalCrm.Sdk.Customers;
using PostalCrm.Sdk.Data;
using PostalCrm.Sdk.Security;
using PostalCrm.Sdk.Time;

namespace PostalCrm.Plugins.Marketing.Features.Logs;

/// <summary>
/// F-4.7 客户经理日志录入. Prompts of a day D are the manager's plan items scheduled on or before D (from the first of
/// the previous month, so an item of the 31st prompts on the 1st) that no log entry completed on D or earlier; an item
/// completed on D is in D's done list. A completed item never prompts on a later day.
/// </summary>
public sealed class LogService(PostalDb db, ManagerScope managers, PlanService plans, CustomerDirectory customers, AuditLog audit, TimeProvider clock)
{
    public async Task<LogChooser> ChooserAsync(int? managerId, string? date) => new()
    {
        Managers = await managers.ChoicesAsync(),
        ManagerId = managerId ?? await managers.DefaultAsync(),
        Date = TryDate(date) ?? clock.Today(),
    };

    public static DateOnly? TryDate(string? text) =>
        DateOnly.TryParseExact(text ?? "", "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d : null;

    public DateOnly ParseDay(string? text)
    {
        var d = TryDate(text) ?? throw new BusinessRuleException("请选择日期");
        if (d > clock.Today()) throw new BusinessRuleException("不能录入今天以后的工作日志");
        return d;
    }

    /// <summary>The prompts of a day (see the class summary).</summary>
    public async Task<List<Prompt>> PromptsAsync(int managerId, DateOnly date)
    {
        var since = new DateOnly(date.Year, date.Month, 1).AddMonths(-1);
        var entries = db.GetTable<LogEntry>();
        return await (from i in db.GetTable<PlanItem>()
                      where i.ManagerUserId == managerId && SqlDates.OnOrBefore(i.PlannedDate, date) && SqlDates.OnOrAfter(i.PlannedDate, since)
                            && !entries.Any(e => e.PlanItemId == i.Id && SqlDates.OnOrBefore(e.LogDate, date))
                      from c in db.BusinessCustomers.LeftJoin(c => c.Id == i.CustomerId)
                      orderby i.PlannedDate, i.Id
                      select new Prompt(i.Id, i.Kind, i.CustomerId, c.Name, i.CustomerDept, i.Contact, i.PlannedDate, i.Content)).ToListAsync();
    }

    public async Task<List<DoneEntry>> EntriesAsync(int managerId, DateOnly date) =>
        await (from e in db.GetTable<LogEntry>()
               where e.ManagerUserId == managerId && SqlDates.On(e.LogDate, date)
               from c in db.BusinessCustomers.LeftJoin(c => c.Id == e.CustomerId)
               orderby e.Id
               select new DoneEntry(e.Id, e.PlanItemId, e.Kind, e.CustomerId, c.Name, e.CustomerDept, e.Contact, e.Outcome)).ToListAsync();

    public async Task<DayPage> DayPageAsync(int managerId, string? dateText, string? search = null)
    {
        var manager = await managers.GetAsync(managerId);
        var date = ParseDay(dateText);
        var prompts = await PromptsAsync(managerId, date);
        var done = await EntriesAsync(managerId, date);
        var own = await plans.OwnCustomersAsync(managerId);
        var found = string.IsNullOrWhiteSpace(search) ? [] :
            (await customers.FindRegisteredInAsync(search, manager.OrgUnitId, 30)).Select(c => new CustomerOption(c.Id, c.Name)).ToList();
        var log = await db.GetTable<DailyLog>().FirstOrDefaultAsync(l => l.ManagerUserId == managerId && SqlDates.On(l.LogDate, date));
        var ids = prompts.Select(p => p.CustomerId).Concat(done.Select(d => d.CustomerId)).OfType<int>().Concat(own.Select(c => c.Id));
        return new DayPage
        {
            Manager = manager, Date = date, Completed = log?.CompletedAt is not null, Prompts = prompts, Done = done, OwnCustomers = own,
            FoundCustomers = found, Hints = await plans.HintsAsync(ids), Search = search,
        };
    }

    /// <summary>完成: records the outcome of a prompt on the day; it moves to the done list.</summary>
    public async Task CompleteAsync(CompleteForm form)
    {
        var manager = await managers.GetAsync(form.ManagerId);
        var date = ParseDay(form.Date);
        var item = await managers.Records(db.GetTable<PlanItem>(), i => i.OrgUnitId, i => i.ManagerUserId)
            .Where(i => i.Id == form.ItemId && i.ManagerUserId == manager.Id).SingleInScopeAsync();
        if (item.PlannedDate > date) throw new BusinessRuleException("该计划项的日期安排还没到");
        var itemId = item.Id;
        var outcome = Input.RequireText(form.Outcome, "工作结果", 500);
        await using var tx = await db.BeginTransactionAsync();
        if (await db.GetTable<LogEntry>().AnyAsync(e => e.PlanItemId == itemId))
            throw new BusinessRuleException("该计划项已在工作日志中完成");
        var log = await LogAsync(manager, date);
        var entry = new LogEntry
        {
            LogId = log.Id, ManagerUserId = manager.Id, OrgUnitId = manager.OrgUnitId, LogDate = date, PlanItemId = item.Id, Kind = item.Kind,
            CustomerId = item.CustomerId, CustomerDept = Input.OptionalText(form.CustomerDept, "客户部门", 100) ?? item.CustomerDept,
            Contact = Input.OptionalText(form.Contact, "拜访人/对方联系人", 50) ?? item.Contact, Outcome = outcome, CreatedAt = clock.UtcNow(),
        };
        entry.Id = await db.InsertWithInt32IdentityAsync(entry);
        await audit.WriteAsync("marketing_log_entry", entry.Id, "create", null, entry);
        await tx.CommitAsync();
    }

    /// <summary>A manual maintenance (own customers), development or other entry (customers registered in the department, F-4.7 as F-4.6).</summary>
    public async Task AddAsync(AddForm form)
    {
        var manager = await managers.GetAsync(form.ManagerId);
        var date = ParseDay(form.Date);
        if (!Enum.IsDefined(form.Kind)) throw new BusinessRuleException("请选择工作类型");
        switch (form.Kind)
        {
            case WorkKind.Maintenance when form.CustomerId is null:
            case WorkKind.Development when form.CustomerId is null:
                throw new BusinessRuleException("请选择客户");
            case WorkKind.Maintenance when (await plans.OwnCustomersAsync(manager.Id)).All(c => c.Id != form.CustomerId):
                throw new BusinessRuleException("维护工作只能选择该客户经理的客户");
            case WorkKind.Development or WorkKind.Other when form.CustomerId is { } cid
                                                             && !await (await customers.RegisteredInAsync(manager.OrgUnitId)).AnyAsync(c => c.Id == cid):
                throw new BusinessRuleException("只能选择本部门注册的客户");
        }
        var outcome = Input.RequireText(form.Outcome, "工作结果", 500);
        await using var tx = await db.BeginTransactionAsync();
        var log = await LogAsync(manager, date);
        var entry = new LogEntry
        {
            LogId = log.Id, ManagerUserId = manager.Id, OrgUnitId = manager.OrgUnitId, LogDate = date, Kind = form.Kind, CustomerId = form.CustomerId,
            CustomerDept = Input.OptionalText(form.CustomerDept, "客户部门", 100), Contact = Input.OptionalText(form.Contact, "拜访人/对方联系人", 50),
            Outcome = outcome, CreatedAt = clock.UtcNow(),
        };
        entry.Id = await db.InsertWithInt32IdentityAsync(entry);
        await audit.WriteAsync("marketing_log_entry", entry.Id, "create", null, entry);
        await tx.CommitAsync();
    }

    /// <summary>修改 a done entry; unticked, it is deleted (its plan item prompts again). Returns the entry's manager and day.</summary>
    public async Task<(int ManagerId, DateOnly Date)> UpdateAsync(int entryId, EntryForm form)
    {
        var entry = await managers.Records(db.GetTable<LogEntry>(), e => e.OrgUnitId, e => e.ManagerUserId).Where(e => e.Id == entryId).SingleInScopeAsync();
        await managers.GetAsync(entry.ManagerUserId);
        await using var tx = await db.BeginTransactionAsync();
        if (!form.Keep)
        {
            await db.GetTable<LogEntry>().Where(e => e.Id == entryId).DeleteAsync();
            await audit.WriteAsync("marketing_log_entry", entryId, "delete", entry, null);
        }
        else
        {
            var outcome = Input.RequireText(form.Outcome, "工作结果", 500);
            var dept = Input.OptionalText(form.CustomerDept, "客户部门", 100);
            var contact = Input.OptionalText(form.Contact, "拜访人/对方联系人", 50);
            await db.GetTable<LogEntry>().Where(e => e.Id == entryId)
                .Set(e => e.Outcome, outcome).Set(e => e.CustomerDept, dept).Set(e => e.Contact, contact).UpdateAsync();
            await audit.WriteAsync("marketing_log_entry", entryId, "update", entry, new { Outcome = outcome, CustomerDept = dept, Contact = contact });
        }
        await tx.CommitAsync();
        return (entry.ManagerUserId, entry.LogDate);
    }

    /// <summary>工作日志录入完成.</summary>
    public async Task FinishAsync(int managerId, string? dateText)
    {
        var manager = await managers.GetAsync(managerId);
        var date = ParseDay(dateText);
        await using var tx = await db.BeginTransactionAsync();
        var log = await LogAsync(manager, date);
        var id = log.Id;
        await db.GetTable<DailyLog>().Where(l => l.Id == id).Set(l => l.CompletedAt, clock.UtcNow()).Set(l => l.UpdatedAt, clock.UtcNow()).UpdateAsync();
        await audit.WriteAsync("marketing_daily_log", id, "complete", null, new { manager.Id, Date = date });
        await tx.CommitAsync();
    }

    private async Task<DailyLog> LogAsync(ManagerChoice manager, DateOnly date)
    {
        var log = await db.GetTable<DailyLog>().FirstOrDefaultAsync(l => l.ManagerUserId == manager.Id && SqlDates.On(l.LogDate, date));
        if (log is not null) return log;
        log = new DailyLog { ManagerUserId = manager.Id, OrgUnitId = manager.OrgUnitId, LogDate = date, UpdatedAt = clock.UtcNow() };
        log.Id = await db.InsertWithInt32IdentityAsync(log);
        return log;
    }
}
