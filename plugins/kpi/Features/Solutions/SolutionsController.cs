using Microsoft.AspNetCore.Mvc;
using PostalCrm.Plugins.Kpi.Common;
using PostalCrm.Plugins.Kpi.Features.Feedback;
using PostalCrm.Sdk.Data;
using PostalCrm.Sdk.Security;

namespace PostalCrm.Plugins.Kpi.Features.Solutions;

public sealed class SolutionForm
{
    public string? Solution { get; set; }
    public string? SupervisorSignature { get; set; }
    public string? SupervisorPhone { get; set; }
}

public sealed class SolutionPage
{
    public required CustomerPick Pick { get; init; }
    public MonthSheet? Sheet { get; init; }
    public SolutionForm? Form { get; init; }
}

/// <summary>F-6.4 客户意见解决方案: 按月份维护 (needs the month's feedback) and 按年份维护 (the months with feedback, each editable).</summary>
[Route("kpi/solutions"), RequirePermission(KpiPermissions.Solutions)]
public sealed class SolutionsController(KpiService kpi, PostalDb db, TimeProvider clock) : Controller
{
    private static readonly (string, string)[] Buttons = [("按月份维护", nameof(Month)), ("按年份维护", nameof(Year))];

    [HttpGet("")]
    public async Task<IActionResult> Index(string? q, int? customerId, int? year, int? month) =>
        View("Month", new SolutionPage { Pick = await KpiPages.PickAsync(kpi, clock, q, customerId, year, month, true, Buttons) });

    [HttpGet("month")]
    public async Task<IActionResult> Month(string? q, int? customerId, int? year, int? month) =>
        View("Month", await PageAsync(q, customerId, year, month, null));

    [HttpPost("month")]
    public Task<IActionResult> SaveMonth(int customerId, int year, int month, SolutionForm form) =>
        this.ChangeAsync(db, () => kpi.SaveSolutionAsync(customerId, year, month, form.Solution, form.SupervisorSignature, form.SupervisorPhone),
            "客户意见解决方案已保存", () => RedirectToAction(nameof(Year), new { customerId, year }),
            async () => View("Month", await PageAsync(null, customerId, year, month, form)));

    [HttpGet("year")]
    public async Task<IActionResult> Year(string? q, int? customerId, int? year, int? month)
    {
        var pick = await KpiPages.PickAsync(kpi, clock, q, customerId, year, month, true, Buttons);
        if (customerId is not { } id || year is not { } y) return View("Year", new YearPage { Pick = pick });
        return View("Year", new YearPage { Pick = pick, CustomerName = (await kpi.CustomerAsync(id)).Name, Months = await kpi.YearAsync(id, y) });
    }

    private async Task<SolutionPage> PageAsync(string? q, int? customerId, int? year, int? month, SolutionForm? form)
    {
        var pick = await KpiPages.PickAsync(kpi, clock, q, customerId, year, month, true, Buttons);
        if (customerId is not { } id || year is not { } y || month is not { } m) return new SolutionPage { Pick = pick };
        var sheet = await kpi.MonthAsync(id, y, m);
        return new SolutionPage
        {
            Pick = pick, Sheet = sheet,
            Form = form ?? new SolutionForm
            {
                Solution = sheet.Solution?.Solution, SupervisorSignature = sheet.Solution?.SupervisorSignature, SupervisorPhone = sheet.Solution?.SupervisorPhone,
            },
        };
    }
}
