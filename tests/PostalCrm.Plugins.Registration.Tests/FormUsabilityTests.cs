using System.Net;
using System.Text.RegularExpressions;
using PostalCrm.Plugins.Registration.Data;
using PostalCrm.Sdk.Customers;
using PostalCrm.Sdk.Data;
using PostalCrm.Testing;

namespace PostalCrm.Plugins.Registration.Tests;

/// <summary>What a user trips over in 申报 and 资料调取: preselected manager by name, captions bound to their fields, asked and granted both shown.</summary>
[TestFixtureSource(typeof(TestDatabase), nameof(TestDatabase.Providers))]
public class FormUsabilityTests(DatabaseProvider provider) : ApplyFixture(provider)
{
    [Test]
    public async Task F_3_1_the_applicant_is_preselected_as_manager_of_their_department_and_captions_are_labels()
    {
        using var s = await App.LoginAsync(DemoUsers.JiangAnCm1);
        // The relationship step as it re-renders with a department chosen (the htmx list is checked in ApplyTests).
        var customer = NewCustomer(Unique("预选经理公司"));
        customer["PostalOrgUnitId"] = S(UnitId("江岸区"));
        var res = await s.PostFormAsync("/registration/apply/new", customer, tokenFrom: "/registration/apply/new");
        var page = await res.Content.ReadAsStringAsync();
        Assert.That(res.StatusCode, Is.EqualTo(HttpStatusCode.OK), page);
        Assert.That(page, Does.Contain($"value=\"{S(UserId(DemoUsers.JiangAnCm1))}\" selected=\"selected\">{DisplayName(DemoUsers.JiangAnCm1)}<"), "preselected, by name");
        Assert.That(page, Does.Not.Contain("(ja_cm2)"), "no login names");
        Assert.That(page, Does.Match("<fieldset[^>]*>\\s*<legend[^>]*>专业及业务类型"));

        // Another department: the applicant is not one of its managers, nothing preselected.
        var other = await s.GetHtmlAsync($"/registration/apply/managers?postalOrgUnitId={S(UnitId("武昌区"))}");
        Assert.That(other, Does.Not.Contain("selected"));

        var form = await s.GetHtmlAsync("/registration/apply/new?name=" + Uri.EscapeDataString(Unique("标签测试公司")));
        Assert.That(form, Does.Match("<label[^>]*for=\"DistrictOrgId\"[^>]*>所在地区"));
    }

    [Test]
    public async Task F_3_9_the_shared_view_shows_what_was_asked_and_what_was_granted_and_captions_are_bound()
    {
        var (customerId, _, _) = await ExistingCustomerAsync(Unique("调取内容客户"), "江岸区", DemoUsers.JiangAnCm1);
        using (var db = Db())
        {
            await db.InsertAsync(new AccessRequest
            {
                RequesterUserId = UserId(DemoUsers.WuchangCm1), RequesterOrgUnitId = UnitId("武昌区"), CustomerId = customerId, CustomerCityOrgId = UnitId("武汉市"),
                Requested = CustomerDetail.All, Granted = CustomerDetail.Basic, Reason = "调取测试", Status = AccessRequestStatus.Approved,
                ApproverUserId = UserId(DemoUsers.WuhanCentre), RequestedAt = DateTime.UtcNow, DecidedAt = DateTime.UtcNow,
            });
        }
        using var wc = await App.LoginAsync(DemoUsers.WuchangCm1);
        var mine = await wc.GetHtmlAsync("/registration/access");
        var id = Regex.Match(mine, "id=\"request-(\\d+)\"[\\s\\S]*?调取测试").Groups[1].Value;
        Assert.That(id, Is.Not.Empty);
        Assert.That(mine, Does.Match($"id=\"request-{id}\"[\\s\\S]*?class=\"requested\">全部信息</td>\\s*<td class=\"granted\">\\s*基本信息"));
        Assert.That(mine, Does.Contain("<th>申请内容</th><th>批准内容</th>"));
        Assert.That(await wc.GetHtmlAsync("/registration/access/new"), Does.Match("<fieldset[^>]*>\\s*<legend[^>]*>申请内容"));

        var pending = await ExistingCustomerAsync(Unique("待审批调取客户"), "江岸区", DemoUsers.JiangAnCm1);
        int requestId;
        using (var db = Db())
            requestId = await db.InsertWithInt32IdentityAsync(new AccessRequest
            {
                RequesterUserId = UserId(DemoUsers.WuchangCm1), RequesterOrgUnitId = UnitId("武昌区"), CustomerId = pending.CustomerId, CustomerCityOrgId = UnitId("武汉市"),
                Requested = CustomerDetail.All, Reason = "待审批", Status = AccessRequestStatus.Pending, RequestedAt = DateTime.UtcNow,
            });
        using var centre = await App.LoginAsync(DemoUsers.WuhanCentre);
        var decide = await centre.GetAsync($"/registration/access/review/{S(requestId)}");
        Assert.That(decide.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(await decide.Content.ReadAsStringAsync(), Does.Match("<fieldset[^>]*>\\s*<legend[^>]*>批准查看的内容"));
    }
}
