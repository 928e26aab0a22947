using System.Net;
using PostalCrm.Plugins.Registration.Data;
using PostalCrm.Sdk.Data;
using PostalCrm.Testing;

namespace PostalCrm.Plugins.Registration.Tests;

/// <summary>F-3.5 客户注册维护 (own applications only, filters, 修改 while unreviewed) and F-3.6 重新申请.</summary>
[TestFixtureSource(typeof(TestDatabase), nameof(TestDatabase.Providers))]
public class ApplyMaintenanceTests(DatabaseProvider provider) : ApplyFixture(provider)
{
    private async Task<int> ApplicationAsync(string name, string login = DemoUsers.JiangAnCm1, ApplicationStatus status = ApplicationStatus.Submitted)
    {
        using var db = Db();
        return await RegistrationTestData.NewCustomerApplicationAsync(db, name, "江岸区", login, status: status);
    }

    private async Task RejectAsync(int id, string opinion, ReviewStage stage = ReviewStage.Pre, int round = 1)
    {
        using var db = Db();
        await db.GetTable<RegistrationApplication>().Where(a => a.Id == id)
            .Set(a => a.Status, ApplicationStatus.Rejected).Set(a => a.RejectedStage, stage).UpdateAsync();
        await db.InsertAsync(new ApplicationReview
        {
            ApplicationId = id, Round = round, Stage = stage, Approved = false, Opinion = opinion,
            ReviewerUserId = await RegistrationTestData.UserIdAsync(db, DemoUsers.JiangAnDept),
            ReviewerOrgUnitId = await RegistrationTestData.UnitIdAsync(db, "江岸区大客户部"),
        });
    }

    [Test]
    public async Task F_3_5_a_customer_manager_sees_only_their_own_applications()
    {
        var name = Unique("只看自己的申请公司");
        var id = await ApplicationAsync(name);
        using (var mine = await App.LoginAsync(DemoUsers.JiangAnCm1))
        {
            var list = await mine.GetHtmlAsync("/registration/applications");
            Assert.That(list, Does.Contain(name).And.Contain("江岸区").And.Contain("待预审").And.Contain($"/registration/applications/{id}/edit\">修改<"));
            Assert.That(await mine.GetHtmlAsync($"/registration/applications/{id}"), Does.Contain(name).And.Contain("暂无审批记录"));
        }
        using var other = await App.LoginAsync(DemoUsers.JiangAnCm2);
        Assert.That(await other.GetHtmlAsync("/registration/applications"), Does.Not.Contain(name));
        foreach (var url in new[] { $"/registration/applications/{id}", $"/registration/applications/{id}/edit", $"/registration/applications/{id}/reapply" })
            Assert.That((await other.GetAsync(url)).StatusCode, Is.EqualTo(HttpStatusCode.NotFound), url);
        var res = await other.PostFormAsync($"/registration/applications/{id}/edit", NewCustomer("别人改的"), tokenFrom: "/registration/applications");
        Assert.That(res.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(Application(id).CustomerName, Is.EqualTo(name));
    }

    [Test]
    public async Task F_3_5_filters_by_fuzzy_name_industry_and_by_date_only_when_ticked()
    {
        var tag = Unique("筛选");
        var old = await ApplicationAsync(tag + "甲旧申请公司");
        var fresh = await ApplicationAsync(tag + "乙新申请公司");
        using (var db = Db())
        {
            await db.GetTable<RegistrationApplication>().Where(a => a.Id == old)
                .Set(a => a.CreatedAt, new DateTime(2020, 3, 1, 2, 0, 0, DateTimeKind.Utc)).Set(a => a.IndustryId, IndustryId("教育")).UpdateAsync();
        }
        using var s = await App.LoginAsync(DemoUsers.JiangAnCm1);
        var byName = await s.GetHtmlAsync("/registration/applications?Name=" + Uri.EscapeDataString(tag + "乙"));
        Assert.That(byName, Does.Contain(tag + "乙新申请公司").And.Not.Contain(tag + "甲旧申请公司"));

        var byIndustry = await s.GetHtmlAsync($"/registration/applications?Name={Uri.EscapeDataString(tag)}&IndustryId={S(IndustryId("教育"))}");
        Assert.That(byIndustry, Does.Contain(tag + "甲旧申请公司").And.Not.Contain(tag + "乙新申请公司"));

        var range = $"/registration/applications?Name={Uri.EscapeDataString(tag)}&From=2020-03-01&To=2020-03-01";
        var unticked = await s.GetHtmlAsync(range);
        Assert.That(unticked, Does.Contain(tag + "甲旧申请公司").And.Contain(tag + "乙新申请公司"), "the date range applies only when ticked");
        var ticked = await s.GetHtmlAsync(range + "&UseDate=true");
        Assert.That(ticked, Does.Contain(tag + "甲旧申请公司").And.Not.Contain(tag + "乙新申请公司"));
        Assert.That(ticked, Does.Contain("checked=\"checked\""));
    }

    [Test]
    public async Task F_3_5_a_typed_customer_is_editable_only_until_a_reviewer_acts()
    {
        var name = Unique("可修改申请公司");
        var id = await ApplicationAsync(name);
        using var s = await App.LoginAsync(DemoUsers.JiangAnCm1);
        var form = await s.GetHtmlAsync($"/registration/applications/{id}/edit");
        Assert.That(form, Does.Contain("客户基本信息修改").And.Contain($"value=\"{name}\""));

        var changed = NewCustomer(name + "改");
        var res = await s.PostFormAsync($"/registration/applications/{id}/edit", changed);
        Assert.That(res.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), await res.Content.ReadAsStringAsync());
        Assert.That(Application(id).CustomerName, Is.EqualTo(name + "改"));
        Assert.That(Application(id).DistrictOrgId, Is.EqualTo(UnitId("武昌区")));
        Assert.That(AuditOf(id).Select(a => a.Action), Does.Contain("update"));

        // Once pre-reviewed, 查看 replaces 修改 and a posted change is refused.
        using (var db = Db())
        {
            await db.GetTable<RegistrationApplication>().Where(a => a.Id == id).Set(a => a.Status, ApplicationStatus.PreApproved).UpdateAsync();
            await db.InsertAsync(new ApplicationReview
            {
                ApplicationId = id, Round = 1, Stage = ReviewStage.Pre, Approved = true, Opinion = "同意",
                ReviewerUserId = await RegistrationTestData.UserIdAsync(db, DemoUsers.JiangAnDept),
                ReviewerOrgUnitId = await RegistrationTestData.UnitIdAsync(db, "江岸区大客户部"),
            });
        }
        var list = await s.GetHtmlAsync("/registration/applications?Name=" + Uri.EscapeDataString(name));
        Assert.That(list, Does.Contain($"/registration/applications/{id}\">查看<").And.Not.Contain($"{id}/edit"));
        var refused = await s.PostFormAsync($"/registration/applications/{id}/edit", NewCustomer(name + "再改"), tokenFrom: "/registration/applications");
        Assert.That(await refused.Content.ReadAsStringAsync(), Does.Contain("已进入审批"));
        Assert.That(Application(id).CustomerName, Is.EqualTo(name + "改"));
        Assert.That(await s.GetHtmlAsync($"/registration/applications/{id}"), Does.Contain("预审通过").And.Contain("同意").And.Contain("江岸大客户部刘洋"));
    }

    [Test]
    public async Task F_3_6_re_apply_is_prefilled_saves_per_step_and_starts_round_2()
    {
        var name = Unique("重新申请测试公司");
        var id = await ApplicationAsync(name);
        await RejectAsync(id, "客户名称不规范,请填写营业执照上的全称");
        using var s = await App.LoginAsync(DemoUsers.JiangAnCm1);

        var list = await s.GetHtmlAsync("/registration/applications?Name=" + Uri.EscapeDataString(name));
        Assert.That(list, Does.Contain("预审驳回").And.Contain($"/registration/applications/{id}/reapply\">重新申请<"));
        var details = await s.GetHtmlAsync($"/registration/applications/{id}");
        Assert.That(details, Does.Contain("重新申请").And.Contain("客户名称不规范").And.Contain("驳回"));

        var step1 = await s.GetHtmlAsync($"/registration/applications/{id}/reapply");
        Assert.That(step1, Does.Contain("上次审批意见").And.Contain("客户名称不规范,请填写营业执照上的全称").And.Contain($"value=\"{name}\"").And.Contain("data-unsaved-warning"));

        // 下一步 alone saves nothing.
        var step2 = await s.GetHtmlAsync($"/registration/applications/{id}/reapply?step=2");
        Assert.That(step2, Does.Contain("王经理").And.Contain("邮政客户经理"));
        Assert.That(Application(id).CustomerName, Is.EqualTo(name));

        var fullName = name + "有限责任公司";
        var res = await s.PostFormAsync($"/registration/applications/{id}/reapply/customer", NewCustomer(fullName), tokenFrom: $"/registration/applications/{id}/reapply");
        Assert.That(res.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), await res.Content.ReadAsStringAsync());
        var afterStep1 = Application(id);
        Assert.That((afterStep1.CustomerName, afterStep1.Status, afterStep1.Round), Is.EqualTo((fullName, ApplicationStatus.Rejected, 1)), "step 1 提交 saves, still rejected");

        var relationship = Relationship(fullName, productLine: "函件");
        relationship["ContactName"] = "赵主任";
        res = await s.PostFormAsync($"/registration/applications/{id}/reapply/relationship", relationship, tokenFrom: $"/registration/applications/{id}/reapply?step=2");
        Assert.That(res.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), await res.Content.ReadAsStringAsync());
        Assert.That(Application(id).ContactName, Is.EqualTo("赵主任"));
        Assert.That(Lines(id).Select(l => l.ProductLineId), Is.EqualTo(new[] { ProductLineId("函件") }));

        var confirm = await s.GetHtmlAsync($"/registration/applications/{id}/reapply?step=3");
        Assert.That(confirm, Does.Contain(fullName).And.Contain("赵主任").And.Contain("确定"));
        res = await s.PostFormAsync($"/registration/applications/{id}/reapply/confirm", []);
        Assert.That(res.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        Assert.That(res.Headers.Location!.ToString(), Is.EqualTo($"/registration/applications/{id}"));
        var app = Application(id);
        Assert.That((app.Status, app.RejectedStage, app.Round), Is.EqualTo((ApplicationStatus.Submitted, (ReviewStage?)null, 2)));
        var landed = await s.GetHtmlAsync($"/registration/applications/{id}");
        Assert.That(landed, Does.Contain("重新申请成功").And.Contain("待预审").And.Contain("客户名称不规范"), "history kept");
        Assert.That(AuditOf(id).Select(a => a.Action), Is.EqualTo(new[] { "reapply-customer", "reapply-relationship", "reapply" }));

        // Not rejected any more: no second re-application.
        res = await s.PostFormAsync($"/registration/applications/{id}/reapply/confirm", [], tokenFrom: $"/registration/applications/{id}");
        Assert.That(await res.Content.ReadAsStringAsync(), Does.Contain("只有被驳回的客户注册申请才能重新申请"));
        Assert.That(Application(id).Round, Is.EqualTo(2));
    }

    [Test]
    public async Task F_3_6_only_the_applicant_re_applies_and_an_existing_customer_stays_read_only()
    {
        var name = Unique("已有客户重新申请");
        var (customerId, _, _) = await ExistingCustomerAsync(name);
        int id;
        using (var s = await App.LoginAsync(DemoUsers.JiangAnCm1))
        {
            id = await SubmitOkAsync(s, Merge(Relationship(name + "新户"), new Dictionary<string, string> { ["ExistingCustomerId"] = S(customerId) }));
        }
        await RejectAsync(id, "业务关系有误", ReviewStage.Initial);

        using (var other = await App.LoginAsync(DemoUsers.JiangAnCm2))
        {
            Assert.That((await other.GetAsync($"/registration/applications/{id}/reapply")).StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
            var res = await other.PostFormAsync($"/registration/applications/{id}/reapply/confirm", [], tokenFrom: "/registration/applications");
            Assert.That(res.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
            Assert.That(Application(id).Status, Is.EqualTo(ApplicationStatus.Rejected));
        }

        using var me = await App.LoginAsync(DemoUsers.JiangAnCm1);
        Assert.That(await me.GetHtmlAsync("/registration/applications?Name=" + Uri.EscapeDataString(name)), Does.Contain("初审驳回").And.Contain($"/registration/applications/{id}\">查看<"));
        var step1 = await me.GetHtmlAsync($"/registration/applications/{id}/reapply");
        Assert.That(step1, Does.Contain("业务关系有误").And.Contain("基本信息无法在此修改").And.Not.Contain("reapply/customer"));
        var refused = await me.PostFormAsync($"/registration/applications/{id}/reapply/customer", NewCustomer("改名"), tokenFrom: $"/registration/applications/{id}/reapply");
        Assert.That(await refused.Content.ReadAsStringAsync(), Does.Contain("客户信息维护管理"));
        Assert.That(Application(id).CustomerName, Is.EqualTo(name));
        Assert.That(Customer(customerId).Name, Is.EqualTo(name));
    }
}
