using Microsoft.AspNetCore.Mvc;
using PostalCrm.Plugins.Registration.Applications;
using PostalCrm.Sdk.Customers;
using PostalCrm.Sdk.Data;
using PostalCrm.Sdk.Security;

namespace PostalCrm.Plugins.Registration.Apply;

/// <summary>
/// 客户注册申报 (F-3.1 new customer, F-3.2 existing customer). The wizard keeps its state in hidden fields: nothing is
/// saved until the final 提交 of the business relationship.
/// </summary>
[Route("registration/apply")]
public sealed class ApplyController(ApplicationService applications, CustomerDirectory directory, PostalDb db) : Controller
{

    /// <summary>查询目标客户 (Enter searches; matches in 选择目标客户).</summary>
    [HttpGet(""), RequirePermission(RegistrationPermissions.Apply)]
    public async Task<IActionResult> Index(string? q)
    {
        var k = q?.Trim();
        return View(new ApplySearchPage(k, string.IsNullOrEmpty(k) ? [] : await directory.FindAsync(k), !string.IsNullOrEmpty(k)));
    }

    /// <summary>htmx live search: the 选择目标客户 list once 2 characters are typed.</summary>
    [HttpGet("search"), RequirePermission(RegistrationPermissions.Apply)]
    public async Task<IActionResult> Search(string? q)
    {
        var k = q?.Trim() ?? "";
        return PartialView("_Matches", new ApplySearchPage(k, k.Length >= 2 ? await directory.FindAsync(k) : [], k.Length >= 2));
    }

    /// <summary>F-3.2: the chosen customer's basic info, read-only, and "确定该目标客户吗?".</summary>
    [HttpGet("customer/{id:int}"), RequirePermission(RegistrationPermissions.Apply)]
    public async Task<IActionResult> Customer(int id)
    {
        var applicant = await applications.CurrentApplicantAsync();
        var c = await db.BusinessCustomers.FirstOrDefaultAsync(x => x.Id == id) ?? throw new OutOfScopeException();
        var district = await db.OrgUnits.Where(u => u.Id == c.DistrictOrgId).Select(u => u.Name).FirstOrDefaultAsync() ?? "";
        var identity = new CustomerIdentity(c.Id, c.Code, c.Name, c.ShortName, c.DistrictOrgId, district);
        var visible = (await directory.VisibleDetailAsync(c) & CustomerDetail.Basic) != 0;
        var industry = await db.Industries.Where(i => i.Id == c.IndustryId).Select(i => i.Name).FirstOrDefaultAsync();
        var level = await db.CustomerLevels.Where(l => l.Id == c.LevelId).Select(l => l.Name).FirstOrDefaultAsync();
        return View(new ExistingCustomerPage(identity, visible ? c : null, visible ? industry : null, visible ? level : null,
            c.CityOrgId == applicant.City.Id, applicant.City.Name));
    }

    /// <summary>F-3.1: the new customer's details (city fixed, district of the city only).</summary>
    [HttpGet("new"), RequirePermission(RegistrationPermissions.Apply)]
    public async Task<IActionResult> New(string? name) =>
        View(await ApplyPages.CustomerAsync(applications, new ApplicationInput { CustomerName = name }, await applications.CurrentApplicantAsync()));

    /// <summary>提交 of the customer details: checked, not saved; on to the business relationship with the details in hidden fields.</summary>
    [HttpPost("new"), RequirePermission(RegistrationPermissions.Apply)]
    public async Task<IActionResult> New(ApplicationInput input)
    {
        var applicant = await applications.CurrentApplicantAsync();
        input.ExistingCustomerId = null;
        if (ModelState.IsValid)
        {
            var errors = await applications.CheckCustomerAsync(input, applicant, new Data.RegistrationApplication());
            foreach (var e in errors) ModelState.AddModelError("", e.Message);
        }
        if (!ModelState.IsValid) return View(await ApplyPages.CustomerAsync(applications, input, applicant));
        return await RelationshipView(input, applicant);
    }

    /// <summary>F-3.2 after 确定: the business relationship for the existing customer.</summary>
    [HttpGet("relationship"), RequirePermission(RegistrationPermissions.Apply)]
    public async Task<IActionResult> Relationship(int existingCustomerId)
    {
        var applicant = await applications.CurrentApplicantAsync();
        var input = new ApplicationInput { ExistingCustomerId = existingCustomerId };
        var errors = await applications.CheckCustomerAsync(input, applicant, new Data.RegistrationApplication());
        if (errors.Count > 0) throw new BusinessRuleException(errors[0].Message);
        return await RelationshipView(input, applicant);
    }

    /// <summary>The final 提交: the one place an application is saved.</summary>
    [HttpPost("submit"), RequirePermission(RegistrationPermissions.Apply)]
    public async Task<IActionResult> Submit(ApplicationInput input)
    {
        var applicant = await applications.CurrentApplicantAsync();
        var id = 0;
        return await this.SubmitApplicationAsync(async () => id = (await applications.SubmitAsync(input, applicant)).Id,
            "客户注册申请成功", () => RedirectToAction(nameof(Done), new { id }),
            async () => await RelationshipView(input, applicant));
    }

    [HttpGet("done/{id:int}"), RequirePermission(RegistrationPermissions.Apply)]
    public async Task<IActionResult> Done(int id) => View(await applications.OwnAsync(id));

    /// <summary>htmx: the 邮政客户经理 options of the chosen 邮政部门 (of the applicant's city only).</summary>
    [HttpGet("managers"), RequirePermission(RegistrationPermissions.Apply)]
    public async Task<IActionResult> Managers(int? postalOrgUnitId) =>
        PartialView("_ManagerOptions", await ManagerOptionsAsync(applications, postalOrgUnitId, await applications.CurrentApplicantAsync()));

    /// <summary>The options of a department; the applicant is preselected when they are one of its customer managers.</summary>
    internal static async Task<ManagerOptions> ManagerOptionsAsync(ApplicationService s, int? departmentId, Applicant applicant)
    {
        var managers = await ManagerChoicesAsync(s, departmentId, applicant.City.Id);
        return new(managers, managers.Any(m => m.Id == applicant.User.Id) ? applicant.User.Id : null);
    }

    internal static async Task<IReadOnlyList<UserAccount>> ManagerChoicesAsync(ApplicationService s, int? departmentId, int cityId) =>
        departmentId is { } d && (await s.DepartmentsAsync(cityId)).Any(u => u.Id == d) ? await s.ManagersAsync(d) : [];

    private async Task<IActionResult> RelationshipView(ApplicationInput input, Applicant applicant)
    {
        var name = input.ExistingCustomerId is { } cid
            ? await db.BusinessCustomers.Where(c => c.Id == cid).Select(c => c.Name).FirstOrDefaultAsync() ?? ""
            : input.CustomerName ?? "";
        return View(nameof(Relationship), await ApplyPages.RelationshipAsync(applications, input, applicant, name, Url.Action(nameof(Managers))!));
    }
}
