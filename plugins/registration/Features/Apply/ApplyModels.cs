using Microsoft.AspNetCore.Mvc;
using PostalCrm.Plugins.Registration.Applications;
using PostalCrm.Sdk.Customers;
using PostalCrm.Sdk.Organisation;
using PostalCrm.Sdk.Reference;
using PostalCrm.Sdk.Security;

namespace PostalCrm.Plugins.Registration.Apply;

/// <summary>邮政客户经理 options of one department (htmx), with the one to preselect.</summary>
public sealed record ManagerOptions(IReadOnlyList<UserAccount> Managers, int? Selected);

/// <summary>Step 1, 查询目标客户: the keyword and the matches (identity only).</summary>
public sealed record ApplySearchPage(string? Q, IReadOnlyList<CustomerIdentity> Matches, bool Searched);

/// <summary>F-3.2: the chosen existing customer, read-only; details only when the user may see them.</summary>
public sealed record ExistingCustomerPage(CustomerIdentity Identity, BusinessCustomer? Details, string? Industry, string? Level,
    bool SameCity, string CityName);

/// <summary>The customer details fields (new customer, 修改, 重新申请 step 1).</summary>
public sealed record CustomerPage(ApplicationInput Input, string CityName, IReadOnlyList<OrgUnit> Districts,
    IReadOnlyList<Industry> Industries, IReadOnlyList<CustomerLevel> Levels, bool ReadOnly = false);

/// <summary>The business relationship fields (step 2 of 申报 and of 重新申请).</summary>
public sealed record RelationshipPage(ApplicationInput Input, string CustomerName, string ManagersUrl, IReadOnlyList<OrgUnit> Departments,
    IReadOnlyList<UserAccount> Managers, IReadOnlyList<(ProductLine Line, List<BusinessType> Types)> ProductLines,
    IReadOnlyList<KeyAccount> KeyAccounts, IReadOnlyList<Contact> Contacts);

/// <summary>Builds the pages' choices from the service, for the applicant's city.</summary>
public static class ApplyPages
{
    public static async Task<CustomerPage> CustomerAsync(ApplicationService s, ApplicationInput input, Applicant applicant, bool readOnly = false) =>
        new(input, applicant.City.Name, await s.DistrictsAsync(applicant.City.Id), await s.IndustriesAsync(), await s.LevelsAsync(), readOnly);

    public static async Task<RelationshipPage> RelationshipAsync(ApplicationService s, ApplicationInput input, Applicant applicant, string customerName, string managersUrl)
    {
        var depts = await s.DepartmentsAsync(applicant.City.Id);
        var managers = input.PostalOrgUnitId is { } d && depts.Any(x => x.Id == d) ? await s.ManagersAsync(d) : [];
        // The applicant usually serves the customer themselves: preselected when a customer manager of the department.
        if (input.ManagerUserId is null && managers.Any(m => m.Id == applicant.User.Id)) input.ManagerUserId = applicant.User.Id;
        var (kas, contacts) = input.ExistingCustomerId is { } cid
            ? (await s.KeyAccountChoicesAsync(cid), await s.ContactChoicesAsync(cid))
            : ([], []);
        return new(input, customerName, managersUrl, depts, managers, await s.ProductLinesAsync(), kas, contacts);
    }

    /// <summary>Every message of an invalid application on the page; the last one is left to FormActions.</summary>
    public static Task<IActionResult> SubmitApplicationAsync(this Controller c, Func<Task> submit, string flash,
        Func<IActionResult> onSuccess, Func<Task<IActionResult>> onError) =>
        c.SubmitAsync(async () =>
        {
            try
            {
                await submit();
            }
            catch (ApplicationInvalidException e)
            {
                foreach (var x in e.Errors.SkipLast(1)) c.ModelState.AddModelError("", x.Message);
                throw new BusinessRuleException(e.Errors[^1].Message);
            }
        }, flash, onSuccess, onError);
}
