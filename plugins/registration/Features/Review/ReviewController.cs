using Microsoft.AspNetCore.Mvc;
using PostalCrm.Plugins.Registration.Data;
using PostalCrm.Plugins.Registration.KeyAccountNumbers;
using PostalCrm.Sdk.Security;

namespace PostalCrm.Plugins.Registration.Review;

/// <summary>F-3.3 客户注册审批 (预审 / 初审 / 终审) and F-3.4 手工赋大客户号.</summary>
[Route("registration/review")]
public sealed class ReviewController(ReviewService reviews, KeyAccountNumberService numbers) : Controller
{
    /// <summary>Per department: 申请客户数目, 预审通过客户数目, 初审通过客户数目, with the stages the user may enter.</summary>
    [HttpGet(""), RequirePermission(RegistrationPermissions.ReviewView)]
    public async Task<IActionResult> Index() => View(await reviews.SummaryAsync());

    [HttpGet("pre"), RequirePermission(RegistrationPermissions.PreReview)]
    public Task<IActionResult> Pre(int? departmentId, int page = 1) => StageAsync(ReviewStage.Pre, departmentId, page);

    [HttpGet("initial"), RequirePermission(RegistrationPermissions.InitialReview)]
    public Task<IActionResult> Initial(int? departmentId, int page = 1) => StageAsync(ReviewStage.Initial, departmentId, page);

    [HttpGet("final"), RequirePermission(RegistrationPermissions.FinalReview)]
    public Task<IActionResult> Final(int? departmentId, int page = 1) => StageAsync(ReviewStage.Final, departmentId, page);

    private async Task<IActionResult> StageAsync(ReviewStage stage, int? departmentId, int page)
    {
        if (!await reviews.MayEnterAsync(stage)) return Forbid();
        return View("Stage", await reviews.StageListAsync(stage, departmentId, page));
    }

    [HttpGet("{id:int}"), RequirePermission(RegistrationPermissions.ReviewView)]
    public async Task<IActionResult> Details(int id) => View(await reviews.DetailAsync(id));

    /// <summary>检查客户信息: fuzzy search of existing customers (htmx partial, or a page without htmx).</summary>
    [HttpGet("customers"), RequirePermission(RegistrationPermissions.ReviewView)]
    public async Task<IActionResult> Customers(string? keyword)
    {
        var check = await reviews.CheckCustomersAsync(keyword);
        return Request.Headers.ContainsKey("HX-Request") ? PartialView("_CustomerMatches", check) : View(check);
    }

    [HttpPost("{id:int}/pre"), RequirePermission(RegistrationPermissions.PreReview)]
    public Task<IActionResult> DecidePre(int id, ReviewDecisionForm form) => DecideAsync(id, ReviewStage.Pre, form);

    [HttpPost("{id:int}/initial"), RequirePermission(RegistrationPermissions.InitialReview)]
    public Task<IActionResult> DecideInitial(int id, ReviewDecisionForm form) => DecideAsync(id, ReviewStage.Initial, form);

    [HttpPost("{id:int}/final"), RequirePermission(RegistrationPermissions.FinalReview)]
    public Task<IActionResult> DecideFinal(int id, ReviewDecisionForm form) => DecideAsync(id, ReviewStage.Final, form);

    private Task<IActionResult> DecideAsync(int id, ReviewStage stage, ReviewDecisionForm form) =>
        this.SubmitAsync(() => reviews.DecideAsync(id, stage, form.Approve, form.Opinion),
            $"{ApplicationStatusNames.Of(stage)}完成:{ReviewService.Decision(stage, form.Approve)}",
            () => RedirectToAction(nameof(Details), new { id }),
            async () =>
            {
                ViewData["Opinion"] = form.Opinion;
                ViewData["Stage"] = stage;
                return View(nameof(Details), await reviews.DetailAsync(id));
            });

    /// <summary>F-3.4: 终审 开发成功 with a number given by hand instead of the allocator's next one.</summary>
    [HttpGet("{id:int}/assign-number"), RequirePermission(RegistrationPermissions.AssignNumber), RequirePermission(RegistrationPermissions.FinalReview)]
    public async Task<IActionResult> AssignNumber(int id) => await AssignNumberPageAsync(id, new AssignNumberForm());

    [HttpPost("{id:int}/assign-number"), RequirePermission(RegistrationPermissions.AssignNumber), RequirePermission(RegistrationPermissions.FinalReview)]
    public Task<IActionResult> AssignNumber(int id, AssignNumberForm form) =>
        this.SubmitAsync(() => reviews.DecideAsync(id, ReviewStage.Final, true, form.Opinion, form.Number ?? ""),
            "终审完成:开发成功,已手工赋大客户号",
            () => RedirectToAction(nameof(Details), new { id }),
            () => AssignNumberPageAsync(id, form));

    private async Task<IActionResult> AssignNumberPageAsync(int id, AssignNumberForm form)
    {
        var detail = await reviews.DetailAsync(id);
        if (!detail.CanAssignNumber && ModelState.IsValid)
            ModelState.AddModelError("", detail.Application.Status == ApplicationStatus.Approved
                ? "该申请已终审通过,不能再赋码"
                : "该申请当前不能由您手工赋大客户号(须为待终审、且需要新大客户号的申请)");
        return View(nameof(AssignNumber), new AssignNumberPage
        {
            Detail = detail, Form = form, NextFromRange = await numbers.NextHintAsync(detail.Application.DistrictOrgId),
        });
    }
}
