using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using PostalCrm.Plugins.Contracts.Common;
using PostalCrm.Sdk.Customers;
using PostalCrm.Sdk.Data;
using PostalCrm.Sdk.Excel;
using PostalCrm.Sdk.Files;
using PostalCrm.Sdk.Security;

namespace PostalCrm.Plugins.Contracts.Features.Maintenance;

/// <summary>F-5.3 客户合同协议维护: filters, list, edit (number link), 合同下载, later upload, customer basic info (name link).</summary>
[Route("contracts/maintain")]
public sealed class MaintenanceController(MaintenanceService maintenance, ContractService contracts, ContractAccess access, FileStore files, PostalDb db)
    : Controller
{
    private const long MaxRequestBytes = ContractService.MaxFileBytes + 1024 * 1024;

    [HttpGet(""), RequirePermission(ContractsPermissions.Maintain)]
    public async Task<IActionResult> Index(MaintenanceFilter filter) => View(await maintenance.ListAsync(filter));

    [HttpGet("export"), RequirePermission(ContractsPermissions.Maintain)]
    public async Task<IActionResult> Export(MaintenanceFilter filter)
    {
        var rows = await maintenance.ExportRowsAsync(filter);
        return File(ExcelExporter.ToBytes(MaintenanceService.ExportSpec, rows), ExcelExporter.ContentType, "客户合同协议.xlsx");
    }

    [HttpGet("{id:int}/edit"), RequirePermission(ContractsPermissions.Maintain)]
    public async Task<IActionResult> Edit(int id) => View(await PageAsync(id, null));

    [HttpPost("{id:int}/edit"), RequirePermission(ContractsPermissions.Maintain)]
    public async Task<IActionResult> Edit(int id, ContractForm form)
    {
        form.File = null;
        if (form.Op is not null)
        {
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
            return View(await PageAsync(id, form));
        }
        return await this.SubmitAsync(() => contracts.UpdateAsync(id, form), "修改成功", () => RedirectToAction(nameof(Edit), new { id }),
            async () => View(await PageAsync(id, form)));
    }

    /// <summary>合同上传 (浏览, 上传; the form asks for confirmation).</summary>
    [HttpPost("{id:int}/upload"), RequirePermission(ContractsPermissions.Maintain)]
    [RequestSizeLimit(MaxRequestBytes), RequestFormLimits(MultipartBodyLengthLimit = MaxRequestBytes)]
    public async Task<IActionResult> Upload(int id, IFormFile? file) =>
        await this.SubmitAsync(() => contracts.AttachFileAsync(id, file), "合同文件上传成功", () => RedirectToAction(nameof(Edit), new { id }),
            async () => View(nameof(Edit), await PageAsync(id, null)));

    /// <summary>合同下载.</summary>
    [HttpGet("{id:int}/download"), RequireAnyPermission(ContractsPermissions.Maintain, ContractsPermissions.Arrears)]
    public async Task<IActionResult> Download(int id) => this.Attachment(files, await contracts.FileAsync(id));

    /// <summary>客户基本信息 of the contract's customer (the customer name links here from both lists).</summary>
    [HttpGet("{id:int}/customer"), RequireAnyPermission(ContractsPermissions.Maintain, ContractsPermissions.Arrears)]
    public async Task<IActionResult> Customer(int id) => View(await maintenance.CustomerAsync(id));

    private async Task<ContractFormPage> PageAsync(int id, ContractForm? posted)
    {
        var contract = await access.GetAsync(id);
        var schedule = await access.ScheduleAsync(id);
        var customer = await contracts.CustomerAsync(contract.CustomerId) ?? throw new OutOfScopeException();
        var fileName = contract.FileId is { } fileId ? await db.StoredFiles.Where(f => f.Id == fileId).Select(f => f.OriginalName).FirstOrDefaultAsync() : null;
        var locked = contract.PaidFen > 0;
        var form = posted ?? ContractForm.From(contract, schedule);
        if (locked) form.SettlementType = null;
        form.CustomerId = contract.CustomerId;
        return new ContractFormPage
        {
            Kind = contract.Kind, Customer = customer, Form = form, Id = id, StoredNumber = contract.Number, Locked = locked, FileName = fileName,
        };
    }
}
