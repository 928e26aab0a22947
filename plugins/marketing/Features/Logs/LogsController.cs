using Microsoft.AspNetCore.Mvc;
using PostalCrm.Plugins.Marketing.Common;
using PostalCrm.Sdk.Security;

namespace PostalCrm.Plugins.Marketing.Features.Logs;

/// <summary>F-4.7 客户经理日志录入: choose manager and date, then 录入工作日志 (phone-friendly: one column, one button per item).</summary>
[Route("marketing/logs"), RequirePermission(MarketingPermissions.LogEdit)]
public sealed class LogsController(LogService logs) : Controller
{
    [HttpGet("")]
    public async Task<IActionResult> Index(int? managerId, string? date) => View(await logs.ChooserAsync(managerId, date));

    /// <summary>录入工作日志.</summary>
    [HttpGet("day")]
    public async Task<IActionResult> Day(int managerId, string date, string? search) => View(await logs.DayPageAsync(managerId, date, search));

    /// <summary>完成 of a prompt.</summary>
    [HttpPost("complete")]
    public Task<IActionResult> Complete(CompleteForm form) =>
        this.SubmitAsync(() => logs.CompleteAsync(form), "已完成", () => Back(form.ManagerId, form.Date),
            async () => View(nameof(Day), await logs.DayPageAsync(form.ManagerId, form.Date)));

    /// <summary>添加维护工作 / 添加开发工作 / 添加其他工作.</summary>
    [HttpPost("add")]
    public Task<IActionResult> Add(AddForm form) =>
        this.SubmitAsync(() => logs.AddAsync(form), "已添加", () => Back(form.ManagerId, form.Date),
            async () => View(nameof(Day), await logs.DayPageAsync(form.ManagerId, form.Date)));

    /// <summary>修改 (unticking 完成 deletes the entry).</summary>
    [HttpPost("entries/{id:int}")]
    public async Task<IActionResult> Entry(int id, EntryForm form)
    {
        try
        {
            var (managerId, date) = await logs.UpdateAsync(id, form);
            TempData["Flash"] = form.Keep ? "已修改" : "已删除";
            return Back(managerId, Dates.Iso(date));
        }
        catch (BusinessRuleException e)
        {
            TempData["Flash"] = e.Message;
            return RedirectToAction(nameof(Index));
        }
    }

    /// <summary>工作日志录入完成.</summary>
    [HttpPost("finish")]
    public Task<IActionResult> Finish(int managerId, string date) =>
        this.SubmitAsync(() => logs.FinishAsync(managerId, date), "工作日志已保存", () => Back(managerId, date),
            async () => View(nameof(Day), await logs.DayPageAsync(managerId, date)));

    private RedirectToActionResult Back(int managerId, string date) => RedirectToAction(nameof(Day), new { managerId, date });
}
