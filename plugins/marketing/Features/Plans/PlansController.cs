using Microsoft.AspNetCore.Mvc;
using PostalCrm.Sdk.Security;

namespace PostalCrm.Plugins.Marketing.Features.Plans;

/// <summary>客户经理计划录入: 客户经理年工作计划表 (F-4.5) and 客户经理月计划表 (F-4.6).</summary>
[Route("marketing/plans"), RequirePermission(MarketingPermissions.PlanEdit)]
public sealed class PlansController(PlanService plans) : Controller
{
    [HttpGet("")]
    public async Task<IActionResult> Index(int? managerId, int? year, string? month) => View(await plans.ChooserAsync(managerId, year, month));

    /// <summary>录入年工作计划.</summary>
    [HttpGet("annual")]
    public async Task<IActionResult> Annual(int managerId, int year) => View(await plans.AnnualPageAsync(managerId, year));

    /// <summary>生成年计划.</summary>
    [HttpPost("annual")]
    public Task<IActionResult> Annual(AnnualForm form) =>
        this.SubmitAsync(() => plans.SaveAnnualAsync(form), "年计划已生成",
            () => RedirectToAction(nameof(Annual), new { managerId = form.ManagerId, year = form.Year }),
            async () => View(await plans.AnnualPageAsync(form.ManagerId, form.Year, form)));

    /// <summary>录入月工作计划.</summary>
    [HttpGet("monthly")]
    public async Task<IActionResult> Monthly(int managerId, string month) => View(await plans.MonthlyPageAsync(managerId, month));

    /// <summary>月计划录入完成 (or 添加维护工作 / 添加开发工作 / 添加其他工作 / 搜索, which re-show the form).</summary>
    [HttpPost("monthly")]
    public async Task<IActionResult> Monthly(MonthlyForm form)
    {
        if (form.Op is not null)
        {
            ModelState.Clear();
            PlanService.AddRow(form);
            return View(await plans.MonthlyPageAsync(form.ManagerId, form.Month, form));
        }
        return await this.SubmitAsync(() => plans.SaveMonthlyAsync(form), "月计划已保存",
            () => RedirectToAction(nameof(Monthly), new { managerId = form.ManagerId, month = form.Month }),
            async () => View(await plans.MonthlyPageAsync(form.ManagerId, form.Month, form)));
    }
}
