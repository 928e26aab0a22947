using PostalCrm.Plugins.Kpi.Common;
using PostalCrm.Plugins.Kpi.Data;
using PostalCrm.Sdk.Data;

namespace PostalCrm.Plugins.Kpi.Demo;

/// <summary>
/// The province generator's KPI part (ARCHITECTURE §9): every tenth customer (by id) gets three focus indicators per year
/// of history and a KPI report with its values for every past month; about two thirds of those reports get the customer's
/// feedback (F-6.3: a score per indicator within its weight, opinions, signature, phone) and half of the feedback a solution
/// (F-6.4). Written by bulk insert in pages of customers, so the rows follow <see cref="ProvinceScale"/>. Deterministic:
/// every value derives from the seed and the customer, year, month and indicator.
/// </summary>
public sealed class KpiProvinceData : IProvinceData
{
    private const int Page = 2_000;
    private static readonly decimal[] Weights = [40, 30, 30];
    private static readonly string[] Opinions = ["希望揽收时间更灵活", "账单请按月提供明细", "服务态度很好,继续保持", "投递时效需要提高", "希望增加上门服务次数"];
    private static readonly string[] Signatures = ["张伟", "李娜", "王芳", "刘洋", "陈静", "杨帆", "赵敏", "黄磊"];
    private static readonly string[] Supervisors = ["赵强", "孙丽", "周杰", "吴刚"];
    private static readonly string[] Solutions = ["已安排专人对接,按客户意见调整服务安排", "已调整揽收时间,每周回访一次", "已开通电子对账单并按月寄送明细", "已优化投递线路,时效纳入考核"];

    /// <summary>About two thirds of the reports have the customer's feedback.</summary>
    public static bool HasFeedback(ProvinceContext ctx, int customerId, int year, int month) => Mix(ctx, customerId, year, month, 7) % 3 != 0;

    /// <summary>About half of the feedback has a solution.</summary>
    public static bool HasSolution(ProvinceContext ctx, int customerId, int year, int month) => Mix(ctx, customerId, year, month, 8) % 2 == 0;

    public async Task GenerateAsync(ProvinceContext ctx, CancellationToken ct)
    {
        var db = ctx.Db;
        var indicators = await db.Indicators.Where(i => i.Active).OrderBy(i => i.Id).Select(i => i.Id).ToListAsync(ct);
        if (indicators.Count < 3) return;
        var today = ctx.Now.AddHours(8);
        var firstYear = today.Year - ctx.Scale.HistoryYears + 1;
        long reports = 0, feedbacks = 0, solutions = 0;
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

            // F-6.3 feedback for some months, then (ids read back) their scores and, for some, an F-6.4 solution.
            var withFeedback = ids.Where(r => HasFeedback(ctx, r.CustomerId, r.Year, r.Month)).ToList();
            var managerOf = page.ToDictionary(c => c.CustomerId, c => c.Manager);
            await ctx.BulkInsertAsync(withFeedback.Select(r => new KpiFeedback
            {
                ReportId = r.Id, CustomerId = r.CustomerId, Year = r.Year, Month = r.Month,
                Total = FeedbackScores(ctx, indicators, r.CustomerId, r.Year, r.Month).Sum(f => f.Score),
                Opinions = Opinions[Mix(ctx, r.CustomerId, r.Year, r.Month, 1) % Opinions.Length],
                Signature = Signatures[Mix(ctx, r.CustomerId, 2) % Signatures.Length], Phone = Phone(ctx, r.CustomerId),
                UpdatedBy = managerOf[r.CustomerId], UpdatedAt = new DateTime(r.Year, r.Month, 27, 2, 0, 0, DateTimeKind.Utc),
            }), ct);
            var feedback = await db.GetTable<KpiFeedback>().Where(f => f.CustomerId >= first && f.CustomerId <= after && f.CustomerId % 10 == 0)
                .Select(f => new { f.Id, f.CustomerId, f.Year, f.Month }).ToListAsync(ct);
            await ctx.BulkInsertAsync(feedback.SelectMany(f => FeedbackScores(ctx, indicators, f.CustomerId, f.Year, f.Month).Select(v =>
                new KpiFeedbackScore { FeedbackId = f.Id, IndicatorId = v.IndicatorId, Score = v.Score })), ct);
            var solved = feedback.Where(f => HasSolution(ctx, f.CustomerId, f.Year, f.Month)).ToList();
            await ctx.BulkInsertAsync(solved.Select(f => new KpiSolution
            {
                FeedbackId = f.Id, CustomerId = f.CustomerId, Year = f.Year, Month = f.Month,
                Solution = Solutions[Mix(ctx, f.CustomerId, f.Year, f.Month, 3) % Solutions.Length],
                SupervisorSignature = Supervisors[Mix(ctx, f.CustomerId, 4) % Supervisors.Length], SupervisorPhone = "027" + Digits(ctx, 8, f.CustomerId, 5),
                UpdatedBy = managerOf[f.CustomerId], UpdatedAt = new DateTime(f.Year, f.Month, 28, 2, 0, 0, DateTimeKind.Utc),
            }), ct);
            feedbacks += feedback.Count;
            solutions += solved.Count;
            ctx.Progress($"{reports:N0} KPI reports, {feedbacks:N0} feedback, {solutions:N0} solutions");
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

    /// <summary>The customer's own score per indicator: 70 % … 100 % of its weight, whole points.</summary>
    private static IEnumerable<(int IndicatorId, decimal Score)> FeedbackScores(ProvinceContext ctx, List<int> indicators, int customerId, int year, int month) =>
        Pick(ctx, indicators, customerId, year).Select((ind, i) => (ind, Math.Round(Weights[i] * (70 + Mix(ctx, customerId, year, month, ind, 9) % 31) / 100m, 0)));

    private static string Phone(ProvinceContext ctx, int customerId) => "13" + Digits(ctx, 9, customerId, 6);

    private static string Digits(ProvinceContext ctx, int count, params int[] parts)
    {
        var n = Mix(ctx, parts);
        var chars = new char[count];
        for (var i = 0; i < count; i++)
        {
            chars[i] = (char)('0' + n % 10);
            n = n / 10 + Mix(ctx, n, i) % 7;
        }
        return new string(chars);
    }

    private static decimal Target(ProvinceContext ctx, int customerId, int indicator) => 50 + Mix(ctx, customerId, indicator) % 50 * 10;

    private static IEnumerable<(int IndicatorId, decimal Actual, decimal Score)> Values(ProvinceContext ctx, List<int> indicators, int customerId, int year, int month) =>
        Pick(ctx, indicators, customerId, year).Select((ind, i) =>
        {
            var target = Target(ctx, customerId, ind);
            var actual = Math.Round(target * (60 + Mix(ctx, customerId, year, month, ind) % 60) / 100m, 0);
            return (ind, actual, KpiScoring.Score(actual, target, Weights[i]));
        });
}
