using System.Net;
using PostalCrm.Plugins.Registration.Data;
using PostalCrm.Sdk.Customers;
using PostalCrm.Sdk.Reference;
using PostalCrm.Sdk.Data;
using PostalCrm.Testing;

namespace PostalCrm.Plugins.Registration.Tests;

/// <summary>F-3.7 客户信息维护管理: own customers by default, basic info, 修改 (audited), 客户业务关系管理, 客户联系人管理, scope.</summary>
[TestFixtureSource(typeof(TestDatabase), nameof(TestDatabase.Providers))]
public class CustomerInfoTests(DatabaseProvider provider) : CustomerInfoFixture(provider)
{
    private static string Url(int id, string rest = "") => $"/registration/customers/{id}{rest}";

    [Test]
    public async Task F_3_7_the_default_list_shows_the_managers_own_customers_with_filters()
    {
        var token = Unique("列表");
        var mine = await CustomerAsync(token + "甲贸易有限公司", "江岸区", DemoUsers.JiangAnCm1);
        var other = await CustomerAsync(token + "乙物流有限公司", "江岸区", DemoUsers.JiangAnCm2);

        using var cm1 = await App.LoginAsync(DemoUsers.JiangAnCm1);
        var list = await cm1.GetHtmlAsync("/registration/customers");
        Assert.That(list, Does.Contain(token + "甲贸易有限公司").And.Not.Contain(token + "乙物流有限公司"));
        Assert.That(list, Does.Contain($"href=\"{Url(mine.Id)}\""), "the 简称 opens the basic info");
        Assert.That(list, Does.Contain(mine.Number));

        var byNumber = await cm1.GetHtmlAsync("/registration/customers?Number=" + mine.Number);
        Assert.That(byNumber, Does.Contain(token + "甲贸易有限公司"));
        var byWrongNumber = await cm1.GetHtmlAsync("/registration/customers?Number=" + other.Number);
        Assert.That(byWrongNumber, Does.Not.Contain(token), "another manager's number finds nothing");
        var byLevel = await cm1.GetHtmlAsync($"/registration/customers?Name={token}&LevelId=" + await WithDbAsync(db => db.CustomerLevels.Where(l => l.Name == "金").Select(l => l.Id).FirstAsync()));
        Assert.That(byLevel, Does.Not.Contain(token + "甲贸易有限公司"), "no level set on the test customer");

        using var cm2 = await App.LoginAsync(DemoUsers.JiangAnCm2);
        Assert.That(await cm2.GetHtmlAsync("/registration/customers?Name=" + token), Does.Contain(token + "乙物流有限公司").And.Not.Contain(token + "甲贸易有限公司"));

        using var dept = await App.LoginAsync(DemoUsers.JiangAnDept);
        Assert.That(await dept.GetHtmlAsync("/registration/customers?Name=" + token), Does.Contain(token + "甲贸易有限公司").And.Contain(token + "乙物流有限公司"),
            "the district department sees its district");

        using var wuchang = await App.LoginAsync(DemoUsers.WuchangCm1);
        Assert.That(await wuchang.GetHtmlAsync("/registration/customers?Name=" + token), Does.Not.Contain(token + "甲贸易有限公司").And.Not.Contain(token + "乙物流有限公司"));
    }

    [Test]
    public async Task F_3_7_a_name_filter_pages_its_rows_with_the_right_total_on_every_page_and_past_the_end()
    {
        // 23 matches: page 1 is full (counted), page 2 short (its rows settle the total), page 9 is past the end. The
        // names begin with 龥 (the last basic CJK character): they sort after the other tests' customers of this manager.
        var token = Unique("龥分页");
        var created = new List<(int Id, int KeyAccountId, string Number)>();
        for (var i = 0; i < 23; i++) created.Add(await CustomerAsync($"{token}{i:D2}商贸有限公司", "江岸区", DemoUsers.JiangAnCm1));
        // The first customer gets a second key account: the list shows both numbers in the order they were given.
        var secondNumber = "9" + created[0].Number[1..];
        await WithDbAsync(async db =>
        {
            var first = await db.KeyAccounts.Where(k => k.Id == created[0].KeyAccountId).FirstAsync();
            return await db.InsertAsync(new KeyAccount { CustomerId = first.CustomerId, Name = first.Name, Number = secondNumber, OrgUnitId = first.OrgUnitId, CreatedAt = first.CreatedAt });
        });

        using var dept = await App.LoginAsync(DemoUsers.JiangAnDept);
        var first = await dept.GetHtmlAsync("/registration/customers?Name=" + token);
        Assert.That(first, Does.Contain("共 23 条,第 1 / 2 页").And.Contain("下一页"));
        Assert.That(first, Does.Contain(token + "00商贸有限公司").And.Contain(token + "19商贸有限公司").And.Not.Contain(token + "20商贸有限公司"));
        Assert.That(first, Does.Contain($"<td>{created[0].Number}、{secondNumber}</td>").And.Contain($"<td>{created[1].Number}</td>"), "each row's numbers, in order");
        var second = await dept.GetHtmlAsync($"/registration/customers?Name={token}&Page=2");
        Assert.That(second, Does.Contain("共 23 条,第 2 / 2 页").And.Not.Contain("下一页"));
        Assert.That(second, Does.Contain(token + "20商贸有限公司").And.Contain(token + "22商贸有限公司").And.Not.Contain(token + "19商贸有限公司"));
        var past = await dept.GetHtmlAsync($"/registration/customers?Name={token}&Page=9");
        Assert.That(past, Does.Contain("共 23 条,第 2 / 2 页").And.Contain(token + "22商贸有限公司"), "a page past the end shows the last one");
        var huge = await dept.GetHtmlAsync($"/registration/customers?Name={token}&Page=2147483647");
        Assert.That(huge, Does.Contain("共 23 条,第 2 / 2 页"));
        Assert.That(await dept.GetHtmlAsync($"/registration/customers?Name={token}无此客户"), Does.Contain("没有符合条件的客户"));
    }

    [Test]
    public async Task F_3_7_a_row_names_its_district_industry_and_level_even_ones_written_outside_the_portal_since()
    {
        // The names come from remembered lists (issue 8), not joins: an industry and a level added straight in the
        // database after the list was shown (no write through the portal forgets anything) must still be named.
        var token = Unique("命名");
        var c = await CustomerAsync(token + "名称贸易有限公司", "江岸区", DemoUsers.JiangAnCm1);
        using var cm1 = await App.LoginAsync(DemoUsers.JiangAnCm1);
        Assert.That(await cm1.GetHtmlAsync("/registration/customers?Name=" + token), Does.Contain(token + "名称贸易有限公司").And.Contain("江岸区"));

        using (var db = App.Database.Open())
        {
            var industry = await db.InsertWithInt32IdentityAsync(new Industry { Name = token + "行业", Sort = 999 });
            var level = await db.InsertWithInt32IdentityAsync(new CustomerLevel { Name = token + "级", Sort = 999 });
            await db.BusinessCustomers.Where(x => x.Id == c.Id).Set(x => x.IndustryId, industry).Set(x => x.LevelId, level).UpdateAsync();
        }

        var list = await cm1.GetHtmlAsync("/registration/customers?Name=" + token);
        Assert.That(list, Does.Contain("<td>" + token + "行业</td>"), "the new industry is named in the row");
        Assert.That(list, Does.Contain("<td>" + token + "级</td>"), "the new level is named in the row");
        Assert.That(list, Does.Contain("<td>江岸区</td>"));
    }

    [Test]
    public async Task F_3_7_the_basic_info_page_shows_key_accounts_relationships_and_contacts()
    {
        var name = Unique("详情公司");
        var c = await CustomerAsync(name, "江岸区", DemoUsers.JiangAnCm1);
        await WithDbAsync(db => db.InsertAsync(new Contact { CustomerId = c.Id, Name = "孙主任", Phone = "027-81234567" }));
        await WithDbAsync(db => db.InsertAsync(new Contact { CustomerId = c.Id, Name = "已删联系人", Phone = "1", Deleted = true }));

        using var cm = await App.LoginAsync(DemoUsers.JiangAnCm1);
        var html = await cm.GetHtmlAsync(Url(c.Id));
        Assert.That(html, Does.Contain(name).And.Contain("江岸区").And.Contain(c.Number).And.Contain("速递").And.Contain("江岸客户经理陈静"));
        Assert.That(html, Does.Contain("孙主任").And.Not.Contain("已删联系人"));
        Assert.That(html, Does.Contain("客户业务关系管理").And.Contain("客户联系人管理").And.Contain("修改"));
    }

    [Test]
    public async Task F_3_7_editing_basic_info_is_audited_and_headquarters_forces_diamond_level()
    {
        var name = Unique("总部公司");
        var c = await CustomerAsync(name, "江岸区", DemoUsers.JiangAnCm1);
        var regular = await WithDbAsync(db => db.CustomerLevels.Where(l => l.Name == "普通").Select(l => l.Id).FirstAsync());
        var diamond = await WithDbAsync(db => db.CustomerLevels.Where(l => l.Name == CustomerLevel.Diamond).Select(l => l.Id).FirstAsync());
        var wuchang = await UnitIdAsync("武昌区");
        var industry = await WithDbAsync(db => db.Industries.Select(i => i.Id).FirstAsync());
        using var cm = await App.LoginAsync(DemoUsers.JiangAnCm1);

        var form = await cm.GetHtmlAsync(Url(c.Id, "/edit"));
        Assert.That(form, Does.Contain("总部客户").And.Contain("武汉市").And.Contain(">武昌区<").And.Not.Contain(">西陵区<"));

        var res = await cm.PostFormAsync(Url(c.Id, "/edit"), new
        {
            Name = name + "集团", ShortName = "总部简称", IndustryId = S(industry), LevelId = S(regular), IsHeadquarters = "true", DistrictOrgId = S(wuchang),
            Address = "武汉市武昌区中北路1号", Phone = "027-87654321",
        }, tokenFrom: Url(c.Id, "/edit"));
        AssertRedirectedTo(res, Url(c.Id), "saved");

        var after = await WithDbAsync(db => db.BusinessCustomers.FirstAsync(x => x.Id == c.Id));
        Assert.That(after.Name, Is.EqualTo(name + "集团"));
        Assert.That(after.LevelId, Is.EqualTo(diamond), "总部客户 forces 钻石级");
        Assert.That(after.IsHeadquarters, Is.True);
        Assert.That(after.DistrictOrgId, Is.EqualTo(wuchang), "another district of the same city is allowed");
        Assert.That(after.Address, Is.EqualTo("武汉市武昌区中北路1号"));

        var audit = await AuditOfAsync("business_customer", c.Id);
        Assert.That(audit.Select(a => a.Action), Is.EqualTo(new[] { "update" }));
        Assert.That(audit[0].BeforeJson, Does.Contain($"\"Name\":\"{name}\"").And.Contain("\"IsHeadquarters\":false"));
        Assert.That(audit[0].AfterJson, Does.Contain($"\"Name\":\"{name}集团\"").And.Contain($"\"LevelId\":{diamond}"));
        Assert.That(audit[0].UserLogin, Is.EqualTo(DemoUsers.JiangAnCm1));

        var details = await cm.GetHtmlAsync(Url(c.Id));
        Assert.That(details, Does.Contain(name + "集团").And.Contain("钻石级"));

        // Another city's district, and a blank name, are refused; nothing changes.
        var xiling = await UnitIdAsync("西陵区");
        var refused = await cm.PostFormAsync(Url(c.Id, "/edit"), new { Name = "改到宜昌", ShortName = "宜昌", IndustryId = S(industry), LevelId = S(regular), DistrictOrgId = S(xiling) },
            tokenFrom: Url(c.Id, "/edit"));
        Assert.That(refused.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(await HtmlOf(refused), Does.Contain("所在地区只能选择本市的区县"));
        var blank = await cm.PostFormAsync(Url(c.Id, "/edit"), new { Name = " ", ShortName = "x", IndustryId = S(industry), LevelId = S(regular), DistrictOrgId = S(wuchang) },
            tokenFrom: Url(c.Id, "/edit"));
        Assert.That(await HtmlOf(blank), Does.Contain("请输入客户名称"));
        var unchanged = await WithDbAsync(db => db.BusinessCustomers.FirstAsync(x => x.Id == c.Id));
        Assert.That((unchanged.Name, unchanged.DistrictOrgId), Is.EqualTo((name + "集团", wuchang)));
        Assert.That(await AuditOfAsync("business_customer", c.Id), Has.Count.EqualTo(1));
    }

    [Test]
    public async Task F_3_7_editing_keeps_the_registration_rules_industry_required_and_a_six_digit_postcode()
    {
        var name = Unique("规则公司");
        var c = await CustomerAsync(name, "江岸区", DemoUsers.JiangAnCm1);
        var level = await WithDbAsync(db => db.CustomerLevels.Select(l => l.Id).FirstAsync());
        var industry = await WithDbAsync(db => db.Industries.Select(i => i.Id).FirstAsync());
        var jiangan = await UnitIdAsync("江岸区");
        using var cm = await App.LoginAsync(DemoUsers.JiangAnCm1);

        var noIndustry = await cm.PostFormAsync(Url(c.Id, "/edit"), new { Name = name, ShortName = "规则", LevelId = S(level), DistrictOrgId = S(jiangan) },
            tokenFrom: Url(c.Id, "/edit"));
        Assert.That(await HtmlOf(noIndustry), Does.Contain("请选择所属行业"));
        foreach (var postcode in new[] { "43001", "4300711", "43OO71" })
        {
            var bad = await cm.PostFormAsync(Url(c.Id, "/edit"), new { Name = name, ShortName = "规则", IndustryId = S(industry), LevelId = S(level), DistrictOrgId = S(jiangan), Postcode = postcode },
                tokenFrom: Url(c.Id, "/edit"));
            Assert.That(await HtmlOf(bad), Does.Contain("邮编必须是 6 位数字"), postcode);
        }
        Assert.That(await AuditOfAsync("business_customer", c.Id), Is.Empty, "nothing was saved");
        AssertRedirectedTo(await cm.PostFormAsync(Url(c.Id, "/edit"), new { Name = name, ShortName = "规则", IndustryId = S(industry), LevelId = S(level), DistrictOrgId = S(jiangan), Postcode = "430010" },
            tokenFrom: Url(c.Id, "/edit")), Url(c.Id), "a valid edit");
    }

    [Test]
    public async Task F_3_7_a_customer_manager_edits_only_relationships_of_their_own_department()
    {
        var c = await CustomerAsync(Unique("两部门公司"), "江岸区", DemoUsers.JiangAnCm1);
        var own = await WithDbAsync(db => db.BusinessRelationships.FirstAsync(r => r.CustomerId == c.Id));
        var wuchang = await UnitIdAsync("武昌区");
        var wc1 = await UserIdAsync(DemoUsers.WuchangCm1);
        var other = await WithDbAsync(db => db.InsertWithInt32IdentityAsync(new BusinessRelationship
        {
            CustomerId = c.Id, OrgUnitId = wuchang, ManagerUserId = wc1, ProductLineId = own.ProductLineId, BusinessTypeId = own.BusinessTypeId,
            KeyAccountId = c.KeyAccountId, Approved = true,
        }));
        using var cm = await App.LoginAsync(DemoUsers.JiangAnCm1);
        await AssertStatusAsync(cm, Url(c.Id, $"/relationships/{own.Id}/edit"), HttpStatusCode.OK);
        await AssertStatusAsync(cm, Url(c.Id, $"/relationships/{other}/edit"), HttpStatusCode.NotFound);
        var post = await cm.PostFormAsync(Url(c.Id, $"/relationships/{other}/edit"),
            new { ManagerUserId = S(wc1), BusinessTypeId = S(own.BusinessTypeId!.Value), KeyAccountId = S(c.KeyAccountId) }, tokenFrom: Url(c.Id, $"/relationships/{own.Id}/edit"));
        Assert.That(post.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(await AuditOfAsync("business_relationship", other), Is.Empty);

        // The city centre edits both: their departments lie in its area.
        using var centre = await App.LoginAsync(DemoUsers.WuhanCentre);
        await AssertStatusAsync(centre, Url(c.Id, $"/relationships/{other}/edit"), HttpStatusCode.OK);
    }

    [Test]
    public async Task F_3_7_contacts_are_added_and_soft_deleted_with_audit()
    {
        var c = await CustomerAsync(Unique("联系人公司"), "江岸区", DemoUsers.JiangAnCm1);
        using var cm = await App.LoginAsync(DemoUsers.JiangAnCm1);
        var page = Url(c.Id, "/contacts");

        var missing = await cm.PostFormAsync(page, new { Name = "", Phone = "027-1" }, tokenFrom: page);
        Assert.That(await HtmlOf(missing), Does.Contain("请输入联系人姓名"));

        AssertRedirectedTo(await cm.PostFormAsync(page, new { Name = "钱科长", Department = "行政部", Title = "科长", Mobile = "13800000000" }, tokenFrom: page), page, "added");
        var contact = await WithDbAsync(db => db.Contacts.FirstAsync(x => x.CustomerId == c.Id));
        Assert.That((contact.Name, contact.Mobile, contact.Deleted), Is.EqualTo(("钱科长", "13800000000", false)));
        Assert.That(await cm.GetHtmlAsync(Url(c.Id)), Does.Contain("钱科长"));

        AssertRedirectedTo(await cm.PostFormAsync(Url(c.Id, $"/contacts/{contact.Id}/delete"), new { }, tokenFrom: page), page, "deleted");
        var deleted = await WithDbAsync(db => db.Contacts.FirstAsync(x => x.Id == contact.Id));
        Assert.That(deleted.Deleted, Is.True, "soft delete: the row stays");
        Assert.That(await cm.GetHtmlAsync(page), Does.Not.Contain("钱科长"));
        Assert.That(await cm.GetHtmlAsync(Url(c.Id)), Does.Not.Contain("钱科长"));

        var audit = await AuditOfAsync("contact", contact.Id);
        Assert.That(audit.Select(a => a.Action), Is.EqualTo(new[] { "create", "delete" }));
        Assert.That(audit[1].BeforeJson, Does.Contain("\"Deleted\":false"));
        Assert.That(audit[1].AfterJson, Does.Contain("\"Deleted\":true"));

        // Deleting it again, or a contact of another customer through this customer's URL, is 404.
        Assert.That((await cm.PostFormAsync(Url(c.Id, $"/contacts/{contact.Id}/delete"), new { }, tokenFrom: page)).StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
    }

    [Test]
    public async Task F_3_7_a_relationships_manager_must_be_a_customer_manager_of_its_department()
    {
        var c = await CustomerAsync(Unique("关系公司"), "江岸区", DemoUsers.JiangAnCm1);
        var rel = await WithDbAsync(db => db.BusinessRelationships.FirstAsync(r => r.CustomerId == c.Id));
        var ja2 = await UserIdAsync(DemoUsers.JiangAnCm2);
        var wc1 = await UserIdAsync(DemoUsers.WuchangCm1);
        var letters = await WithDbAsync(db => RegistrationTestData.BusinessTypeIdAsync(db, "函件"));
        using var cm = await App.LoginAsync(DemoUsers.JiangAnCm1);
        var edit = Url(c.Id, $"/relationships/{rel.Id}/edit");

        var list = await cm.GetHtmlAsync(Url(c.Id, "/relationships"));
        Assert.That(list, Does.Contain($"href=\"{edit}\"").And.Contain("江岸客户经理陈静"));
        var form = await cm.GetHtmlAsync(edit);
        Assert.That(form, Does.Contain("江岸客户经理杨磊").And.Not.Contain("武昌客户经理赵敏"), "only CMs of the department are offered");

        var wrong = await cm.PostFormAsync(edit, new { ManagerUserId = S(wc1), BusinessTypeId = S(rel.BusinessTypeId!.Value), KeyAccountId = S(c.KeyAccountId) }, tokenFrom: edit);
        Assert.That(wrong.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(await HtmlOf(wrong), Does.Contain("邮政客户经理只能选择所选邮政部门的客户经理"));
        var wrongType = await cm.PostFormAsync(edit, new { ManagerUserId = S(ja2), BusinessTypeId = S(letters), KeyAccountId = S(c.KeyAccountId) }, tokenFrom: edit);
        Assert.That(await HtmlOf(wrongType), Does.Contain("业务类型必须属于该业务关系的专业"));
        Assert.That((await WithDbAsync(db => db.BusinessRelationships.FirstAsync(r => r.Id == rel.Id))).ManagerUserId, Is.EqualTo(rel.ManagerUserId), "unchanged");

        AssertRedirectedTo(await cm.PostFormAsync(edit, new { ManagerUserId = S(ja2), BusinessTypeId = S(rel.BusinessTypeId!.Value), KeyAccountId = S(c.KeyAccountId) }, tokenFrom: edit),
            Url(c.Id, "/relationships"), "a CM of the same department");
        Assert.That((await WithDbAsync(db => db.BusinessRelationships.FirstAsync(r => r.Id == rel.Id))).ManagerUserId, Is.EqualTo(ja2));
        var audit = await AuditOfAsync("business_relationship", rel.Id);
        Assert.That(audit.Select(a => a.Action), Is.EqualTo(new[] { "update" }));
        Assert.That(audit[0].BeforeJson, Does.Contain($"\"ManagerUserId\":{rel.ManagerUserId}"));
        Assert.That(audit[0].AfterJson, Does.Contain($"\"ManagerUserId\":{ja2}"));

        // The customer is now ja_cm2's: ja_cm1 no longer maintains it, ja_cm2 does.
        await AssertStatusAsync(cm, Url(c.Id), HttpStatusCode.NotFound);
        using var cm2 = await App.LoginAsync(DemoUsers.JiangAnCm2);
        await AssertStatusAsync(cm2, Url(c.Id), HttpStatusCode.OK);
    }

    [Test]
    public async Task F_3_7_a_new_relationship_goes_through_the_review_workflow_before_it_counts()
    {
        var c = await CustomerAsync(Unique("新专业公司"), "江岸区", DemoUsers.JiangAnCm1);
        var jiangan = await UnitIdAsync("江岸区");
        var letters = await WithDbAsync(db => RegistrationTestData.ProductLineIdAsync(db, "函件"));
        var lettersType = await WithDbAsync(db => RegistrationTestData.BusinessTypeIdAsync(db, "函件"));
        var ja1 = await UserIdAsync(DemoUsers.JiangAnCm1);
        using var cm = await App.LoginAsync(DemoUsers.JiangAnCm1);
        var page = Url(c.Id, "/relationships");
        var fields = new { OrgUnitId = S(jiangan), ProductLineId = S(letters), BusinessTypeId = S(lettersType), ManagerUserId = S(ja1), KeyAccountId = S(c.KeyAccountId) };

        // Without a contact the application cannot be made: the page says what to do first.
        Assert.That(await HtmlOf(await cm.PostFormAsync(page, fields, tokenFrom: page)), Does.Contain("请先在“客户联系人管理”中添加联系人"));
        await WithDbAsync(db => db.InsertWithInt32IdentityAsync(new Contact { CustomerId = c.Id, Name = "李联系", Phone = "027-81234567" }));

        AssertRedirectedTo(await cm.PostFormAsync(page, fields, tokenFrom: page), page, "submitted");
        Assert.That(await WithDbAsync(db => db.BusinessRelationships.AnyAsync(r => r.CustomerId == c.Id && r.ProductLineId == letters)), Is.False,
            "nothing counts before 终审");
        var app = await WithDbAsync(db => db.GetTable<RegistrationApplication>().FirstAsync(a => a.ExistingCustomerId == c.Id));
        var lines = await WithDbAsync(db => db.GetTable<ApplicationLine>().Where(l => l.ApplicationId == app.Id).ToListAsync());
        Assert.Multiple(() =>
        {
            Assert.That(app.Status, Is.EqualTo(ApplicationStatus.Submitted));
            Assert.That((app.PostalOrgUnitId, app.ManagerUserId, app.ExistingKeyAccountId), Is.EqualTo((jiangan, ja1, (int?)c.KeyAccountId)));
            Assert.That(lines.Select(l => (l.ProductLineId, l.BusinessTypeId)), Is.EqualTo(new[] { (letters, lettersType) }));
        });

        // The same line again while it is under review is refused; so is a key account of another customer.
        Assert.That(await HtmlOf(await cm.PostFormAsync(page, fields, tokenFrom: page)), Does.Contain("已在审批中"));
        var otherKa = await CustomerAsync(Unique("别家公司"), "江岸区", DemoUsers.JiangAnCm1);
        var parcels = await WithDbAsync(db => RegistrationTestData.ProductLineIdAsync(db, "包裹"));
        var parcelsType = await WithDbAsync(db => RegistrationTestData.BusinessTypeIdAsync(db, "包裹"));
        var foreignKa = await cm.PostFormAsync(page, new { OrgUnitId = S(jiangan), ProductLineId = S(parcels), BusinessTypeId = S(parcelsType), ManagerUserId = S(ja1), KeyAccountId = S(otherKa.KeyAccountId) }, tokenFrom: page);
        Assert.That(await HtmlOf(foreignKa), Does.Contain("大客户只能选择本客户的大客户"));
        Assert.That(await WithDbAsync(db => db.GetTable<RegistrationApplication>().CountAsync(a => a.ExistingCustomerId == c.Id)), Is.EqualTo(1));

        // A relationship the customer already has is refused as before.
        var existing = await WithDbAsync(db => db.BusinessRelationships.FirstAsync(r => r.CustomerId == c.Id));
        var dup = await cm.PostFormAsync(page, new { OrgUnitId = S(existing.OrgUnitId), ProductLineId = S(existing.ProductLineId), BusinessTypeId = S(existing.BusinessTypeId!.Value), ManagerUserId = S(ja1), KeyAccountId = S(c.KeyAccountId) }, tokenFrom: page);
        Assert.That(await HtmlOf(dup), Does.Contain("专业的业务关系,请修改原有业务关系"));
    }

    [Test]
    public async Task F_3_7_another_districts_customer_answers_404_on_every_read_and_write()
    {
        var c = await CustomerAsync(Unique("江岸客户"), "江岸区", DemoUsers.JiangAnCm1);
        var rel = await WithDbAsync(db => db.BusinessRelationships.FirstAsync(r => r.CustomerId == c.Id));
        using var wc = await App.LoginAsync(DemoUsers.WuchangCm1);
        foreach (var url in new[] { Url(c.Id), Url(c.Id, "/edit"), Url(c.Id, "/relationships"), Url(c.Id, $"/relationships/{rel.Id}/edit"), Url(c.Id, "/contacts") })
            await AssertStatusAsync(wc, url, HttpStatusCode.NotFound);
        var post = await wc.PostFormAsync(Url(c.Id, "/edit"), new { Name = "篡改", ShortName = "篡改", DistrictOrgId = S(await UnitIdAsync("武昌区")) }, tokenFrom: "/registration/customers");
        Assert.That(post.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        var contact = await wc.PostFormAsync(Url(c.Id, "/contacts"), new { Name = "篡改", Phone = "1" }, tokenFrom: "/registration/customers");
        Assert.That(contact.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(await WithDbAsync(db => db.BusinessCustomers.Where(x => x.Id == c.Id).Select(x => x.Name).FirstAsync()), Does.StartWith("江岸客户"));
        Assert.That(await WithDbAsync(db => db.Contacts.CountAsync(x => x.CustomerId == c.Id)), Is.Zero);

        // The same district's other manager does not maintain it either; a user without the permission gets 403.
        using var cm2 = await App.LoginAsync(DemoUsers.JiangAnCm2);
        await AssertStatusAsync(cm2, Url(c.Id), HttpStatusCode.NotFound);
        using var admin = await App.LoginAsync(DemoUsers.Admin);
        await AssertStatusAsync(admin, "/registration/customers", HttpStatusCode.Forbidden);
    }
}
