using System.Net;
using PostalCrm.Plugins.Registration.Data;
using PostalCrm.Sdk.Data;
using PostalCrm.Testing;

namespace PostalCrm.Plugins.Registration.Tests;

/// <summary>F-3.1 / F-3.2 客户注册申报: new and existing customers, the same rules whatever is posted.</summary>
[TestFixtureSource(typeof(TestDatabase), nameof(TestDatabase.Providers))]
public class ApplyTests(DatabaseProvider provider) : ApplyFixture(provider)
{
    [Test]
    public async Task F_3_1_the_search_lists_matching_customers_and_the_new_customer_form_fixes_the_city()
    {
        var name = Unique("汉口检索测试物流公司");
        var (customerId, _, _) = await ExistingCustomerAsync(name);
        using var s = await App.LoginAsync(DemoUsers.JiangAnCm1);

        var page = await s.GetHtmlAsync("/registration/apply?q=" + Uri.EscapeDataString(name[..9]));
        Assert.That(page, Does.Contain("查询目标客户").And.Contain("选择目标客户").And.Contain(name).And.Contain("江岸区"));
        Assert.That(await s.GetHtmlAsync("/registration/apply/search?q=" + Uri.EscapeDataString(name[..1])), Does.Not.Contain(name), "live search needs 2 characters");
        Assert.That(await s.GetHtmlAsync("/registration/apply/search?q=" + Uri.EscapeDataString(name[..6])),
            Does.Contain(name).And.Contain($"href=\"/registration/apply/customer/{customerId}\""), "选择 opens that customer");

        var form = await s.GetHtmlAsync("/registration/apply/new");
        Assert.That(form, Does.Contain("id=\"city-fixed\">武汉市<"));
        Assert.That(form, Does.Contain($"value=\"{S(UnitId("江岸区"))}\">江岸区<").And.Contain($"value=\"{S(UnitId("武昌区"))}\">武昌区<"));
        Assert.That(form, Does.Not.Contain("西陵区"), "only the districts of the applicant's city");
        Assert.That(form, Does.Contain("总部客户").And.Contain("钻石级"));
    }

    [Test]
    public async Task F_3_1_ja_cm1_registers_a_new_customer_of_another_district_of_the_city()
    {
        var name = Unique("武昌新注册电子有限公司");
        using var s = await App.LoginAsync(DemoUsers.JiangAnCm1);
        var before = Applications();

        // 提交 of the customer details only moves on to the business relationship: nothing is saved yet.
        var step1 = await s.PostFormAsync("/registration/apply/new", NewCustomer(name), tokenFrom: "/registration/apply/new");
        var step2 = await step1.Content.ReadAsStringAsync();
        Assert.That(step1.StatusCode, Is.EqualTo(HttpStatusCode.OK), step2);
        Assert.That(step2, Does.Contain("邮政部门").And.Contain("邮政客户经理").And.Contain($"name=\"CustomerName\" value=\"{name}\""));
        Assert.That(Applications(), Is.EqualTo(before));

        var id = await SubmitOkAsync(s, Merge(NewCustomer(name), Relationship(name + "武汉办事处")));
        Assert.That(await s.GetHtmlAsync($"/registration/apply/done/{id}"), Does.Contain("客户注册申请成功"));
        var app = Application(id);
        Assert.Multiple(() =>
        {
            Assert.That(app.Status, Is.EqualTo(ApplicationStatus.Submitted));
            Assert.That(app.Round, Is.EqualTo(1));
            Assert.That(app.Source, Is.EqualTo(ApplicationSource.Portal));
            Assert.That(app.ApplicantUserId, Is.EqualTo(UserId(DemoUsers.JiangAnCm1)));
            Assert.That(app.CityOrgId, Is.EqualTo(UnitId("武汉市")));
            Assert.That(app.DistrictOrgId, Is.EqualTo(UnitId("武昌区")), "cross-district within the city is allowed");
            Assert.That(app.ExistingCustomerId, Is.Null);
            Assert.That(app.LevelId, Is.EqualTo(LevelId("金")));
            Assert.That(app.PostalOrgUnitId, Is.EqualTo(UnitId("江岸区")));
            Assert.That(app.ManagerUserId, Is.EqualTo(UserId(DemoUsers.JiangAnCm1)));
            Assert.That(app.NewKeyAccountName, Is.EqualTo(name + "武汉办事处"));
            Assert.That(app.ContactName, Is.EqualTo("王经理"));
        });
        Assert.That(Lines(id).Select(l => (l.ProductLineId, l.BusinessTypeId)), Is.EqualTo(new[] { (ProductLineId("速递"), BusinessTypeId("速递")) }));
        var audit = AuditOf(id);
        Assert.That(audit.Select(a => a.Action), Is.EqualTo(new[] { "create" }));
        Assert.That(audit[0].AfterJson, Does.Contain(name));
        Assert.That(audit[0].UserLogin, Is.EqualTo(DemoUsers.JiangAnCm1));
    }

    [Test]
    public async Task F_3_1_several_business_types_of_one_product_line_are_applied_for_together()
    {
        // The manual's 专业及业务类型 lets several business types of a product line be ticked.
        int second;
        using (var db = Db())
            second = await db.InsertWithInt32IdentityAsync(new PostalCrm.Sdk.Reference.BusinessType { ProductLineId = ProductLineId("集邮"), Name = Unique("集邮定制"), Active = true });
        var pl = ProductLineId("集邮");
        var first = BusinessTypeId("集邮");
        using var s = await App.LoginAsync(DemoUsers.JiangAnCm1);

        // The form offers every business type of the line as its own box.
        var page = await (await s.PostFormAsync("/registration/apply/new", NewCustomer(Unique("多业务类型")), tokenFrom: "/registration/apply/new")).Content.ReadAsStringAsync();
        Assert.That(page, Does.Contain($"name=\"BusinessTypes[{pl}]\" value=\"{first}\"").And.Contain($"name=\"BusinessTypes[{pl}]\" value=\"{second}\""));

        var name = Unique("集邮多业务有限公司");
        var form = Merge(NewCustomer(name), Relationship(name + "办事处", productLine: "集邮")).ToList();
        form.Add(new($"BusinessTypes[{pl}]", second.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        var res = await s.PostFormAsync("/registration/apply/submit", form, tokenFrom: "/registration/apply");
        Assert.That(res.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), await res.Content.ReadAsStringAsync());
        var id = int.Parse(res.Headers.Location!.ToString()["/registration/apply/done/".Length..], System.Globalization.CultureInfo.InvariantCulture);
        Assert.That(Lines(id).Select(l => (l.ProductLineId, l.BusinessTypeId)), Is.EquivalentTo(new[] { (pl, first), (pl, second) }));

        // A ticked product line with no business type ticked is refused with the line's name.
        var none = Merge(NewCustomer(Unique("无业务类型")), Relationship("某办事处", productLine: "集邮"));
        none.Remove($"BusinessTypes[{pl}]");
        await AssertRefusedAsync(() => SubmitAsync(s, none), "请选择专业“集邮”的业务类型");
    }

    [Test]
    public async Task F_3_1_a_new_customer_already_pending_in_another_application_is_refused_naming_it()
    {
        var tag = Unique("");
        int pending;
        using (var db = Db())
            pending = await RegistrationTestData.NewCustomerApplicationAsync(db, $"武汉（{tag}）重复申报科技有限公司", "武昌区", DemoUsers.WuchangCm1,
                status: ApplicationStatus.PreApproved);
        using var s = await App.LoginAsync(DemoUsers.JiangAnCm1);

        // Another spelling of the same name (half-width brackets, spaces, upper case) is the same customer.
        var again = $"武汉 ({tag.ToUpperInvariant()}) 重复申报科技有限公司";
        await AssertRefusedAsync(() => SubmitAsync(s, Merge(NewCustomer(again), Relationship(again))), $"申请编号 {S(pending)}");
        await AssertRefusedAsync(() => s.PostFormAsync("/registration/apply/new", NewCustomer(again), tokenFrom: "/registration/apply/new"), "请勿重复申报");

        // Once that application is finally rejected (开发失败) the name is free again.
        using (var db = Db())
            await db.GetTable<RegistrationApplication>().Where(a => a.Id == pending)
                .Set(a => a.Status, ApplicationStatus.Rejected).Set(a => a.RejectedStage, ReviewStage.Final).UpdateAsync();
        await SubmitOkAsync(s, Merge(NewCustomer(again), Relationship(again)));
    }

    [Test]
    public async Task F_3_1_an_existing_customers_name_in_another_spelling_is_refused()
    {
        var tag = Unique("");
        var (_, _, _) = await ExistingCustomerAsync($"ＡＢＣ{tag}物流有限公司");
        using var s = await App.LoginAsync(DemoUsers.JiangAnCm1);
        var again = $"abc {tag} 物流有限公司";
        await AssertRefusedAsync(() => SubmitAsync(s, Merge(NewCustomer(again), Relationship(again))), "请在“查询目标客户”中选择该客户");
    }

    [Test]
    public async Task F_3_1_a_district_of_another_city_is_refused()
    {
        var name = Unique("跨市申报测试公司");
        using var s = await App.LoginAsync(DemoUsers.JiangAnCm1);
        await AssertRefusedAsync(() => SubmitAsync(s, Merge(NewCustomer(name, "西陵区"), Relationship(name))), "不能跨市申报");
        await AssertRefusedAsync(() => s.PostFormAsync("/registration/apply/new", NewCustomer(name, "西陵区"), tokenFrom: "/registration/apply/new"), "不能跨市申报");
    }

    [Test]
    public async Task F_3_1_a_headquarters_customer_is_always_diamond()
    {
        var name = Unique("总部客户测试集团");
        using var s = await App.LoginAsync(DemoUsers.JiangAnCm1);
        var customer = NewCustomer(name);
        customer["IsHeadquarters"] = "true";
        customer["LevelId"] = S(LevelId("普通"));
        var id = await SubmitOkAsync(s, Merge(customer, Relationship(name)));
        Assert.That(Application(id).LevelId, Is.EqualTo(LevelId("钻石级")));
        Assert.That(Application(id).IsHeadquarters, Is.True);
    }

    [Test]
    public async Task F_3_1_the_manager_must_be_a_customer_manager_of_the_chosen_department()
    {
        var name = Unique("经理校验测试公司");
        using var s = await App.LoginAsync(DemoUsers.JiangAnCm1);
        await AssertRefusedAsync(() => SubmitAsync(s, Merge(NewCustomer(name), Relationship(name, "江岸区", DemoUsers.WuchangCm1))), "须为“江岸区”的客户经理");
        await AssertRefusedAsync(() => SubmitAsync(s, Merge(NewCustomer(name), Relationship(name, "江岸区大客户部", DemoUsers.JiangAnDept))), "须为“江岸区大客户部”的客户经理");
        await AssertRefusedAsync(() => SubmitAsync(s, Merge(NewCustomer(name), Relationship(name, "西陵区", DemoUsers.YichangCm1))), "邮政部门须为武汉市的单位");

        var options = await s.GetHtmlAsync($"/registration/apply/managers?postalOrgUnitId={S(UnitId("江岸区"))}");
        Assert.That(options, Does.Contain($">{DisplayName(DemoUsers.JiangAnCm2)}<").And.Not.Contain(DisplayName(DemoUsers.WuchangCm1)));
        Assert.That(options, Does.Contain($"value=\"{S(UserId(DemoUsers.JiangAnCm1))}\" selected=\"selected\">{DisplayName(DemoUsers.JiangAnCm1)}<"),
            "display names, the applicant preselected");
        Assert.That(options, Does.Not.Contain("(ja_cm1)").And.Not.Contain("(ja_cm2)"), "no login names");
        Assert.That(await s.GetHtmlAsync($"/registration/apply/managers?postalOrgUnitId={S(UnitId("宜昌市"))}"), Does.Not.Contain("yc_cm1"), "only departments of the city");
    }

    [Test]
    public async Task F_3_1_a_business_type_must_belong_to_its_product_line_and_one_line_is_needed()
    {
        var name = Unique("业务类型校验公司");
        using var s = await App.LoginAsync(DemoUsers.JiangAnCm1);
        await AssertRefusedAsync(() => SubmitAsync(s, Merge(NewCustomer(name), Relationship(name, businessTypeOf: "函件"))), "所选业务类型不属于专业“速递”");
        var none = Merge(NewCustomer(name), Relationship(name));
        none.Remove("ProductLineIds");
        await AssertRefusedAsync(() => SubmitAsync(s, none), "请至少选择一个专业");
        var noContact = Merge(NewCustomer(name), Relationship(name));
        noContact["ContactName"] = " ";
        await AssertRefusedAsync(() => SubmitAsync(s, noContact), "请输入联系人姓名");
    }

    [Test]
    public async Task F_3_2_an_existing_customer_keeps_its_basic_info_and_reuses_its_key_account_and_contact()
    {
        var name = Unique("已注册商务客户公司");
        var (customerId, keyAccountId, number) = await ExistingCustomerAsync(name);
        var contactId = await ContactAsync(customerId, "李主任");
        await ContactAsync(customerId, "已删除联系人", deleted: true);
        var original = Customer(customerId);
        using var s = await App.LoginAsync(DemoUsers.JiangAnCm1);

        var info = await s.GetHtmlAsync($"/registration/apply/customer/{customerId}");
        Assert.That(info, Does.Contain(name).And.Contain(original.Code).And.Contain("确定该目标客户吗?").And.Contain("基本信息无法在此修改"));
        Assert.That(info, Does.Not.Contain("name=\"CustomerName\""), "read-only");
        var step2 = await s.GetHtmlAsync($"/registration/apply/relationship?existingCustomerId={customerId}");
        Assert.That(step2, Does.Contain(number).And.Contain("李主任").And.Not.Contain("已删除联系人"));

        var form = Merge(Relationship("ignored"), new Dictionary<string, string>
        {
            ["ExistingCustomerId"] = S(customerId), ["CustomerName"] = "篡改后的名称", ["DistrictOrgId"] = S(UnitId("武昌区")),
            ["LevelId"] = S(LevelId("钻石级")), ["ExistingKeyAccountId"] = S(keyAccountId), ["ExistingContactId"] = S(contactId),
        });
        var id = await SubmitOkAsync(s, form);
        var app = Application(id);
        Assert.Multiple(() =>
        {
            Assert.That(app.ExistingCustomerId, Is.EqualTo(customerId));
            Assert.That(app.CustomerName, Is.EqualTo(name), "posted basic info is ignored");
            Assert.That(app.DistrictOrgId, Is.EqualTo(UnitId("江岸区")));
            Assert.That(app.ExistingKeyAccountId, Is.EqualTo(keyAccountId));
            Assert.That(app.NewKeyAccountName, Is.Null);
            Assert.That(app.ExistingContactId, Is.EqualTo(contactId));
            Assert.That(app.ContactName, Is.Null, "a picked contact is kept by id");
        });
        var after = Customer(customerId);
        Assert.That((after.Name, after.DistrictOrgId, after.LevelId), Is.EqualTo((original.Name, original.DistrictOrgId, original.LevelId)), "the customer row is unchanged");

        var details = await s.GetHtmlAsync($"/registration/applications/{id}");
        Assert.That(details, Does.Contain("李主任").And.Contain("已有联系人").And.Contain(number));
    }

    [Test]
    public async Task F_3_2_an_application_for_a_customer_outside_scope_shows_only_what_each_viewer_may_see()
    {
        var name = Unique("武昌保密客户公司");
        var (customerId, _, _) = await ExistingCustomerAsync(name, "武昌区", DemoUsers.WuchangCm1);
        using (var db = Db())
            await db.BusinessCustomers.Where(c => c.Id == customerId).Set(c => c.Address, "武昌区保密路7号").Set(c => c.Phone, "027-55501234")
                .Set(c => c.LegalPerson, "保密法人").Set(c => c.Remarks, "保密备注内容").UpdateAsync();
        var secrets = new[] { "武昌区保密路7号", "027-55501234", "保密法人", "保密备注内容" };
        using var s = await App.LoginAsync(DemoUsers.JiangAnCm1);
        Assert.That((await s.GetAsync($"/registration/customers/{customerId}")).StatusCode, Is.EqualTo(HttpStatusCode.NotFound), "outside ja_cm1's scope");

        var form = Merge(Relationship(name + "江岸办事处"), new Dictionary<string, string> { ["ExistingCustomerId"] = S(customerId) });
        var id = await SubmitOkAsync(s, form);
        var app = Application(id);
        Assert.That((app.CustomerName, app.DistrictOrgId), Is.EqualTo((name, UnitId("武昌区"))), "the identity is kept");
        Assert.That(new[] { app.Address, app.Phone, app.LegalPerson, app.Remarks }, Is.All.Null, "no details copied into the application");

        var own = await s.GetHtmlAsync($"/registration/applications/{id}");
        Assert.That(own, Does.Contain(name).And.Contain("无权查看该客户的详细信息"));
        foreach (var secret in secrets) Assert.That(own, Does.Not.Contain(secret), secret);

        // The key-account centre of the city sees the customer's details by its scope, read from the customer itself.
        using var centre = await App.LoginAsync(DemoUsers.WuhanCentre);
        var review = await centre.GetHtmlAsync($"/registration/review/{id}");
        foreach (var secret in secrets) Assert.That(review, Does.Contain(secret), secret);
        Assert.That(review, Does.Not.Contain("无权查看该客户的详细信息"));
    }

    [Test]
    public async Task F_3_2_a_contact_or_key_account_of_another_customer_is_refused()
    {
        var (customerId, _, _) = await ExistingCustomerAsync(Unique("联系人校验客户甲"));
        var (otherId, otherKa, _) = await ExistingCustomerAsync(Unique("联系人校验客户乙"));
        var otherContact = await ContactAsync(otherId, "乙公司联系人");
        var deleted = await ContactAsync(customerId, "已删除的人", deleted: true);
        using var s = await App.LoginAsync(DemoUsers.JiangAnCm1);

        var form = Merge(Relationship("x"), new Dictionary<string, string> { ["ExistingCustomerId"] = S(customerId), ["ExistingContactId"] = S(otherContact) });
        await AssertRefusedAsync(() => SubmitAsync(s, form), "所选联系人不属于该客户");
        form["ExistingContactId"] = S(deleted);
        await AssertRefusedAsync(() => SubmitAsync(s, form), "所选联系人不属于该客户");
        form.Remove("ExistingContactId");
        form["ExistingKeyAccountId"] = S(otherKa);
        await AssertRefusedAsync(() => SubmitAsync(s, form), "所选大客户不属于该客户");

        // A new customer has no contacts to pick.
        var name = Unique("新客户选联系人");
        var typed = Merge(NewCustomer(name), Relationship(name));
        typed["ExistingContactId"] = S(otherContact);
        await AssertRefusedAsync(() => SubmitAsync(s, typed), "所选联系人不属于该客户");
    }

    [Test]
    public async Task F_3_2_an_existing_customer_of_another_city_is_refused()
    {
        var (customerId, _, _) = await ExistingCustomerAsync(Unique("宜昌已有客户"), "西陵区", DemoUsers.YichangCm1);
        using var s = await App.LoginAsync(DemoUsers.JiangAnCm1);
        Assert.That(await s.GetHtmlAsync($"/registration/apply/customer/{customerId}"), Does.Contain("不能跨市申报").And.Not.Contain("确定该目标客户吗"));
        var form = Merge(Relationship("x"), new Dictionary<string, string> { ["ExistingCustomerId"] = S(customerId) });
        await AssertRefusedAsync(() => SubmitAsync(s, form), "不能跨市申报");
    }

    [Test]
    public async Task F_3_1_only_customer_managers_may_apply()
    {
        using var centre = await App.LoginAsync(DemoUsers.WuhanCentre);
        Assert.That((await centre.GetAsync("/registration/apply")).StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        Assert.That((await centre.GetAsync("/registration/applications")).StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
    }
}
