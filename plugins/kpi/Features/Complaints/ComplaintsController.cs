using Microsoft.AspNetCore.Mvc;
using PostalCrm.Sdk.Customers;
using PostalCrm.Sdk.Data;
using PostalCrm.Sdk.Organisation;
using PostalCrm.Sdk.Security;

namespace PostalCrm.Plugins.Kpi.Features.Complaints;

public sealed class ComplaintForm
{
    public int CustomerId { get; set; }
    public int Kind { get; set; } = Data.KpiComplaint.Complaint;
    public int ManagerUserId { get; set; }
    public string? Content { get; set; }
}

public sealed class AddPage
{
    public string? Q { get; init; }
    public IReadOnlyList<CustomerIdentity> Matches { get; init; } = [];
    public CustomerIdentity? Customer { get; init; }
    public IReadOnlyList<ManagerChoice> Managers { get; init; } = [];
    public ComplaintForm Form { get; init; } = new();
}

public sealed class QueryPage
{
    public required ComplaintQuery Query { get; init; }
    public IReadOnlyList<OrgUnit> Units { get; init; } = [];
    public IReadOnlyList<ComplaintRow> Rows { get; init; } = [];
}

/// <summary>F-6.5 客户投诉建议添加 and 客户投诉建议查询 (详细信息 / 补充信息, delete selected).</summary>
[Route("kpi/complaints")]
public sealed class ComplaintsController(ComplaintService complaints, PostalDb db) : Controller
{
    [HttpGet("add"), RequirePermission(KpiPermissions.ComplaintsAdd)]
    public async Task<IActionResult> Add(string? q, int? customerId) => View("Add", await AddPageAsync(q, customerId, null));

    [HttpPost("add"), RequirePermission(KpiPermissions.ComplaintsAdd)]
    public Task<IActionResult> Add(ComplaintForm form) =>
        this.ChangeAsync(db, () => complaints.AddAsync(form.CustomerId, form.Kind, form.ManagerUserId, form.Content),
            "客户投诉建议已添加", () => RedirectToAction(nameof(Add)), async () => View("Add", await AddPageAsync(null, form.CustomerId, form)));

    [HttpGet(""), RequirePermission(KpiPermissions.ComplaintsView)]
    public async Task<IActionResult> Index(ComplaintQuery query, bool search) => View("Index", new QueryPage
    {
        Query = query, Units = await complaints.UnitsAsync(), Rows = search ? await complaints.QueryAsync(query) : [],
    });

    [HttpGet("{id:int}"), RequirePermission(KpiPermissions.ComplaintsView)]
    public async Task<IActionResult> Details(int id) => View("Details", await complaints.GetAsync(id));

    [HttpPost("{id:int}"), RequirePermission(KpiPermissions.ComplaintsView)]
    public Task<IActionResult> Supplement(int id, string? handling, string? result) =>
        this.ChangeAsync(db, () => complaints.SupplementAsync(id, handling, result), "补充信息已保存",
            () => RedirectToAction(nameof(Details), new { id }), async () => View("Details", await complaints.GetAsync(id)));

    [HttpPost("delete"), RequirePermission(KpiPermissions.ComplaintsView)]
    public async Task<IActionResult> Delete(int[] ids)
    {
        await using (var tx = await db.BeginTransactionAsync())
        {
            var n = await complaints.DeleteAsync(ids);
            await tx.CommitAsync();
            TempData["Flash"] = $"已删除 {n} 条记录";
        }
        return RedirectToAction(nameof(Index));
    }

    private async Task<AddPage> AddPageAsync(string? q, int? customerId, ComplaintForm? form)
    {
        var customer = customerId is > 0 ? await complaints.CustomerAsync(customerId.Value) : null;
        return new AddPage
        {
            Q = q, Matches = await complaints.FindCustomersAsync(q), Customer = customer,
            Managers = customer is null ? [] : await complaints.ManagersAsync(customer.Id),
            Form = form ?? new ComplaintForm { CustomerId = customer?.Id ?? 0 },
        };
    }
}
