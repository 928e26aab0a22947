using LinqToDB;
using PostalCrm.Plugins.Kpi.Data;
using PostalCrm.Sdk.Audit;
using PostalCrm.Sdk.Customers;
using PostalCrm.Sdk.Data;
using PostalCrm.Sdk.Organisation;
using PostalCrm.Sdk.Security;
using PostalCrm.Sdk.Time;

namespace PostalCrm.Plugins.Kpi.Features.Complaints;

public sealed record ManagerChoice(int Id, string Name, string Unit);

public sealed class ComplaintQuery
{
    public string? Customer { get; set; }
    public string? Manager { get; set; }
    public bool ByTime { get; set; }
    public DateOnly? From { get; set; }
    public DateOnly? To { get; set; }
    public int? UnitId { get; set; }
    public int? Kind { get; set; }
}

public sealed record ComplaintRow(int Id, int Kind, string CustomerName, string ManagerName, string UnitName, string Content, DateTime CreatedAt,
    string? Handling, string? Result);

/// <summary>
/// F-6.5 客户投诉建议: add (customer identity from the open pick-list, manager among those with an approved business
/// relationship to it), query and maintain within the records scope (org roles their area, a CM those naming them),
/// soft, audited delete.
/// </summary>
public sealed class ComplaintService(PostalDb db, DataScope scope, ICurrentUser user, CustomerDirectory customers, AuditLog audit, TimeProvider clock)
{
    public Task<IReadOnlyList<CustomerIdentity>> FindCustomersAsync(string? keyword) =>
        string.IsNullOrWhiteSpace(keyword) ? Task.FromResult<IReadOnlyList<CustomerIdentity>>([]) : customers.FindAsync(keyword.Trim());

    public async Task<CustomerIdentity> CustomerAsync(int customerId) =>
        await db.BusinessCustomers.Where(c => c.Id == customerId)
            .Select(c => new CustomerIdentity(c.Id, c.Code, c.Name, c.ShortName, c.DistrictOrgId, ""))
            .FirstOrDefaultAsync() ?? throw new OutOfScopeException();

    /// <summary>The customer managers with an approved business relationship to the customer.</summary>
    public async Task<IReadOnlyList<ManagerChoice>> ManagersAsync(int customerId) =>
        await (from r in db.BusinessRelationships
               join u in db.Users on r.ManagerUserId equals u.Id
               join o in db.OrgUnits on u.OrgUnitId equals o.Id
               where r.CustomerId == customerId && r.Approved && !u.Disabled
               select new ManagerChoice(u.Id, u.DisplayName, o.Name)).Distinct().OrderBy(m => m.Name).ToListAsync();

    public async Task<int> AddAsync(int customerId, int kind, int managerUserId, string? content)
    {
        await CustomerAsync(customerId);
        if (kind is not (KpiComplaint.Complaint or KpiComplaint.Suggestion)) throw new BusinessRuleException("请选择处理类型(投诉或建议)");
        var manager = (await ManagersAsync(customerId)).FirstOrDefault(m => m.Id == managerUserId)
            ?? throw new BusinessRuleException("请选择与该客户有业务关联的客户经理");
        var text = Input.RequireText(content, "内容", 1000);
        var unit = await db.Users.Where(u => u.Id == manager.Id).Select(u => u.OrgUnitId).FirstAsync();
        var c = new KpiComplaint
        {
            CustomerId = customerId, Kind = kind, ManagerUserId = manager.Id, OrgUnitId = unit, Content = text, CreatedBy = user.Id, CreatedAt = clock.UtcNow(),
        };
        c.Id = await db.InsertWithInt32IdentityAsync(c);
        await audit.WriteAsync("kpi_complaints", c.Id, "create", null, c);
        return c.Id;
    }

    private IQueryable<KpiComplaint> Visible() =>
        scope.Records(db.GetTable<KpiComplaint>().Where(c => !c.Deleted), c => c.OrgUnitId, c => c.ManagerUserId);

    /// <summary>Units the department filter offers: the user's area and below.</summary>
    public Task<List<OrgUnit>> UnitsAsync()
    {
        var ids = scope.AreaUnitIds;
        return db.OrgUnits.Where(u => ids.Contains(u.Id) && u.Active).OrderBy(u => u.Path).ToListAsync();
    }

    public async Task<IReadOnlyList<ComplaintRow>> QueryAsync(ComplaintQuery f)
    {
        var q = from c in Visible()
                join cu in db.BusinessCustomers on c.CustomerId equals cu.Id
                join u in db.Users on c.ManagerUserId equals u.Id
                join o in db.OrgUnits on c.OrgUnitId equals o.Id
                select new { c, cu, u, o };
        if (Text(f.Customer) is { } cn) q = q.Where(x => x.cu.Name.Contains(Sql.Constant(cn)) || x.cu.ShortName.Contains(Sql.Constant(cn)));
        if (Text(f.Manager) is { } mn) q = q.Where(x => x.u.DisplayName.Contains(Sql.Constant(mn)) || x.u.Login.Contains(Sql.Constant(mn)));
        if (f.ByTime)
        {
            if (f.From is { } from) { var t = Utc(from); q = q.Where(x => x.c.CreatedAt >= t); }
            if (f.To is { } to) { var t = Utc(to.AddDays(1)); q = q.Where(x => x.c.CreatedAt < t); }
        }
        if (f.UnitId is { } unit)
        {
            await scope.EnsureUnitAsync(unit);
            q = q.Where(x => x.c.OrgUnitId == unit);
        }
        if (f.Kind is { } kind) q = q.Where(x => x.c.Kind == kind);
        return await q.OrderByDescending(x => x.c.CreatedAt).Take(500)
            .Select(x => new ComplaintRow(x.c.Id, x.c.Kind, x.cu.Name, x.u.DisplayName, x.o.Name, x.c.Content, x.c.CreatedAt, x.c.Handling, x.c.Result))
            .ToListAsync();
    }

    public async Task<ComplaintRow> GetAsync(int id) =>
        await (from c in Visible()
               join cu in db.BusinessCustomers on c.CustomerId equals cu.Id
               join u in db.Users on c.ManagerUserId equals u.Id
               join o in db.OrgUnits on c.OrgUnitId equals o.Id
               where c.Id == id
               select new ComplaintRow(c.Id, c.Kind, cu.Name, u.DisplayName, o.Name, c.Content, c.CreatedAt, c.Handling, c.Result)).SingleInScopeAsync();

    /// <summary>补充信息 of a suggestion: 处理方式 and 处理结果. A complaint's details are read-only.</summary>
    public async Task SupplementAsync(int id, string? handling, string? result)
    {
        var before = await Visible().Where(c => c.Id == id).SingleInScopeAsync();
        if (before.Kind != KpiComplaint.Suggestion) throw new BusinessRuleException("投诉的详细信息不能修改");
        var h = Input.RequireText(handling, "处理方式", 500);
        var r = Input.OptionalText(result, "处理结果", 500);
        await db.GetTable<KpiComplaint>().Where(c => c.Id == id).Set(c => c.Handling, h).Set(c => c.Result, r).UpdateAsync();
        await audit.WriteAsync("kpi_complaints", id, "supplement", new { before.Handling, before.Result }, new { Handling = h, Result = r });
    }

    /// <summary>Soft delete of the selected rows, each in scope (else 404 and nothing deleted), audited.</summary>
    public async Task<int> DeleteAsync(IReadOnlyCollection<int> ids)
    {
        if (ids.Count == 0) throw new BusinessRuleException("请选择要删除的记录");
        var rows = await Visible().Where(c => ids.Contains(c.Id)).ToListAsync();
        if (rows.Count != ids.Distinct().Count()) throw new OutOfScopeException();
        var now = clock.UtcNow();
        foreach (var c in rows)
        {
            await db.GetTable<KpiComplaint>().Where(x => x.Id == c.Id).Set(x => x.Deleted, true).Set(x => x.DeletedBy, user.Id).Set(x => x.DeletedAt, now).UpdateAsync();
            await audit.WriteAsync("kpi_complaints", c.Id, "delete", c, null);
        }
        return rows.Count;
    }

    private static string? Text(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();

    private static DateTime Utc(DateOnly beijingDate) => beijingDate.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc) - BeijingTime.Offset;
}
