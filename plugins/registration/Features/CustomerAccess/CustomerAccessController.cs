using Microsoft.AspNetCore.Mvc;
using PostalCrm.Sdk.Data;
using PostalCrm.Sdk.Security;

namespace PostalCrm.Plugins.Registration.CustomerAccess;

/// <summary>F-3.8 客户资料调取申请 / 客户资料调取审批 and F-3.9 共享客户信息查看.</summary>
[Route("registration/access")]
public sealed class CustomerAccessController(CustomerAccessService access, PostalDb db) : Controller
{
    /// <summary>共享客户信息查看: the user's own requests.</summary>
    [HttpGet(""), RequirePermission(RegistrationPermissions.RequestAccess)]
    public async Task<IActionResult> Index() => View(await access.MineAsync());

    [HttpGet("new"), RequirePermission(RegistrationPermissions.RequestAccess)]
    public async Task<IActionResult> New() => View(await access.NewPageAsync());

    [HttpPost("new"), RequirePermission(RegistrationPermissions.RequestAccess)]
    public Task<IActionResult> New(AccessRequestForm form) =>
        this.ChangeAsync(db, () => access.CreateAsync(form), "客户资料调取申请已提交,请等待审批",
            () => RedirectToAction(nameof(Index)), async () => View(await access.NewPageAsync(form)));

    /// <summary>htmx pick-list: customers by name, 简称 or code (identity only).</summary>
    [HttpGet("customers"), RequirePermission(RegistrationPermissions.RequestAccess)]
    public async Task<IActionResult> Customers(string? keyword) => PartialView("_CustomerChoices", await access.SearchAsync(keyword));

    [HttpGet("{id:int}/basic"), RequirePermission(RegistrationPermissions.RequestAccess)]
    public async Task<IActionResult> Basic(int id) => View(await access.BasicAsync(id));

    [HttpGet("{id:int}/business"), RequirePermission(RegistrationPermissions.RequestAccess)]
    public async Task<IActionResult> Business(int id) => View(await access.BusinessAsync(id));

    [HttpGet("review"), RequirePermission(RegistrationPermissions.ApproveAccess)]
    public async Task<IActionResult> Review(int page = 1, string? view = null) =>
        View(await access.ReviewListAsync(page, view == AccessReviewList.DecidedView));

    [HttpGet("review/{id:int}"), RequirePermission(RegistrationPermissions.ApproveAccess)]
    public async Task<IActionResult> Decide(int id) => View(await access.ReviewPageAsync(id));

    [HttpPost("review/{id:int}"), RequirePermission(RegistrationPermissions.ApproveAccess)]
    public Task<IActionResult> Decide(int id, AccessDecisionForm form) =>
        this.ChangeAsync(db, () => access.DecideAsync(id, form), form.Decision == "reject" ? "已驳回该调取申请" : "已批准该调取申请",
            () => RedirectToAction(nameof(Review)), async () => View(await access.ReviewPageAsync(id, form)));
}
