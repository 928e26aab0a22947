using Microsoft.AspNetCore.Mvc;
using PostalCrm.Plugins.Registration.Data;
using PostalCrm.Plugins.Registration.Apply;
using PostalCrm.Sdk.Security;

namespace PostalCrm.Plugins.Registration.Applications;

/// <summary>重新申请 (F-3.6): which step, with the pages of that step.</summary>
public sealed record ReapplyPage(ApplicationDetails Details, int Step, CustomerPage? Customer, RelationshipPage? Relationship);

/// <summary>客户注册维护 (F-3.5) and 重新申请 (F-3.6): the customer manager's own applications only.</summary>
[Route("registration/applications")]
public sealed class ApplicationsController(ApplicationService applications, ApplicationQueryService queries) : Controller
{

    [HttpGet(""), RequirePermission(RegistrationPermissions.OwnApplications)]
    public async Task<IActionResult> Index(ApplicationFilter filter)
    {
        ViewData["Industries"] = await applications.IndustriesAsync();
        ViewData["Filter"] = filter;
        return View(await queries.ListAsync(filter));
    }

    /// <summary>客户基本信息: the application, its stage history and 重新申请 when rejected.</summary>
    [HttpGet("{id:int}"), RequirePermission(RegistrationPermissions.OwnApplications)]
    public async Task<IActionResult> Details(int id) => View(await queries.DetailsAsync(id));

    /// <summary>修改: the typed customer info, while no reviewer has acted in this round.</summary>
    [HttpGet("{id:int}/edit"), RequirePermission(RegistrationPermissions.OwnApplications)]
    public async Task<IActionResult> Edit(int id)
    {
        var d = await queries.DetailsAsync(id);
        if (!d.Editable) throw new BusinessRuleException(d.App.IsNewCustomer ? "该申请已进入审批,不能再修改" : "已有客户的基本信息只能在“客户信息维护管理”中修改");
        return await EditView(d.App, ApplicationService.InputOf(d.App, []));
    }

    [HttpPost("{id:int}/edit"), RequirePermission(RegistrationPermissions.OwnApplications)]
    public Task<IActionResult> Edit(int id, ApplicationInput input) =>
        this.SubmitApplicationAsync(() => applications.EditCustomerAsync(id, input), "客户基本信息已保存",
            () => RedirectToAction(nameof(Details), new { id }),
            async () => await EditView(await applications.OwnAsync(id), input));

    /// <summary>重新申请, steps 1–3; 下一步 only moves on (nothing saved without the step's 提交).</summary>
    [HttpGet("{id:int}/reapply"), RequirePermission(RegistrationPermissions.OwnApplications)]
    public async Task<IActionResult> Reapply(int id, int step = 1)
    {
        await applications.RejectedOwnAsync(id);
        var d = await queries.DetailsAsync(id);
        return await ReapplyView(d, Math.Clamp(step, 1, 3), ApplicationService.InputOf(d.App, await applications.LinesAsync(id)));
    }

    [HttpPost("{id:int}/reapply/customer"), RequirePermission(RegistrationPermissions.OwnApplications)]
    public Task<IActionResult> ReapplyCustomer(int id, ApplicationInput input) =>
        this.SubmitApplicationAsync(() => applications.ReapplyCustomerAsync(id, input), "客户注册信息已保存",
            () => RedirectToAction(nameof(Reapply), new { id, step = 1 }),
            async () => await ReapplyView(await queries.DetailsAsync(id), 1, input));

    [HttpPost("{id:int}/reapply/relationship"), RequirePermission(RegistrationPermissions.OwnApplications)]
    public Task<IActionResult> ReapplyRelationship(int id, ApplicationInput input) =>
        this.SubmitApplicationAsync(() => applications.ReapplyRelationshipAsync(id, input), "客户业务关系已保存",
            () => RedirectToAction(nameof(Reapply), new { id, step = 2 }),
            async () => await ReapplyView(await queries.DetailsAsync(id), 2, input));

    /// <summary>确定 (step 3): back to 待预审 in a new round; lands on the basic-info page.</summary>
    [HttpPost("{id:int}/reapply/confirm"), RequirePermission(RegistrationPermissions.OwnApplications)]
    public Task<IActionResult> ReapplyConfirm(int id) =>
        this.SubmitAsync(() => applications.ReapplyAsync(id), "重新申请成功,等待预审",
            () => RedirectToAction(nameof(Details), new { id }),
            async () => await ReapplyView(await queries.DetailsAsync(id), 3, null));

    /// <summary>htmx: the 邮政客户经理 options of the chosen 邮政部门 (of the user's city).</summary>
    [HttpGet("managers"), RequirePermission(RegistrationPermissions.OwnApplications)]
    public async Task<IActionResult> Managers(int? postalOrgUnitId) =>
        PartialView("Apply/_ManagerOptions",
            await ApplyController.ManagerOptionsAsync(applications, postalOrgUnitId, await applications.CurrentApplicantAsync()));

    private async Task<IActionResult> EditView(RegistrationApplication app, ApplicationInput input)
    {
        ViewData["Application"] = app;
        return View(nameof(Edit), await ApplyPages.CustomerAsync(applications, input, await applications.StoredApplicantAsync(app)));
    }

    private async Task<IActionResult> ReapplyView(ApplicationDetails d, int step, ApplicationInput? input)
    {
        var applicant = await applications.StoredApplicantAsync(d.App);
        input ??= ApplicationService.InputOf(d.App, await applications.LinesAsync(d.App.Id));
        if (!d.App.IsNewCustomer) input = Merge(d.App, input);
        return View(nameof(Reapply), new ReapplyPage(d, step,
            step == 1 ? await ApplyPages.CustomerAsync(applications, input, applicant, readOnly: !d.App.IsNewCustomer) : null,
            step == 2 ? await ApplyPages.RelationshipAsync(applications, input, applicant, d.App.CustomerName, Url.Action(nameof(Managers))!) : null));
    }

    /// <summary>For an existing customer the customer part always shows what the application holds (read-only).</summary>
    private static ApplicationInput Merge(RegistrationApplication app, ApplicationInput posted)
    {
        var stored = ApplicationService.InputOf(app, []);
        stored.PostalOrgUnitId = posted.PostalOrgUnitId;
        stored.ManagerUserId = posted.ManagerUserId;
        stored.ProductLineIds = posted.ProductLineIds;
        stored.BusinessTypes = posted.BusinessTypes;
        stored.ExistingKeyAccountId = posted.ExistingKeyAccountId;
        stored.NewKeyAccountName = posted.NewKeyAccountName;
        stored.ExistingContactId = posted.ExistingContactId;
        stored.ContactName = posted.ContactName;
        stored.ContactDepartment = posted.ContactDepartment;
        stored.ContactTitle = posted.ContactTitle;
        stored.ContactPhone = posted.ContactPhone;
        stored.ContactMobile = posted.ContactMobile;
        stored.ContactEmail = posted.ContactEmail;
        return stored;
    }
}
