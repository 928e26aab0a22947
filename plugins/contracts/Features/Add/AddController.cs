using Microsoft.AspNetCore.Mvc;
using PostalCrm.Plugins.Contracts.Common;
using PostalCrm.Plugins.Contracts.Data;
using PostalCrm.Sdk.Security;

namespace PostalCrm.Plugins.Contracts.Features.Add;

/// <summary>F-5.1 客户用邮合同添加 and F-5.2 客户用邮协议添加: find the customer, then the form of the chosen settlement type.</summary>
[Route("contracts")]
public sealed class AddController(ContractService contracts) : Controller
{
    private const long MaxRequestBytes = ContractService.MaxFileBytes + 1024 * 1024;

    [HttpGet("contract/new"), RequirePermission(ContractsPermissions.AddContract)]
    public Task<IActionResult> Contract(string? q, int? customerId) => StartAsync(ContractKind.Contract, q, customerId);

    [HttpPost("contract/new"), RequirePermission(ContractsPermissions.AddContract)]
    [RequestSizeLimit(MaxRequestBytes), RequestFormLimits(MultipartBodyLengthLimit = MaxRequestBytes)]
    public Task<IActionResult> Contract(ContractForm form) => SaveAsync(ContractKind.Contract, form);

    [HttpGet("agreement/new"), RequirePermission(ContractsPermissions.AddAgreement)]
    public Task<IActionResult> Agreement(string? q, int? customerId) => StartAsync(ContractKind.Agreement, q, customerId);

    [HttpPost("agreement/new"), RequirePermission(ContractsPermissions.AddAgreement)]
    public Task<IActionResult> Agreement(ContractForm form)
    {
        form.File = null;
        return SaveAsync(ContractKind.Agreement, form);
    }

    /// <summary>The live result list (htmx; Enter or typing searches).</summary>
    [HttpGet("customers"), RequireAnyPermission(ContractsPermissions.AddContract, ContractsPermissions.AddAgreement)]
    public async Task<IActionResult> Customers(ContractKind kind, string? q) =>
        PartialView("_Matches", new CustomerSearchPage { Kind = kind, Q = q, Matches = await contracts.FindCustomersAsync(q) });

    private async Task<IActionResult> StartAsync(ContractKind kind, string? q, int? customerId)
    {
        if (customerId is not null)
        {
            var customer = await contracts.CustomerAsync(customerId) ?? throw new OutOfScopeException();
            return View("New", new ContractFormPage { Kind = kind, Customer = customer, Form = new ContractForm { CustomerId = customer.Id } });
        }
        return View("Search", new CustomerSearchPage { Kind = kind, Q = q, Matches = await contracts.FindCustomersAsync(q) });
    }

    private async Task<IActionResult> SaveAsync(ContractKind kind, ContractForm form)
    {
        var customer = await contracts.CustomerAsync(form.CustomerId);
        if (customer is null) return RedirectToAction(kind == ContractKind.Contract ? nameof(Contract) : nameof(Agreement));
        IActionResult Form() => View("New", new ContractFormPage { Kind = kind, Customer = customer, Form = form });
        if (form.Op is not null)
        {
            // 确定 / 清空 of the instalment list, or a settlement type switch without scripts: re-show the form, save nothing.
            ModelState.Clear();
            try
            {
                if (form.Op == ContractForm.OpAddInstalment) form.AddInstalment();
                else if (form.Op == ContractForm.OpClearInstalments) form.ClearInstalments();
            }
            catch (BusinessRuleException e)
            {
                ModelState.AddModelError("", e.Message);
            }
            return Form();
        }
        var id = 0;
        return await this.SubmitAsync(async () => id = await contracts.CreateAsync(kind, form), $"{Names.Kind(kind)}添加成功",
            () => RedirectToAction("Edit", "Maintenance", new { id }), Form);
    }
}
