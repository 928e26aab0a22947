using Microsoft.AspNetCore.Mvc;
using PostalCrm.Sdk.Excel;
using PostalCrm.Sdk.Security;

namespace PostalCrm.Plugins.Contracts.Features.Arrears;

/// <summary>F-5.4 合同欠费信息维护: search; per row customer details, 缴费, 缴款明细, 催缴, 催缴明细.</summary>
[Route("contracts/arrears")]
[RequirePermission(ContractsPermissions.Arrears)]
public sealed class ArrearsController(ArrearsService arrears, ICurrentUser me) : Controller
{
    [HttpGet("")]
    public async Task<IActionResult> Index(ArrearsFilter filter) => View(await arrears.ListAsync(filter));

    [HttpGet("export")]
    public async Task<IActionResult> Export(ArrearsFilter filter) =>
        File(ExcelExporter.ToBytes(ArrearsService.ExportSpec, await arrears.ExportRowsAsync(filter)), ExcelExporter.ContentType, "合同欠费.xlsx");

    [HttpGet("{id:int}/pay")]
    public async Task<IActionResult> Pay(int id)
    {
        var status = await arrears.StatusAsync(id);
        return View(new PaymentPage { Status = status, Form = new PaymentForm { PaidOn = status.Today } });
    }

    [HttpPost("{id:int}/pay")]
    public Task<IActionResult> Pay(int id, PaymentForm form) =>
        this.SubmitAsync(() => arrears.PayAsync(id, form), "缴费登记成功", () => RedirectToAction(nameof(Payments), new { id }),
            async () => View(new PaymentPage { Status = await arrears.StatusAsync(id), Form = form }));

    [HttpGet("{id:int}/payments")]
    public async Task<IActionResult> Payments(int id) => View(await arrears.PaymentsAsync(id));

    [HttpGet("{id:int}/dun")]
    public async Task<IActionResult> Dun(int id)
    {
        var status = await arrears.StatusAsync(id);
        return View(new DunningPage { Status = status, Form = new DunningForm { DunnedOn = status.Today, DunnedBy = me.DisplayName } });
    }

    [HttpPost("{id:int}/dun")]
    public Task<IActionResult> Dun(int id, DunningForm form) =>
        this.SubmitAsync(() => arrears.DunAsync(id, form), "催缴登记成功", () => RedirectToAction(nameof(Dunnings), new { id }),
            async () => View(new DunningPage { Status = await arrears.StatusAsync(id), Form = form }));

    [HttpGet("{id:int}/dunnings")]
    public async Task<IActionResult> Dunnings(int id) => View(await arrears.DunningsAsync(id));
}
