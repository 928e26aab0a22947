using System.Net;
using PostalCrm.Plugins.Marketing.Data;
using PostalCrm.Plugins.Usage.Data;
using PostalCrm.Sdk.Data;
using PostalCrm.Testing;

namespace PostalCrm.Plugins.Marketing.Tests;

/// <summary>F-4.5 annual plan, F-4.6 monthly plan, F-4.8 plan query.</summary>
[TestFixtureSource(typeof(TestDatabase), nameof(TestDatabase.Providers))]
public class PlanTests(DatabaseProvider provider) : MarketingFixture(provider)
{
    private static string AnnualUrl(int managerId, int year) => $"/marketing/plans/annual?managerId={managerId}&year={year}";

    private List<KeyValuePair<string, string>> AnnualFields(int managerId, int year, Dictionary<int, string> targets, string? other = null)
    {
        using var db = Db();
        var lines = db.ProductLines.Where(l => l.Active).OrderBy(l => l.Sort).Select(l => l.Id).ToList();
        var f = new List<KeyValuePair<string, string>> { new("ManagerId", Str(managerId)), new("Year", Str(year)), new("OtherPlans", other ?? "") };
        foreach (var id in lines)
        {
            f.Add(new("LineIds", Str(id)));
            f.Add(new("Targets", targets.GetValueOrDefault(id, "")));
        }
        return f;
    }

    [Test]
    public async Task F_4_5_annual_plan_blank_is_zero_and_entering_again_edits()
    {
        var me = UserId(DemoUsers.WuchangCm1);
        var year = Today.Year + 1;
        using var s = await LoginAsync(DemoUsers.WuchangCm1);
        int firstLine, secondLine;
        using (var db = Db())
        {
            var ids = db.ProductLines.Where(l => l.Active).OrderBy(l => l.Sort).Select(l => l.Id).ToList();
            Assert.That(ids, Has.Count.EqualTo(10), "ten product lines");
            (firstLine, secondLine) = (ids[0], ids[1]);
        }
        var html = await s.GetHtmlAsync(AnnualUrl(me, year));
        Assert.That(html, Does.Contain("录入年工作计划").And.Contain("去年总收入").And.Contain("生成年计划"));
        var res = await s.PostFormAsync("/marketing/plans/annual", AnnualFields(me, year, new() { [firstLine] = "1234.56" }, "重点开发医院客户"), tokenFrom: AnnualUrl(me, year));
        Assert.That(res.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), Errors(await res.Content.ReadAsStringAsync()));
        using (var db = Db())
        {
            var plan = db.GetTable<AnnualPlan>().Single(p => p.ManagerUserId == me && p.Year == year);
            var targets = db.GetTable<AnnualTarget>().Where(t => t.PlanId == plan.Id).ToDictionary(t => t.ProductLineId, t => t.TargetFen);
            Assert.That(targets, Has.Count.EqualTo(10));
            Assert.That(targets[firstLine], Is.EqualTo(123456L));
            Assert.That(targets.Where(t => t.Key != firstLine).Select(t => t.Value), Is.All.EqualTo(0L), "blank = 0");
            Assert.That(plan.OtherPlans, Is.EqualTo("重点开发医院客户"));
        }
        // Entering again shows the saved values and edits the same plan.
        Assert.That(await s.GetHtmlAsync(AnnualUrl(me, year)), Does.Contain("value=\"1234.56\""));
        res = await s.PostFormAsync("/marketing/plans/annual", AnnualFields(me, year, new() { [secondLine] = "10" }), tokenFrom: AnnualUrl(me, year));
        Assert.That(res.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        using (var db = Db())
        {
            var plans = db.GetTable<AnnualPlan>().Where(p => p.ManagerUserId == me && p.Year == year).ToList();
            Assert.That(plans, Has.Count.EqualTo(1));
            var targets = db.GetTable<AnnualTarget>().Where(t => t.PlanId == plans[0].Id).ToDictionary(t => t.ProductLineId, t => t.TargetFen);
            Assert.That((targets[firstLine], targets[secondLine]), Is.EqualTo((0L, 1000L)));
            Assert.That(db.AuditEntries.Count(a => a.Entity == "marketing_annual_plan" && a.EntityId == Str(plans[0].Id)), Is.EqualTo(2));
        }
    }

    [TestCase("-5", "不能为负数")]
    [TestCase("abc", "必须是数字")]
    [TestCase("1.234", "最多 2 位小数")]
    public async Task F_4_5_invalid_targets_are_refused(string value, string message)
    {
        var me = UserId(DemoUsers.WuchangCm1);
        var year = Today.Year - 3;
        using var s = await LoginAsync(DemoUsers.WuchangCm1);
        int line;
        using (var db = Db()) line = db.ProductLines.OrderBy(l => l.Sort).Select(l => l.Id).First();
        var html = await RefusedAsync(s, "/marketing/plans/annual", AnnualFields(me, year, new() { [line] = value }), AnnualUrl(me, year));
        Assert.That(Errors(html), Does.Contain(message));
        using var db2 = Db();
        Assert.That(db2.GetTable<AnnualPlan>().Any(p => p.ManagerUserId == me && p.Year == year), Is.False);
    }

    [Test]
    public async Task F_4_5_last_years_actual_revenue_is_shown_beside_the_targets()
    {
        var me = UserId(DemoUsers.JiangAnCm1);
        var year = Today.Year;
        long expected;
        using (var db = Db())
            expected = db.GetTable<UsageDaily>().Where(d => d.ManagerUserId == me && d.UsageDate >= new DateOnly(year - 1, 1, 1) && d.UsageDate <= new DateOnly(year - 1, 12, 31))
                .Sum(d => (long?)d.ActualFen) ?? 0;
        Assert.That(expected, Is.GreaterThan(0), "demo usage exists for last year");
        using var s = await LoginAsync(DemoUsers.JiangAnCm1);
        var html = await s.GetHtmlAsync(AnnualUrl(me, year));
        Assert.That(html, Does.Contain($"id=\"last-year-total\">{Common.Money.Show(expected)}<"));
    }

    [Test]
    public async Task F_4_5_a_manager_picks_only_themselves_and_a_department_its_managers()
    {
        var cm1 = UserId(DemoUsers.JiangAnCm1);
        var cm2 = UserId(DemoUsers.JiangAnCm2);
        var wc = UserId(DemoUsers.WuchangCm1);
        using (var s = await LoginAsync(DemoUsers.JiangAnCm1))
        {
            var index = await s.GetHtmlAsync("/marketing/plans");
            Assert.That(index, Does.Contain($"value=\"{cm1}\"").And.Not.Contain($"value=\"{cm2}\""));
            await AssertNotFoundAsync(s, AnnualUrl(cm2, Today.Year));
            await AssertNotFoundAsync(s, MonthlyUrl(cm2, MonthStart(0)));
            var res = await s.PostFormAsync("/marketing/plans/annual", AnnualFields(cm2, Today.Year - 5, []), tokenFrom: "/marketing/plans");
            Assert.That(res.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        }
        using (var s = await LoginAsync(DemoUsers.JiangAnDept))
        {
            var index = await s.GetHtmlAsync("/marketing/plans");
            Assert.That(index, Does.Contain($"value=\"{cm1}\"").And.Contain($"value=\"{cm2}\"").And.Not.Contain($"value=\"{wc}\""));
            Assert.That((await s.GetAsync(AnnualUrl(cm2, Today.Year))).StatusCode, Is.EqualTo(HttpStatusCode.OK));
            await AssertNotFoundAsync(s, AnnualUrl(wc, Today.Year));
            await AssertNotFoundAsync(s, MonthlyUrl(wc, MonthStart(0)));
        }
        using var db = Db();
        Assert.That(db.GetTable<AnnualPlan>().Any(p => p.ManagerUserId == cm2 && p.Year == Today.Year - 5), Is.False);
    }

    [Test]
    public async Task F_4_6_monthly_plan_saves_ticked_items_and_maintenance_is_limited_to_own_customers()
    {
        var me = UserId(DemoUsers.JiangAnCm2);
        var month = MonthStart(10);
        using var s = await LoginAsync(DemoUsers.JiangAnCm2);
        var own = OwnCustomer(DemoUsers.JiangAnCm2);
        var foreign = DepartmentCustomer(DemoUsers.JiangAnCm2);

        var html = await RefusedAsync(s, "/marketing/plans/monthly", PlanFields(me, month, new Item(WorkKind.Maintenance, foreign, month.AddDays(2))), MonthlyUrl(me, month));
        Assert.That(Errors(html), Does.Contain("维护工作只能选择该客户经理的客户"));
        html = await RefusedAsync(s, "/marketing/plans/monthly", PlanFields(me, month, new Item(WorkKind.Maintenance, own, month.AddMonths(1))), MonthlyUrl(me, month));
        Assert.That(Errors(html), Does.Contain("日期安排须在"));
        Assert.That(Items(me, month), Is.Empty, "nothing saved");

        await SavePlanAsync(s, me, month,
            new Item(WorkKind.Maintenance, own, month.AddDays(3)),
            new Item(WorkKind.Development, foreign, month.AddDays(4), "介绍速递业务"),
            new Item(WorkKind.Other, null, month.AddDays(5), "参加培训"),
            new Item(WorkKind.Maintenance, own, month.AddDays(6), Keep: false));
        var items = Items(me, month);
        Assert.That(items.Select(i => (i.Kind, i.CustomerId)), Is.EqualTo(new[] { (WorkKind.Maintenance, (int?)own), (WorkKind.Development, (int?)foreign), (WorkKind.Other, (int?)null) }));

        // Entering again edits: unticking a saved item removes it, the others keep their ids.
        await SavePlanAsync(s, me, month,
            new Item(WorkKind.Maintenance, own, month.AddDays(3), Id: items[0].Id),
            new Item(WorkKind.Development, foreign, month.AddDays(8), "再次拜访", Id: items[1].Id),
            new Item(WorkKind.Other, null, month.AddDays(5), Keep: false, Id: items[2].Id));
        var again = Items(me, month);
        Assert.That(again.Select(i => i.Id), Is.EqualTo(new[] { items[0].Id, items[1].Id }));
        Assert.That(again[1].PlannedDate, Is.EqualTo(month.AddDays(8)));
    }

    [Test]
    public async Task F_4_6_development_and_other_work_choose_only_customers_registered_in_the_department()
    {
        var me = UserId(DemoUsers.JiangAnCm2);
        var month = MonthStart(13);
        using var s = await LoginAsync(DemoUsers.JiangAnCm2);
        var inDepartment = DepartmentCustomer(DemoUsers.JiangAnCm2);
        var outside = YichangCustomer();
        string Name(int id) { using var db = Db(); return db.BusinessCustomers.Where(c => c.Id == id).Select(c => c.Name).First(); }

        // The fuzzy search (查询客户) offers the department's customer and not the other city's.
        async Task<string> Search(int customer)
        {
            var fields = PlanFields(me, month, new Item(WorkKind.Development, null, month)); // a development row, whose list shows what was found
            fields.Add(new("Search", Name(customer)));
            fields.Add(new("Op", "search"));
            return await (await s.PostFormAsync("/marketing/plans/monthly", fields, tokenFrom: MonthlyUrl(me, month))).Content.ReadAsStringAsync();
        }
        Assert.That(await Search(inDepartment), Does.Contain($"<option value=\"{inDepartment}\">"));
        Assert.That(await Search(outside), Does.Not.Contain($"<option value=\"{outside}\">"));

        // Posting the other city's customer anyway is refused for development and for other work; nothing is saved.
        foreach (var kind in new[] { WorkKind.Development, WorkKind.Other })
        {
            var html = await RefusedAsync(s, "/marketing/plans/monthly", PlanFields(me, month, new Item(kind, outside, month.AddDays(2), "拜访")), MonthlyUrl(me, month));
            Assert.That(Errors(html), Does.Contain("只能选择本部门注册的客户"));
        }
        Assert.That(Items(me, month), Is.Empty, "nothing saved");
        await SavePlanAsync(s, me, month, new Item(WorkKind.Development, inDepartment, month.AddDays(2), "拜访"));
        Assert.That(Items(me, month).Select(i => i.CustomerId), Is.EqualTo(new int?[] { inDepartment }));
    }

    [Test]
    public async Task F_4_6_the_add_buttons_add_a_ticked_row_without_saving()
    {
        var me = UserId(DemoUsers.JiangAnCm2);
        var month = MonthStart(11);
        using var s = await LoginAsync(DemoUsers.JiangAnCm2);
        var fields = PlanFields(me, month);
        fields.Add(new("Op", "development"));
        var res = await s.PostFormAsync("/marketing/plans/monthly", fields, tokenFrom: MonthlyUrl(me, month));
        var html = await res.Content.ReadAsStringAsync();
        Assert.That(res.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(html, Does.Contain("name=\"Items[0].Kind\" value=\"2\"").And.Contain("name=\"Items[0].Keep\" value=\"true\" checked=\"checked\""));
        Assert.That(Items(me, month), Is.Empty);
    }

    [Test]
    public async Task F_4_6_suggestions_are_visit_frequency_minus_visits_logged()
    {
        var me = UserId(DemoUsers.JiangAnCm1);
        var month = MonthStart(12);
        var customer = OwnCustomer(DemoUsers.JiangAnCm1, 1);
        using (var db = Db())
        {
            var dept = db.OrgUnits.Where(u => u.Code == "420102KA").Select(u => u.Id).First();
            db.VisitFrequencies.Where(f => f.CustomerId == customer).Delete();
            db.Insert(new PostalCrm.Sdk.Reference.VisitFrequency { CustomerId = customer, OrgUnitId = dept, VisitsPerMonth = 3, UpdatedAt = DateTime.UtcNow, UpdatedBy = me });
        }
        using var s = await LoginAsync(DemoUsers.JiangAnCm1);
        int Suggested(string html) => SuggestedFor(html, customer);
        Assert.That(Suggested(await s.GetHtmlAsync(MonthlyUrl(me, month))), Is.EqualTo(3));

        // One maintenance visit logged that month → two suggestions.
        var res = await s.PostFormAsync("/marketing/logs/add", new Dictionary<string, string>
        {
            ["ManagerId"] = Str(me), ["Date"] = D(month.AddDays(1)), ["Kind"] = "1", ["CustomerId"] = Str(customer), ["Outcome"] = "上门拜访",
        }, tokenFrom: "/marketing/logs");
        Assert.That(res.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), Errors(await res.Content.ReadAsStringAsync()));
        Assert.That(Suggested(await s.GetHtmlAsync(MonthlyUrl(me, month))), Is.EqualTo(2));
    }

    /// <summary>
    /// F-4.6 维护频次: a customer's visits per month are those set by the nearest key-account department or centre above the
    /// manager (the district's department before the city's centre); one set by another district's department is not the
    /// manager's and suggests nothing.
    /// </summary>
    [Test]
    public async Task F_4_6_suggestions_take_the_frequency_of_the_nearest_department_or_centre_above_the_manager()
    {
        var me = UserId(DemoUsers.JiangAnCm1);
        var month = MonthStart(14);
        int[] own = [OwnCustomer(DemoUsers.JiangAnCm1, 2), OwnCustomer(DemoUsers.JiangAnCm1, 3), OwnCustomer(DemoUsers.JiangAnCm1, 4), OwnCustomer(DemoUsers.JiangAnCm1, 5)];
        using (var db = Db())
        {
            int Unit(string code) => db.OrgUnits.Where(u => u.Code == code).Select(u => u.Id).First();
            var (dept, centre, otherDept) = (Unit("420102KA"), Unit("420100KA"), Unit("420106KA"));
            db.VisitFrequencies.Where(f => own.Contains(f.CustomerId)).Delete();
            void Set(int customer, int unit, int perMonth) => db.Insert(new PostalCrm.Sdk.Reference.VisitFrequency
                { CustomerId = customer, OrgUnitId = unit, VisitsPerMonth = perMonth, UpdatedAt = DateTime.UtcNow, UpdatedBy = me });
            Set(own[0], dept, 2);
            Set(own[1], centre, 1);
            Set(own[2], dept, 1);
            Set(own[2], centre, 3);
            Set(own[3], otherDept, 4);
        }
        using var s = await LoginAsync(DemoUsers.JiangAnCm1);
        var html = await s.GetHtmlAsync(MonthlyUrl(me, month));
        Assert.That(own.Select(c => SuggestedFor(html, c)), Is.EqualTo(new[] { 2, 1, 1, 0 }),
            "the department's 2; the centre's 1 where the department set none; the department's 1 before the centre's 3; another district's none");
    }

    /// <summary>The suggested (ticked by the system) maintenance rows of the customer on a monthly plan page.</summary>
    private static int SuggestedFor(string html, int customer) => System.Text.RegularExpressions.Regex.Count(html,
        $"name=\"Items\\[(\\d+)\\].Suggested\" value=\"true\" />\\s*<select name=\"Items\\[\\d+\\].CustomerId\"[^>]*>(?:(?!</select>).)*value=\"{customer}\" selected",
        System.Text.RegularExpressions.RegexOptions.Singleline);

    [Test]
    public async Task F_4_6_header_shows_year_to_date_completion_of_the_annual_plan()
    {
        var me = UserId(DemoUsers.JiangAnCm1);
        var month = MonthStart(0);
        long target, actual;
        using (var db = Db())
        {
            var plan = db.GetTable<AnnualPlan>().Single(p => p.ManagerUserId == me && p.Year == month.Year);
            target = db.GetTable<AnnualTarget>().Where(t => t.PlanId == plan.Id).Sum(t => t.TargetFen);
            actual = db.GetTable<UsageDaily>().Where(d => d.ManagerUserId == me && d.UsageDate >= new DateOnly(month.Year, 1, 1) && d.UsageDate <= Today)
                .Sum(d => (long?)d.ActualFen) ?? 0;
        }
        Assume.That(target, Is.GreaterThan(0));
        var percent = decimal.Round(actual * 100m / target, 1, MidpointRounding.AwayFromZero);
        using var s = await LoginAsync(DemoUsers.JiangAnCm1);
        var html = await s.GetHtmlAsync(MonthlyUrl(me, month));
        Assert.That(html, Does.Contain($"<strong>{percent.ToString("0.0", System.Globalization.CultureInfo.InvariantCulture)}%</strong>"));
        Assert.That(Common.Money.Percent(1, 3), Is.EqualTo(33.3m));
        Assert.That(Common.Money.Percent(2, 3), Is.EqualTo(66.7m));
        Assert.That(Common.Money.Percent(5, 0), Is.Null, "no plan: no percentage");
    }

    [Test]
    public async Task F_4_8_plan_query_lists_managers_in_scope_and_details_answer_404_outside()
    {
        var cm1 = UserId(DemoUsers.JiangAnCm1);
        var wc = UserId(DemoUsers.WuchangCm1);
        int cm1Plan, wcPlan, wcAnnual;
        using (var db = Db())
        {
            cm1Plan = db.GetTable<MonthlyPlan>().Where(p => p.ManagerUserId == cm1 && p.Year == Today.Year && p.Month == Today.Month).Select(p => p.Id).First();
            wcPlan = db.GetTable<MonthlyPlan>().Where(p => p.ManagerUserId == wc && p.Year == Today.Year && p.Month == Today.Month).Select(p => p.Id).First();
            wcAnnual = db.GetTable<AnnualPlan>().Where(p => p.ManagerUserId == wc && p.Year == Today.Year).Select(p => p.Id).First();
        }
        using var s = await LoginAsync(DemoUsers.JiangAnDept);
        var list = await s.GetHtmlAsync($"/marketing/queries/plans?kind=monthly&month={Month(MonthStart(0))}");
        Assert.That(list, Does.Contain("江岸客户经理陈静").And.Not.Contain("武昌客户经理赵敏"));
        Assert.That(list, Does.Contain($"/marketing/queries/plans/monthly/{cm1Plan}"));
        Assert.That((await s.GetAsync($"/marketing/queries/plans/monthly/{cm1Plan}")).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        await AssertNotFoundAsync(s, $"/marketing/queries/plans/monthly/{wcPlan}");
        await AssertNotFoundAsync(s, $"/marketing/queries/plans/annual/{wcAnnual}");
        using var cm = await LoginAsync(DemoUsers.JiangAnCm2);
        await AssertNotFoundAsync(cm, $"/marketing/queries/plans/monthly/{cm1Plan}");
    }

    [Test]
    public async Task F_4_8_plan_query_reaches_every_manager_in_scope_page_by_page()
    {
        // 60 extra managers in 江岸区 for this test only, so the department's list has more than one page.
        await WithExtraManagersAsync("zz_plan_", "计划分页经理", 60, async () =>
        {
            using var s = await LoginAsync(DemoUsers.JiangAnDept);
            foreach (var kind in new[] { $"kind=monthly&month={Month(MonthStart(0))}", $"kind=annual&year={Today.Year}" })
            {
                var seen = new List<string>();
                var demoManagerSeen = false;
                var pages = 0;
                for (var more = true; more; pages++)
                {
                    var html = await s.GetHtmlAsync($"/marketing/queries/plans?{kind}&page={pages + 1}");
                    Assert.That(System.Text.RegularExpressions.Regex.Count(html, "<tr>\\s*<td>"), Is.LessThanOrEqualTo(Features.Queries.QueryService.PlansPageSize), kind);
                    seen.AddRange(System.Text.RegularExpressions.Regex.Matches(html, "计划分页经理(\\d\\d)").Select(m => m.Groups[1].Value));
                    demoManagerSeen |= html.Contains("江岸客户经理陈静", StringComparison.Ordinal);
                    // The next page's link keeps the month (year).
                    more = html.Contains("rel=\"next\"", StringComparison.Ordinal) && pages < 10;
                    if (more) Assert.That(html, Does.Contain(kind.Split('&')[0]), "the pager keeps the kind");
                }
                Assert.That(pages, Is.EqualTo(2), kind);
                Assert.That(seen, Is.EquivalentTo(Enumerable.Range(1, 60).Select(i => i.ToString("D2", System.Globalization.CultureInfo.InvariantCulture))),
                    kind + ": every manager once, over the pages");
                Assert.That(demoManagerSeen, kind);
            }
        });
    }
}
