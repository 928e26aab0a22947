using System.Net;
using PostalCrm.Plugins.Marketing.Data;
using PostalCrm.Sdk.Data;
using PostalCrm.Testing;

namespace PostalCrm.Plugins.Marketing.Tests;

/// <summary>F-4.7 daily work log and F-4.9 log query.</summary>
[TestFixtureSource(typeof(TestDatabase), nameof(TestDatabase.Providers))]
public class LogTests(DatabaseProvider provider) : MarketingFixture(provider)
{
    [Test]
    public async Task F_4_7_a_log_for_a_future_day_is_refused()
    {
        var me = UserId(DemoUsers.YichangCm1);
        using var s = await LoginAsync(DemoUsers.YichangCm1);
        var before = Count();
        var res = await s.PostFormAsync("/marketing/logs/add", new Dictionary<string, string>
        {
            ["ManagerId"] = Str(me), ["Date"] = D(Today.AddDays(1)), ["Kind"] = "3", ["Outcome"] = "明天的事",
        }, tokenFrom: "/marketing/logs");
        Assert.That(res.StatusCode, Is.Not.EqualTo(HttpStatusCode.Redirect));
        Assert.That(WebUtility.HtmlDecode(await res.Content.ReadAsStringAsync()), Does.Contain("不能录入今天以后的工作日志"));
        Assert.That(Count(), Is.EqualTo(before));
        var page = await s.GetAsync(DayUrl(me, Today.AddDays(1)));
        Assert.That(WebUtility.HtmlDecode(await page.Content.ReadAsStringAsync()), Does.Contain("不能录入今天以后的工作日志"));
    }

    [Test]
    public async Task F_4_7_an_item_not_done_on_the_5th_prompts_on_the_6th_and_never_again_once_completed()
    {
        var me = UserId(DemoUsers.JiangAnCm2);
        var month = MonthStart(5);
        var own = OwnCustomer(DemoUsers.JiangAnCm2);
        using var s = await LoginAsync(DemoUsers.JiangAnCm2);
        await SavePlanAsync(s, me, month, new Item(WorkKind.Maintenance, own, month.AddDays(4)), new Item(WorkKind.Other, null, month.AddDays(9), "月度总结"));
        var items = Items(me, month);
        var fifth = items[0].Id;
        var tenth = items[1].Id;

        Assert.That(await PromptsAsync(s, me, month.AddDays(3)), Does.Not.Contain(fifth), "not before its day");
        Assert.That(await PromptsAsync(s, me, month.AddDays(4)), Does.Contain(fifth), "on its day");
        Assert.That(await PromptsAsync(s, me, month.AddDays(5)), Does.Contain(fifth).And.Not.Contain(tenth), "not done on the 5th: prompts on the 6th");

        var res = await CompleteAsync(s, me, month.AddDays(5), fifth, "客户续签意向");
        Assert.That(res.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), Errors(await res.Content.ReadAsStringAsync()));
        Assert.That(await PromptsAsync(s, me, month.AddDays(5)), Does.Not.Contain(fifth), "moved to the done list");
        var done = await DoneAsync(s, me, month.AddDays(5));
        Assert.That(done, Has.Count.EqualTo(1));
        var dayHtml = await s.GetHtmlAsync(DayUrl(me, month.AddDays(5)));
        Assert.That(dayHtml, Does.Contain("客户续签意向").And.Contain("修改"));
        Assert.That(await PromptsAsync(s, me, month.AddDays(6)), Does.Not.Contain(fifth), "a completed item never prompts again");
        Assert.That(await PromptsAsync(s, me, month.AddDays(12)), Does.Not.Contain(fifth).And.Contain(tenth));
        Assert.That(await PromptsAsync(s, me, month.AddDays(4)), Does.Contain(fifth), "still a prompt on the earlier day it was not done");

        // Completing it a second time is refused.
        res = await CompleteAsync(s, me, month.AddDays(7), fifth);
        Assert.That(Errors(await res.Content.ReadAsStringAsync()), Does.Contain("已在工作日志中完成"));
        // An item whose day has not come yet cannot be completed.
        res = await CompleteAsync(s, me, month.AddDays(6), tenth);
        Assert.That(Errors(await res.Content.ReadAsStringAsync()), Does.Contain("日期安排还没到"));
    }

    [Test]
    public async Task F_4_7_an_item_of_the_last_day_of_a_month_prompts_on_the_first_of_the_next()
    {
        var me = UserId(DemoUsers.JiangAnCm2);
        var month = MonthStart(7);
        var last = month.AddMonths(1).AddDays(-1);
        using var s = await LoginAsync(DemoUsers.JiangAnCm2);
        await SavePlanAsync(s, me, month, new Item(WorkKind.Other, null, last, "月末盘点"));
        var item = Items(me, month).Single().Id;
        Assert.That(await PromptsAsync(s, me, last.AddDays(1)), Does.Contain(item), "across the month end");
        Assert.That(await PromptsAsync(s, me, last.AddDays(3)), Does.Contain(item));
        var res = await CompleteAsync(s, me, last.AddDays(2), item);
        Assert.That(res.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), Errors(await res.Content.ReadAsStringAsync()));
        Assert.That(await PromptsAsync(s, me, last.AddDays(3)), Does.Not.Contain(item));
        Assert.That(await PromptsAsync(s, me, last.AddDays(1)), Does.Contain(item));
    }

    [Test]
    public async Task F_4_7_unticking_a_done_entry_and_saving_deletes_it_and_the_item_prompts_again()
    {
        var me = UserId(DemoUsers.JiangAnCm2);
        var month = MonthStart(6);
        using var s = await LoginAsync(DemoUsers.JiangAnCm2);
        await SavePlanAsync(s, me, month, new Item(WorkKind.Other, null, month.AddDays(1), "整理客户档案"));
        var item = Items(me, month).Single().Id;
        var day = month.AddDays(2);
        Assert.That((await CompleteAsync(s, me, day, item)).StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        var entry = (await DoneAsync(s, me, day)).Single();

        // 修改 keeps it with the new outcome.
        var res = await s.PostFormAsync($"/marketing/logs/entries/{entry}", new Dictionary<string, string> { ["Keep"] = "true", ["Outcome"] = "档案已更新" }, tokenFrom: DayUrl(me, day));
        Assert.That(res.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        using (var db = Db()) Assert.That(db.GetTable<LogEntry>().Single(e => e.Id == entry).Outcome, Is.EqualTo("档案已更新"));

        // Unticked: deleted.
        res = await s.PostFormAsync($"/marketing/logs/entries/{entry}", new Dictionary<string, string> { ["Outcome"] = "档案已更新" }, tokenFrom: DayUrl(me, day));
        Assert.That(res.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        using (var db = Db()) Assert.That(db.GetTable<LogEntry>().Any(e => e.Id == entry), Is.False);
        Assert.That(await PromptsAsync(s, me, day), Does.Contain(item));
    }

    [Test]
    public async Task F_4_7_manual_maintenance_is_limited_to_own_customers_development_to_customers_registered_in_the_department()
    {
        var me = UserId(DemoUsers.JiangAnCm2);
        var day = MonthStart(8).AddDays(3);
        var foreign = DepartmentCustomer(DemoUsers.JiangAnCm2);
        using var s = await LoginAsync(DemoUsers.JiangAnCm2);
        Dictionary<string, string> Fields(int kind, int customer) => new()
        {
            ["ManagerId"] = Str(me), ["Date"] = D(day), ["Kind"] = Str(kind), ["CustomerId"] = Str(customer), ["Outcome"] = "洽谈",
        };
        var res = await s.PostFormAsync("/marketing/logs/add", Fields(1, foreign), tokenFrom: "/marketing/logs");
        Assert.That(Errors(await res.Content.ReadAsStringAsync()), Does.Contain("维护工作只能选择该客户经理的客户"));
        res = await s.PostFormAsync("/marketing/logs/add", Fields(2, YichangCustomer()), tokenFrom: "/marketing/logs");
        Assert.That(Errors(await res.Content.ReadAsStringAsync()), Does.Contain("只能选择本部门注册的客户"), "another city's customer");
        res = await s.PostFormAsync("/marketing/logs/add", Fields(2, foreign), tokenFrom: "/marketing/logs");
        Assert.That(res.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        res = await s.PostFormAsync("/marketing/logs/finish", new Dictionary<string, string> { ["managerId"] = Str(me), ["date"] = D(day) }, tokenFrom: "/marketing/logs");
        Assert.That(res.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        using var db = Db();
        var log = db.GetTable<DailyLog>().Single(l => l.ManagerUserId == me && l.LogDate == day);
        Assert.That(log.CompletedAt, Is.Not.Null, "工作日志录入完成");
        Assert.That(db.GetTable<LogEntry>().Where(e => e.LogId == log.Id).Select(e => e.Kind), Is.EqualTo(new[] { WorkKind.Development }));
    }

    [Test]
    public async Task F_4_7_a_manager_cannot_write_another_managers_log()
    {
        var cm1 = UserId(DemoUsers.JiangAnCm1);
        var wc = UserId(DemoUsers.WuchangCm1);
        using var s = await LoginAsync(DemoUsers.JiangAnCm2);
        await AssertNotFoundAsync(s, DayUrl(cm1, Today));
        var before = Count();
        var res = await s.PostFormAsync("/marketing/logs/add", new Dictionary<string, string>
        {
            ["ManagerId"] = Str(cm1), ["Date"] = D(Today), ["Kind"] = "3", ["Outcome"] = "x",
        }, tokenFrom: "/marketing/logs");
        Assert.That(res.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        int otherEntry;
        using (var db = Db()) otherEntry = db.GetTable<LogEntry>().Where(e => e.ManagerUserId == cm1).Select(e => e.Id).First();
        res = await s.PostFormAsync($"/marketing/logs/entries/{otherEntry}", new Dictionary<string, string>(), tokenFrom: "/marketing/logs");
        Assert.That(res.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(Count(), Is.EqualTo(before), "nothing written or deleted");
        using var dept = await LoginAsync(DemoUsers.JiangAnDept);
        Assert.That((await dept.GetAsync(DayUrl(cm1, Today))).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        await AssertNotFoundAsync(dept, DayUrl(wc, Today));
    }

    [Test]
    public async Task F_4_9_log_query_lists_the_logs_of_managers_in_scope_and_details_answer_404_outside()
    {
        var cm1 = UserId(DemoUsers.JiangAnCm1);
        var wc = UserId(DemoUsers.WuchangCm1);
        DateOnly day;
        int cm1Log, wcLog;
        using (var db = Db())
        {
            var log = db.GetTable<DailyLog>().Where(l => l.ManagerUserId == cm1).OrderByDescending(l => l.LogDate).First();
            (day, cm1Log) = (log.LogDate, log.Id);
            wcLog = db.GetTable<DailyLog>().Where(l => l.ManagerUserId == wc).Select(l => l.Id).First();
        }
        using var s = await LoginAsync(DemoUsers.JiangAnDept);
        var list = await s.GetHtmlAsync($"/marketing/queries/logs?date={D(day)}");
        Assert.That(list, Does.Contain("江岸客户经理陈静").And.Contain($"/marketing/queries/logs/{cm1Log}").And.Contain("日志详情"));
        Assert.That(list, Does.Not.Contain("武昌客户经理赵敏"));
        var detail = await s.GetHtmlAsync($"/marketing/queries/logs/{cm1Log}");
        Assert.That(detail, Does.Contain("日志详情").And.Contain(D(day)));
        await AssertNotFoundAsync(s, $"/marketing/queries/logs/{wcLog}");
        using var cm2 = await LoginAsync(DemoUsers.JiangAnCm2);
        await AssertNotFoundAsync(cm2, $"/marketing/queries/logs/{cm1Log}");
        using var wuhan = await LoginAsync(DemoUsers.WuhanCentre);
        Assert.That((await wuhan.GetAsync($"/marketing/queries/logs/{wcLog}")).StatusCode, Is.EqualTo(HttpStatusCode.OK), "the city sees its districts");
    }

    [Test]
    public async Task F_4_7_home_card_shows_todays_plan_items_the_months_completion_and_customers_due_for_a_visit()
    {
        var me = UserId(DemoUsers.WuchangCm1);
        using var s = await LoginAsync(DemoUsers.WuchangCm1);
        var prompts = (await PromptsAsync(s, me, Today)).Count;
        int items, done;
        using (var db = Db())
        {
            var ids = (from i in db.GetTable<PlanItem>()
                       join p in db.GetTable<MonthlyPlan>() on i.PlanId equals p.Id
                       where p.ManagerUserId == me && p.Year == Today.Year && p.Month == Today.Month
                       select i.Id).ToList();
            items = ids.Count;
            done = db.GetTable<LogEntry>().Count(e => e.PlanItemId != null && ids.Contains(e.PlanItemId!.Value));
        }
        // Due for a visit: no frequency set for any own customer → 0; one set high by the manager's department → 1; one
        // set by another district's department is not the manager's → still 1.
        int[] own = [OwnCustomer(DemoUsers.WuchangCm1, 0), OwnCustomer(DemoUsers.WuchangCm1, 1)];
        using (var db = Db())
        {
            var mine = db.BusinessRelationships.Where(r => r.ManagerUserId == me && r.Approved).Select(r => r.CustomerId);
            db.VisitFrequencies.Where(f => mine.Contains(f.CustomerId)).Delete();
        }
        // Written here, not by the manager: the card would show it within the host's minute (HomeCardsCache).
        ForgetHomeCards(me);
        Assert.That(await s.GetHtmlAsync("/"), Does.Contain("按维护频次待拜访客户 0 个"));
        using (var db = Db())
        {
            int Unit(string code) => db.OrgUnits.Where(u => u.Code == code).Select(u => u.Id).First();
            db.Insert(new PostalCrm.Sdk.Reference.VisitFrequency { CustomerId = own[0], OrgUnitId = Unit("420106KA"), VisitsPerMonth = 50, UpdatedAt = DateTime.UtcNow, UpdatedBy = me });
            db.Insert(new PostalCrm.Sdk.Reference.VisitFrequency { CustomerId = own[1], OrgUnitId = Unit("420102KA"), VisitsPerMonth = 50, UpdatedAt = DateTime.UtcNow, UpdatedBy = me });
        }
        ForgetHomeCards(me);
        var home = await s.GetHtmlAsync("/");
        Assert.That(home, Does.Contain("data-card=\"marketing\""));
        Assert.That(home, Does.Contain($"今日计划工作 {prompts} 项").And.Contain($"本月计划完成 {done}/{items} 项").And.Contain("按维护频次待拜访客户 1 个"));
        using var dept = await LoginAsync(DemoUsers.JiangAnDept);
        Assert.That(await dept.GetHtmlAsync("/"), Does.Not.Contain("data-card=\"marketing\""), "a manager's card");
    }

    /// <summary>
    /// Plans and logs (issue 12): a customer manager picks only themselves, a key-account department the managers in its
    /// scope — for every write (月计划录入完成, 完成, 手工添加, 工作日志录入完成), not only the pages: outside → 404, nothing written.
    /// </summary>
    [Test]
    public async Task F_4_6_and_F_4_7_writes_for_a_manager_outside_the_users_choice_answer_404_and_change_nothing()
    {
        var cm1 = UserId(DemoUsers.JiangAnCm1);
        var cm2 = UserId(DemoUsers.JiangAnCm2);
        var wc = UserId(DemoUsers.WuchangCm1);
        var month = MonthStart(8);
        int wcItem;
        using (var db = Db())
            wcItem = db.GetTable<PlanItem>().Where(i => i.ManagerUserId == wc && i.PlannedDate <= Today).OrderByDescending(i => i.PlannedDate).Select(i => i.Id).First();
        long plans() { using var db = Db(); return db.GetTable<MonthlyPlan>().LongCount() + db.GetTable<PlanItem>().LongCount(); }
        var before = (plans(), Count());

        async Task RefusedAsync(WebSession s, int manager)
        {
            var tries = new (string Url, IEnumerable<KeyValuePair<string, string>> Fields, string Token)[]
            {
                ("/marketing/plans/monthly", PlanFields(manager, month, new Item(WorkKind.Other, null, month, "别人的计划")), "/marketing/plans"),
                ("/marketing/logs/add", new Dictionary<string, string> { ["ManagerId"] = Str(manager), ["Date"] = D(Today), ["Kind"] = "3", ["Outcome"] = "x" }, "/marketing/logs"),
                ("/marketing/logs/complete", new Dictionary<string, string> { ["ManagerId"] = Str(manager), ["Date"] = D(Today), ["ItemId"] = Str(wcItem), ["Outcome"] = "x" }, "/marketing/logs"),
                ("/marketing/logs/finish", new Dictionary<string, string> { ["ManagerId"] = Str(manager), ["Date"] = D(Today) }, "/marketing/logs"),
            };
            foreach (var (url, fields, token) in tries)
            {
                var res = await s.PostFormAsync(url, fields, tokenFrom: token);
                Assert.That(res.StatusCode, Is.EqualTo(HttpStatusCode.NotFound), $"{url} for manager {manager}");
            }
        }

        using (var s = await LoginAsync(DemoUsers.JiangAnCm2))
        {
            var index = await s.GetHtmlAsync("/marketing/logs");
            Assert.That(index, Does.Contain($"value=\"{cm2}\"").And.Not.Contain($"value=\"{cm1}\""), "a manager picks only themself");
            await RefusedAsync(s, cm1);
            await RefusedAsync(s, wc);
        }
        using (var dept = await LoginAsync(DemoUsers.JiangAnDept))
        {
            var index = await dept.GetHtmlAsync("/marketing/logs");
            Assert.That(index, Does.Contain($"value=\"{cm1}\"").And.Contain($"value=\"{cm2}\"").And.Not.Contain($"value=\"{wc}\""), "the department's managers");
            await RefusedAsync(dept, wc);
        }
        Assert.That((plans(), Count()), Is.EqualTo(before), "nothing written");
    }

    private long Count()
    {
        using var db = Db();
        return db.GetTable<LogEntry>().LongCount() + db.GetTable<DailyLog>().LongCount();
    }
}
