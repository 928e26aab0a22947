using PostalCrm.Plugins.Kpi.Common;
using PostalCrm.Plugins.Kpi.Data;
using PostalCrm.Sdk.Data;

namespace PostalCrm.Plugins.Kpi.Demo;

/// <summary>
/// The province generator's KPI part (ARCHITECTURE §9): every tenth customer (by id) gets three focus indicators per year
/// of history and a KPI report with its values for every past month, written by bulk insert in pages of customers.
/// Deterministic: values derive from the seed and the customer, year, month and indicator.
/// </summary>
public sealed class KpiProvinceData : IProvinceData
{
    private const int Page = 2_000;
    private static readonly decimal[] Weights = [40, 30, 30];

    public async Task GenerateAsync(ProvinceContext ctx, CancellationToken ct)
    {
        var db = ctx.Db;
        var indicators = await db.Indicators.Where(i => i.Active).OrderBy(i => i.Id).Select(i => i.Id).ToListAsync(ct);
        if (indicators.Count < 3) return;
        var today = ctx.Now.AddHours(8);
        var firstYear = today.Year - ctx.Scale.HistoryYears + 1;
        long reports = 0;
        var after = 0;
        while (true)
        {
            var page = await db.BusinessRelationships.Where(r => r.Approved && r.CustomerId > after && r.CustomerId % 10 == 0)
                .GroupBy(r => r.CustomerId).Select(g => new { CustomerId = g.Key, Manager = g.Min(r => r.ManagerUserId), Unit = g.Min(r => r.OrgUnitId) })
                .OrderBy(x => x.CustomerId).Take(Page).ToListAsync(ct);
            if (page.Count == 0) break;
            after = page[^1].CustomerId;
            var periods = Enumerable.Range(firstYear, ctx.Scale.HistoryYears)
                .SelectMany(y => Enumerable.Range(1, 12).Where(m => y < today.Year || m < today.Month).Select(m => (Year: y, Month: m))).ToList();

            await ctx.BulkInsertAsync(page.SelectMany(c => Enumerable.Range(firstYear, ctx.Scale.HistoryYears).SelectMany(y =>
                Pick(ctx, indicators, c.CustomerId, y).Select((ind, i) => new FocusIndicator
                {
                    CustomerId = c.CustomerId, Year = y, IndicatorId = ind, Target = Target(ctx, c.CustomerId, ind), Weight = Weights[i], Sort = i + 1,
                    UpdatedBy = c.Manager, UpdatedAt = new DateTime(y, 1, 10, 2, 0, 0, DateTimeKind.Utc),
                }))), ct);
            await ctx.BulkInsertAsync(page.SelectMany(c => periods.Select(p => new KpiReport
            {
                CustomerId = c.CustomerId, Year = p.Year, Month = p.Month, ManagerUserId = c.Manager, OrgUnitId = c.Unit,
                Total = Values(ctx, indicators, c.CustomerId, p.Year, p.Month).Sum(v => v.Score),
                SavedAt = new DateTime(p.Year, p.Month, 25, 3, 0, 0, DateTimeKind.Utc),
            })), ct);
            var first = page[0].CustomerId;
            var ids = await db.GetTable<KpiReport>().Where(r => r.CustomerId >= first && r.CustomerId <= after && r.CustomerId % 10 == 0)
                .Select(r => new { r.Id, r.CustomerId, r.Year, r.Month }).ToListAsync(ct);
            await ctx.BulkInsertAsync(ids.SelectMany(r => Values(ctx, indicators, r.CustomerId, r.Year, r.Month).Select(v =>
                new KpiReportValue { ReportId = r.Id, IndicatorId = v.IndicatorId, Actual = v.Actual, Score = v.Score })), ct);
            reports += ids.Count;
            ctx.Progress($"{reports:N0} KPI reports");
        }
    }

    private static int Mix(ProvinceContext ctx, params int[] parts)
    {
        unchecked
        {
            var h = ctx.Seed * 31 + 17;
            foreach (var p in parts) h = h * 16777619 ^ p;
            return h & 0x7fffffff;
        }
    }

    private static List<int> Pick(ProvinceContext ctx, List<int> indicators, int customerId, int year) =>
        [.. indicators.OrderBy(i => Mix(ctx, customerId, year, i)).Take(3)];

    private static decimal Target(ProvinceContext ctx, int customerId, int indicator) => 50 + Mix(ctx, customerId, indicator) % 50 * 10;

    private static IEnumerable<(int IndicatorId, decimal Actual, decimal Score)> Values(ProvinceContext ctx, List<int> indicators, int customerId, int year, int month) =>
        Pick(ctx, indicators, customerId, year).Select((ind, i) =>
        {
            var target = Target(ctx, customerId, ind);
            var actual = Math.Round(target * (60 + Mix(ctx, customerId, year, month, ind) % 60) / 100m, 0);
            return (ind, actual, KpiScoring.Score(actual, target, Weights[i]));
        });
}
