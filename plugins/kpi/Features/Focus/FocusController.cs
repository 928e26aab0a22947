using Microsoft.AspNetCore.Mvc;
using PostalCrm.Plugins.Kpi.Common;
using PostalCrm.Sdk.Data;
using PostalCrm.Sdk.Security;

namespace PostalCrm.Plugins.Kpi.Features.Focus;

public sealed class FocusInput
{
    public int? IndicatorId { get; set; }
    public decimal? Target { get; set; }
    public decimal? Weight { get; set; }
}

public sealed class FocusForm
{
    public int CustomerId { get; set; }
    public int Year { get; set; }
    public List<FocusInput> Rows { get; set; } = [];
}

public sealed class FocusPage
{
    public required CustomerPick Pick { get; init; }
    public string? CustomerName { get; init; }
    public bool Locked { get; init; }
    public IReadOnlyList<Sdk.Reference.Indicator> Catalogue { get; init; } = [];
    public FocusForm? Form { get; init; }
}

/// <summary>F-6.1 客户关注指标指定.</summary>
[Route("kpi/focus"), RequirePermission(KpiPermissions.Focus)]
public sealed class FocusController(KpiService kpi, PostalDb db, TimeProvider clock) : Controller
{
    private static readonly (string, string)[] Buttons = [("提交", nameof(Index))];

    [HttpGet("")]
    public async Task<IActionResult> Index(string? q, int? customerId, int? year) => View("Index", await PageAsync(q, customerId, year, null));

    [HttpPost("")]
    public Task<IActionResult> Save(FocusForm form) =>
        this.ChangeAsync(db, () => kpi.SaveFocusAsync(form.CustomerId, form.Year,
                [.. form.Rows.Where(r => r.IndicatorId is > 0).Select(r => (r.IndicatorId!.Value, r.Target ?? 0, r.Weight ?? 0))]),
            "客户关注指标已保存", () => RedirectToAction(nameof(Index), new { customerId = form.CustomerId, year = form.Year }),
            async () => View("Index", await PageAsync(null, form.CustomerId, form.Year, form)));

    private async Task<FocusPage> PageAsync(string? q, int? customerId, int? year, FocusForm? posted)
    {
        var pick = await KpiPages.PickAsync(kpi, clock, q, customerId, year, null, false, Buttons);
        if (customerId is not { } id || year is not { } y) return new FocusPage { Pick = pick };
        KpiService.CheckYear(y);
        var customer = await kpi.CustomerAsync(id);
        var focus = await kpi.FocusAsync(id, y);
        var form = posted ?? new FocusForm
        {
            CustomerId = id, Year = y,
            Rows = [.. focus.Select(f => new FocusInput { IndicatorId = f.IndicatorId, Target = f.Target, Weight = f.Weight })],
        };
        while (form.Rows.Count < KpiService.MaxIndicators) form.Rows.Add(new FocusInput());
        return new FocusPage
        {
            Pick = pick, CustomerName = customer.Name, Locked = await kpi.IsLockedAsync(id, y), Catalogue = await kpi.CatalogueAsync(), Form = form,
        };
    }
}
