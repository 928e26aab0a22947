using PostalCrm.Plugins.Kpi.Common;
using PostalCrm.Plugins.Kpi.Data;
using PostalCrm.Sdk.Data;
using PostalCrm.Sdk.Security;

namespace PostalCrm.Plugins.Kpi.Demo;

/// <summary>
/// Demo KPI data: for the first three customers (by id) of every customer manager, focus indicators for the last two
/// months' years, KPI reports for both months, feedback for the earlier one and a solution for it. Other customers have
/// none, so F-6.1 can be tried on them.
/// </summary>
public sealed class KpiDemoData : IDemoData
{
    public const int CustomersPerManager = 3;

    private static readonly string[] Opinions = ["希望揽收时间更灵活", "账单请按月提供明细", "服务态度很好,继续保持", "投递时效需要提高"];
    private static readonly string[] Signatures = ["张伟", "李娜", "王芳", "刘洋", "陈静"];

    public async Task SeedAsync(DemoContext ctx, CancellationToken ct)
    {
        var db = ctx.Db;
        var r = ctx.Random;
        var indicators = await db.Indicators.Where(i => i.Active).OrderBy(i => i.Id).Select(i => i.Id).ToListAsync(ct);
        if (indicators.Count < 3) return;
        var beijing = ctx.Now.AddHours(8);
        var thisMonth = new DateTime(beijing.Year, beijing.Month, 1, 0, 0, 0, DateTimeKind.Unspecified);
        var months = new[] { thisMonth.AddMonths(-2), thisMonth.AddMonths(-1) };
        foreach (var manager in ctx.UsersInRole(RoleCodes.CustomerManager))
        {
            var customers = await db.BusinessRelationships.Where(b => b.ManagerUserId == manager.Id && b.Approved)
                .Select(b => b.CustomerId).Distinct().OrderBy(id => id).Take(CustomersPerManager).ToListAsync(ct);
            if (customers.Count > 0)
            {
                // F-6.5: a complaint and a suggestion about the manager's first customer.
                await db.InsertAsync(new KpiComplaint
                {
                    CustomerId = customers[0], Kind = KpiComplaint.Complaint, ManagerUserId = manager.Id, OrgUnitId = manager.OrgUnitId,
                    Content = "上月有两批邮件投递延误,希望说明原因", CreatedBy = manager.Id, CreatedAt = ctx.DaysAgo(10, 40),
                }, token: ct);
                await db.InsertAsync(new KpiComplaint
                {
                    CustomerId = customers[0], Kind = KpiComplaint.Suggestion, ManagerUserId = manager.Id, OrgUnitId = manager.OrgUnitId,
                    Content = "建议提供电子对账单", Handling = "已开通电子对账单", CreatedBy = manager.Id, CreatedAt = ctx.DaysAgo(5, 30),
                }, token: ct);
            }
            foreach (var customerId in customers)
            {
                if (await db.GetTable<FocusIndicator>().AnyAsync(f => f.CustomerId == customerId, ct)) continue; // two managers, one customer
                var picked = indicators.OrderBy(_ => r.Next()).Take(3).ToList();
                decimal[] weights = [40, 30, 30];
                var targets = picked.Select(_ => (decimal)(r.Next(5, 50) * 10)).ToList();
                foreach (var year in months.Select(m => m.Year).Distinct())
                    for (var i = 0; i < picked.Count; i++)
                        await db.InsertAsync(new FocusIndicator
                        {
                            CustomerId = customerId, Year = year, IndicatorId = picked[i], Target = targets[i], Weight = weights[i], Sort = i + 1,
                            UpdatedBy = manager.Id, UpdatedAt = ctx.Now.AddDays(-75),
                        }, token: ct);
                for (var mi = 0; mi < months.Length; mi++)
                {
                    var period = months[mi];
                    var values = picked.Select((id, i) =>
                    {
                        var actual = Math.Round(targets[i] * (decimal)(0.6 + r.NextDouble() * 0.6), 0);
                        return new KpiReportValue { IndicatorId = id, Actual = actual, Score = KpiScoring.Score(actual, targets[i], weights[i]) };
                    }).ToList();
                    var reportId = await db.InsertWithInt32IdentityAsync(new KpiReport
                    {
                        CustomerId = customerId, Year = period.Year, Month = period.Month, ManagerUserId = manager.Id, OrgUnitId = manager.OrgUnitId,
                        Total = values.Sum(v => v.Score), SavedAt = ctx.Now.AddDays(-40 + 30 * mi),
                    }, token: ct);
                    foreach (var v in values)
                    {
                        v.ReportId = reportId;
                        await db.InsertAsync(v, token: ct);
                    }
                    if (mi != 0) continue;
                    var scores = picked.Select((id, i) => new KpiFeedbackScore { IndicatorId = id, Score = Math.Round(weights[i] * (decimal)(0.7 + r.NextDouble() * 0.3), 0) }).ToList();
                    var feedbackId = await db.InsertWithInt32IdentityAsync(new KpiFeedback
                    {
                        ReportId = reportId, CustomerId = customerId, Year = period.Year, Month = period.Month, Total = scores.Sum(s => s.Score),
                        Opinions = ctx.Pick(Opinions), Signature = ctx.Pick(Signatures), Phone = "1" + r.Next(300000000, 899999999).ToString(System.Globalization.CultureInfo.InvariantCulture) + r.Next(0, 10),
                        UpdatedBy = manager.Id, UpdatedAt = ctx.Now.AddDays(-30),
                    }, token: ct);
                    foreach (var s in scores)
                    {
                        s.FeedbackId = feedbackId;
                        await db.InsertAsync(s, token: ct);
                    }
                    await db.InsertAsync(new KpiSolution
                    {
                        FeedbackId = feedbackId, CustomerId = customerId, Year = period.Year, Month = period.Month,
                        Solution = "已安排专人对接,按客户意见调整服务安排", SupervisorSignature = "赵强", SupervisorPhone = "02788886666",
                        UpdatedBy = manager.Id, UpdatedAt = ctx.Now.AddDays(-25),
                    }, token: ct);
                }
            }
        }
    }
}
