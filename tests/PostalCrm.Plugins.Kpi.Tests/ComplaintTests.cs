using System.Net;
using PostalCrm.Plugins.Kpi.Data;
using PostalCrm.Sdk.Data;
using PostalCrm.Testing;

namespace PostalCrm.Plugins.Kpi.Tests;

/// <summary>F-6.5 客户投诉建议添加 / 查询, on both databases.</summary>
[TestFixtureSource(typeof(TestDatabase), nameof(TestDatabase.Providers))]
public class ComplaintTests(DatabaseProvider provider) : KpiFixture(provider)
{
    private async Task<int> UserIdAsync(string login)
    {
        using var db = App.Database.Open();
        return await db.Users.Where(u => u.Login == login).Select(u => u.Id).FirstAsync();
    }

    private static Task<HttpResponseMessage> AddAsync(WebSession s, int customerId, int kind, int managerId, string content) =>
        s.PostFormAsync("/kpi/complaints/add", new { CustomerId = Str(customerId), Kind = Str(kind), ManagerUserId = Str(managerId), Content = content },
            tokenFrom: $"/kpi/complaints/add?customerId={customerId}");

    private async Task<int> ComplaintIdAsync(string content)
    {
        using var db = App.Database.Open();
        return await db.GetTable<KpiComplaint>().Where(c => c.Content == content).Select(c => c.Id).SingleAsync();
    }

    [Test]
    public async Task F_6_5_add_picks_the_customer_by_fuzzy_name_and_offers_only_managers_related_to_it()
    {
        var c = await FreshCustomerAsync();
        using var dept = await App.LoginAsync(DemoUsers.JiangAnDept);
        var search = WebUtility.HtmlDecode(await dept.GetHtmlAsync($"/kpi/complaints/add?q={Uri.EscapeDataString(c.Name[..Math.Min(4, c.Name.Length)])}"));
        Assert.That(search, Does.Contain(c.Name).And.Contain($"/kpi/complaints/add?customerId={c.Id}"));
        var picked = WebUtility.HtmlDecode(await dept.GetHtmlAsync($"/kpi/complaints/add?customerId={c.Id}"));
        Assert.That(picked, Does.Contain($"id=\"customer-name\" value=\"{c.Name}\" readonly"));
        var cm1 = await UserIdAsync(DemoUsers.JiangAnCm1);
        var stranger = await UserIdAsync(DemoUsers.YichangCm1);
        Assert.That(picked, Does.Contain($"<option value=\"{cm1}\"").And.Not.Contain($"<option value=\"{stranger}\""));

        Assert.That(await BodyAsync(await AddAsync(dept, c.Id, 1, stranger, "不相关的经理")), Does.Contain("请选择与该客户有业务关联的客户经理"));
        Assert.That(await BodyAsync(await AddAsync(dept, c.Id, 3, cm1, "类型不对")), Does.Contain("请选择处理类型"));
        Assert.That(await BodyAsync(await AddAsync(dept, c.Id, 1, cm1, " ")), Does.Contain("请输入内容"));
        var content = "投递延误" + Guid.NewGuid().ToString("N")[..6];
        await AssertRedirectAsync(await AddAsync(dept, c.Id, 1, cm1, content), "add");
        using var db = App.Database.Open();
        var row = await db.GetTable<KpiComplaint>().SingleAsync(x => x.Content == content);
        Assert.That((row.CustomerId, row.Kind, row.ManagerUserId, row.CreatedBy), Is.EqualTo((c.Id, 1, cm1, await UserIdAsync(DemoUsers.JiangAnDept))));
    }

    [Test]
    public async Task F_6_5_query_by_customer_manager_time_department_and_type_within_scope()
    {
        var c = await FreshCustomerAsync();
        var cm1 = await UserIdAsync(DemoUsers.JiangAnCm1);
        using var cm = await App.LoginAsync(DemoUsers.JiangAnCm1);
        var tag = Guid.NewGuid().ToString("N")[..6];
        await AssertRedirectAsync(await AddAsync(cm, c.Id, 1, cm1, "投诉" + tag), "complaint");
        await AssertRedirectAsync(await AddAsync(cm, c.Id, 2, cm1, "建议" + tag), "suggestion");
        var name = Uri.EscapeDataString(c.Name);
        var all = WebUtility.HtmlDecode(await cm.GetHtmlAsync($"/kpi/complaints?search=true&Customer={name}"));
        Assert.That(all, Does.Contain("投诉" + tag).And.Contain("建议" + tag).And.Contain("详细信息").And.Contain("补充信息"));
        var suggestions = await cm.GetHtmlAsync($"/kpi/complaints?search=true&Customer={name}&Kind=2");
        Assert.That(suggestions, Does.Contain("建议" + tag).And.Not.Contain("投诉" + tag));
        var today = DateTime.UtcNow.AddHours(8).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        Assert.That(await cm.GetHtmlAsync($"/kpi/complaints?search=true&Customer={name}&ByTime=true&From=2000-01-01&To=2000-12-31"), Does.Not.Contain(tag), "time range when ticked");
        Assert.That(await cm.GetHtmlAsync($"/kpi/complaints?search=true&Customer={name}&ByTime=false&From=2000-01-01&To=2000-12-31"), Does.Contain(tag), "ignored unless ticked");
        Assert.That(await cm.GetHtmlAsync($"/kpi/complaints?search=true&Customer={name}&ByTime=true&From={today}&To={today}"), Does.Contain(tag));
        using var db = App.Database.Open();
        var unit = await db.Users.Where(u => u.Id == cm1).Select(u => u.OrgUnitId).FirstAsync();
        Assert.That(await cm.GetHtmlAsync($"/kpi/complaints?search=true&Manager={Uri.EscapeDataString("zzz不存在")}"), Does.Not.Contain(tag));
        using var dept = await App.LoginAsync(DemoUsers.JiangAnDept);
        Assert.That(await dept.GetHtmlAsync($"/kpi/complaints?search=true&UnitId={unit}&Customer={name}"), Does.Contain(tag), "the district sees its department's");
        using var other = await App.LoginAsync(DemoUsers.WuchangCm1);
        Assert.That(await other.GetHtmlAsync($"/kpi/complaints?search=true&Customer={name}"), Does.Not.Contain(tag), "another district's manager does not");
        Assert.That((await other.GetAsync($"/kpi/complaints?search=true&UnitId={unit}")).StatusCode, Is.EqualTo(HttpStatusCode.NotFound), "a department outside the area");
        Assert.That((await other.GetAsync($"/kpi/complaints/{await ComplaintIdAsync("投诉" + tag)}")).StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
    }

    [Test]
    public async Task F_6_5_a_complaints_details_are_read_only_a_suggestion_takes_handling_and_result()
    {
        var c = await FreshCustomerAsync();
        var cm1 = await UserIdAsync(DemoUsers.JiangAnCm1);
        using var cm = await App.LoginAsync(DemoUsers.JiangAnCm1);
        var tag = Guid.NewGuid().ToString("N")[..6];
        await AssertRedirectAsync(await AddAsync(cm, c.Id, 1, cm1, "投诉" + tag), "complaint");
        await AssertRedirectAsync(await AddAsync(cm, c.Id, 2, cm1, "建议" + tag), "suggestion");
        var complaint = await ComplaintIdAsync("投诉" + tag);
        var suggestion = await ComplaintIdAsync("建议" + tag);
        Assert.That(await cm.GetHtmlAsync($"/kpi/complaints/{complaint}"), Does.Contain("详细信息").And.Not.Contain("supplement-form"));
        var refused = await cm.PostFormAsync($"/kpi/complaints/{complaint}", new { handling = "x", result = "y" });
        Assert.That(await BodyAsync(refused), Does.Contain("投诉的详细信息不能修改"));
        Assert.That(await cm.GetHtmlAsync($"/kpi/complaints/{suggestion}"), Does.Contain("id=\"supplement-form\"").And.Contain("处理方式").And.Contain("处理结果"));
        await AssertRedirectAsync(await cm.PostFormAsync($"/kpi/complaints/{suggestion}", new { handling = "电话回访", result = "客户满意" }), "supplement");
        using var db = App.Database.Open();
        var s = await db.GetTable<KpiComplaint>().SingleAsync(x => x.Id == suggestion);
        Assert.That((s.Handling, s.Result), Is.EqualTo(("电话回访", "客户满意")));
        Assert.That((await db.GetTable<KpiComplaint>().SingleAsync(x => x.Id == complaint)).Handling, Is.Null);
    }

    [Test]
    public async Task F_6_5_deleting_selected_rows_is_soft_and_audited_and_scoped()
    {
        var c = await FreshCustomerAsync();
        var cm1 = await UserIdAsync(DemoUsers.JiangAnCm1);
        using var cm = await App.LoginAsync(DemoUsers.JiangAnCm1);
        var tag = Guid.NewGuid().ToString("N")[..6];
        await AssertRedirectAsync(await AddAsync(cm, c.Id, 1, cm1, "甲" + tag), "a");
        await AssertRedirectAsync(await AddAsync(cm, c.Id, 2, cm1, "乙" + tag), "b");
        var a = await ComplaintIdAsync("甲" + tag);
        var b = await ComplaintIdAsync("乙" + tag);
        var list = await cm.GetHtmlAsync($"/kpi/complaints?search=true&Customer={Uri.EscapeDataString(c.Name)}");
        Assert.That(list, Does.Contain("data-confirm=").And.Contain($"name=\"ids\" value=\"{a}\""));

        using var other = await App.LoginAsync(DemoUsers.WuchangCm1);
        var outside = await other.PostFormAsync("/kpi/complaints/delete", [new("ids", Str(a))], tokenFrom: "/kpi/complaints");
        Assert.That(outside.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));

        await AssertRedirectAsync(await cm.PostFormAsync("/kpi/complaints/delete", [new("ids", Str(a)), new("ids", Str(b))], tokenFrom: "/kpi/complaints"), "delete");
        using var db = App.Database.Open();
        var rows = await db.GetTable<KpiComplaint>().Where(x => x.Id == a || x.Id == b).ToListAsync();
        Assert.That(rows.All(r => r.Deleted && r.DeletedBy == cm1 && r.DeletedAt is not null), Is.True, "kept, marked deleted");
        Assert.That(await db.AuditEntries.CountAsync(e => e.Entity == "kpi_complaints" && e.Action == "delete" && (e.EntityId == Str(a) || e.EntityId == Str(b))), Is.EqualTo(2));
        Assert.That(await cm.GetHtmlAsync($"/kpi/complaints?search=true&Customer={Uri.EscapeDataString(c.Name)}"), Does.Not.Contain(tag));
    }
}
