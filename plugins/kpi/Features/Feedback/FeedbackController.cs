using Microsoft.AspNetCore.Mvc;
using PostalCrm.Plugins.Kpi.Common;
using PostalCrm.Sdk.Data;
using PostalCrm.Sdk.Security;

namespace PostalCrm.Plugins.Kpi.Features.Feedback;

public sealed class FeedbackForm
{
    public string? Opinions { get; set; }
    public string? Signature { get; set; }
    public string? Phone { get; set; }
}

public sealed class MonthPage
{
    public required CustomerPick Pick { get; init; }
    public MonthSheet? Sheet { get; init; }
    public IReadOnlyDictionary<int, decimal?>? Posted { get; init; }
    public FeedbackForm? Form { get; init; }
}

public sealed class YearPage
{
    public required CustomerPick Pick { get; init; }
    public string? CustomerName { get; init; }
    public IReadOnlyList<MonthSheet>? Months { get; init; }
}

/// <summary>F-6.3 客户反馈意见维护: 按月份维护 (needs the month's KPI report) and 按年份维护 (the months with feedback, the year's summary).</summary>
[Route("kpi/feedback"), RequirePermission(KpiPermissions.Feedback)]
public sealed class FeedbackController(KpiService kpi, PostalDb db, TimeProvider clock) : Controller
{
    private static readonly (string, string)[] Buttons = [("按月份维护", nameof(Month)), ("按年份维护", nameof(Year))];

    [HttpGet("")]
    public async Task<IActionResult> Index(string? q, int? customerId, int? year, int? month) =>
        View("Month", new MonthPage { Pick = await KpiPages.PickAsync(kpi, clock, q, customerId, year, month, true, Buttons) });

    [HttpGet("month")]
    public async Task<IActionResult> Month(string? q, int? customerId, int? year, int? month, bool search) =>
        View("Month", await MonthPageAsync(search ? q : null, customerId, year, month, null, null));

    [HttpPost("month")]
    public async Task<IActionResult> SaveMonth(int customerId, int year, int month, FeedbackForm form)
    {
        Dictionary<int, decimal?> scores = [];
        return await this.ChangeAsync(db, async () =>
            {
                scores = KpiPages.Values(Request.Form, "score_");
                await kpi.SaveFeedbackAsync(customerId, year, month, scores, form.Opinions, form.Signature, form.Phone);
            }, "客户反馈意见已保存", () => RedirectToAction(nameof(Year), new { customerId, year }),
            async () => View("Month", await MonthPageAsync(null, customerId, year, month, scores, form)));
    }

    [HttpGet("year")]
    public async Task<IActionResult> Year(string? q, int? customerId, int? year, int? month)
    {
        var pick = await KpiPages.PickAsync(kpi, clock, q, customerId, year, month, true, Buttons);
        if (customerId is not { } id || year is not { } y) return View("Year", new YearPage { Pick = pick });
        return View("Year", new YearPage { Pick = pick, CustomerName = (await kpi.CustomerAsync(id)).Name, Months = await kpi.YearAsync(id, y) });
    }

    private async Task<MonthPage> MonthPageAsync(string? q, int? customerId, int? year, int? month, IReadOnlyDictionary<int, decimal?>? posted, FeedbackForm? form)
    {
        var pick = await KpiPages.PickAsync(kpi, clock, q, customerId, year, month, true, Buttons);
        if (customerId is not { } id || year is not { } y || month is not { } m) return new MonthPage { Pick = pick };
        var sheet = await kpi.MonthAsync(id, y, m);
        return new MonthPage
        {
            Pick = pick, Sheet = sheet, Posted = posted,
            Form = form ?? new FeedbackForm { Opinions = sheet.Feedback?.Opinions, Signature = sheet.Feedback?.Signature, Phone = sheet.Feedback?.Phone },
        };
    }
}
