using Microsoft.AspNetCore.Mvc;
using PostalCrm.Sdk.Security;

namespace PostalCrm.Plugins.Usage.Features.Entry;

/// <summary>F-5.6 客户用邮手工逐笔录入: customers → key-account numbers → the entry form; 提交 → 操作成功 → back to the customers.</summary>
[Route("usage/entry")]
[RequirePermission(UsagePermissions.Entry)]
public sealed class EntryController(EntryService entry) : Controller
{
    [HttpGet("")]
    public async Task<IActionResult> Index(EntrySearch filter) => View(await entry.CustomersAsync(filter));

    [HttpGet("customers/{id:int}")]
    public async Task<IActionResult> Accounts(int id) => View(await entry.AccountsAsync(id));

    [HttpGet("accounts/{id:int}")]
    public async Task<IActionResult> New(int id) => View(await entry.FormAsync(id));

    [HttpPost("accounts/{id:int}")]
    public Task<IActionResult> New(int id, EntryForm form) =>
        this.SubmitAsync(() => entry.SubmitAsync(id, form), "操作成功", () => RedirectToAction(nameof(Index)),
            async () => View(await entry.FormAsync(id, form)));
}
