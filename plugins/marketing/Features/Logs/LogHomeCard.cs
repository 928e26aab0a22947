using System.Globalization;
using PostalCrm.Plugins.Marketing.Common;
using PostalCrm.Plugins.Marketing.Data;
using PostalCrm.Plugins.Marketing.Features.Plans;
using PostalCrm.Sdk.Data;
using PostalCrm.Sdk.Plugins;
using PostalCrm.Sdk.Security;
using PostalCrm.Sdk.Time;
using PostalCrm.Sdk.Web;

namespace PostalCrm.Plugins.Marketing.Features.Logs;

/// <summary>A customer manager's home-page card: today's plan items, the month's plan completion, customers overdue for a visit.</summary>
public sealed class LogHomeCard(PostalDb db, LogService logs, PlanService plans, ICurrentUser me, TimeProvider clock) : IHomeCard
{
    public string PluginId => "marketing";

    public async Task<HomeCard?> BuildAsync(CancellationToken ct = default)
    {
        if (!me.IsInRole(RoleCodes.CustomerManager) || !me.Has(MarketingPermissions.LogEdit)) return null;
        var today = clock.Today();
        var prompts = await logs.PromptsAsync(me.Id, today);
        var myId = me.Id;
        var items = await (from i in db.GetTable<PlanItem>()
                           join p in db.GetTable<MonthlyPlan>() on i.PlanId equals p.Id
                           where p.ManagerUserId == myId && p.Year == today.Year && p.Month == today.Month
                           select new { i.Id, i.Kind, i.CustomerId, Done = db.GetTable<LogEntry>().Any(e => e.PlanItemId == i.Id) }).ToListAsync(ct);
        var done = items.Count(i => i.Done);
        // The card's manager is the signed-in customer manager: their own id and unit, no manager lookup.
        var own = await plans.OwnCustomersAsync(myId);
        var open = items.Where(i => !i.Done).Select(i => new ItemInput { Kind = i.Kind, CustomerId = i.CustomerId, Keep = true }).ToList();
        var overdue = (await plans.SuggestionsAsync(myId, me.OrgUnit.Id, today.Year, today.Month, open, own)).Select(s => s.CustomerId).Distinct().Count();
        var logLink = MenuLink.To<LogsController>(nameof(LogsController.Index));
        return new HomeCard("营销日志",
        [
            new($"今日计划工作 {prompts.Count} 项", logLink, prompts.Count > 0),
            new($"本月计划完成 {done}/{items.Count} 项({Money.ShowPercent(Money.Percent(done, items.Count))})",
                MenuLink.To<PlansController>(nameof(PlansController.Index))),
            new($"按维护频次待拜访客户 {overdue.ToString(CultureInfo.InvariantCulture)} 个", null, overdue > 0),
        ], 60);
    }
}
