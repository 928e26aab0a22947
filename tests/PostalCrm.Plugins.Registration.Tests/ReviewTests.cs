using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using PostalCrm.Plugins.Registration.Data;
using PostalCrm.Sdk.Data;
using PostalCrm.Sdk.Reference;
using PostalCrm.Testing;

namespace PostalCrm.Plugins.Registration.Tests;

/// <summary>F-3.3 客户注册审批: who may pre-review, initial-review and final-review which application, and what each decision does.</summary>
[TestFixtureSource(typeof(TestDatabase), nameof(TestDatabase.Providers))]
public class ReviewTests(DatabaseProvider provider) : ReviewFixture(provider)
{
    [Test]
    public async Task F_3_3_district_dept_pre_reviews_its_own_district_only()
    {
        var jiangan = await NewApplicationAsync(Unique("江岸预审客户"));
        var wuchang = await NewApplicationAsync(Unique("武昌预审客户"), "武昌区", DemoUsers.WuchangCm1);
        var yichang = await NewApplicationAsync(Unique("宜昌预审客户"), "西陵区", DemoUsers.YichangCm1);
        var names = new[] { (await ApplicationAsync(jiangan)).CustomerName, (await ApplicationAsync(wuchang)).CustomerName, (await ApplicationAsync(yichang)).CustomerName };

        // A second product line, and the first one again (another business type would do the same): each shows once, in
        // the product lines' order.
        await AddLineAsync(jiangan, "函件");
        await AddLineAsync(jiangan, "速递");
        string[] expectedLines;
        using (var lines = App.Database.Open())
            expectedLines = await lines.ProductLines.Where(l => l.Name == "函件" || l.Name == "速递").OrderBy(l => l.Sort).Select(l => l.Name).ToArrayAsync();

        using var dept = await App.LoginAsync(DemoUsers.JiangAnDept);
        var list = await dept.GetHtmlAsync("/registration/review/pre");
        Assert.That(list, Does.Contain(names[0]).And.Not.Contain(names[1]).And.Not.Contain(names[2]));
        var row = Regex.Match(list, $"<tr data-application=\"{Str(jiangan)}\">.*?</tr>", RegexOptions.Singleline).Value;
        Assert.That(row, Does.Contain($"<td>{string.Join("、", expectedLines)}</td>"), "the application's product lines, each once, in order");
        using (var named = App.Database.Open())
        {
            var app = await named.GetTable<RegistrationApplication>().Where(a => a.Id == jiangan).FirstAsync();
            var district = await named.OrgUnits.Where(u => u.Id == app.DistrictOrgId).Select(u => u.Name).FirstAsync();
            var department = await named.OrgUnits.Where(u => u.Id == app.PostalOrgUnitId).Select(u => u.Name).FirstAsync();
            var applicant = await named.Users.Where(u => u.Id == app.ApplicantUserId).Select(u => u.DisplayName).FirstAsync();
            Assert.That(row, Does.Contain($"<td>{district}</td>").And.Contain($"<td>{department}</td>").And.Contain($"<td>{applicant}</td>"),
                "the district, department and applicant named (DisplayNames)");
        }

        foreach (var other in new[] { wuchang, yichang })
        {
            Assert.That((await dept.GetAsync($"/registration/review/{Str(other)}")).StatusCode, Is.EqualTo(HttpStatusCode.NotFound), "detail by URL");
            Assert.That((await DecideAsync(dept, other, ReviewStage.Pre, true)).StatusCode, Is.EqualTo(HttpStatusCode.NotFound), "decision by URL");
            await AssertUnchangedAsync(other, ApplicationStatus.Submitted, 0, "another district's application is untouched");
        }

        var detail = await dept.GetHtmlAsync($"/registration/review/{Str(jiangan)}");
        Assert.That(detail, Does.Contain("id=\"decide-pre\"").And.Contain("通过").And.Contain("驳回").And.Contain("检查客户信息"));
        var form = Regex.Match(detail, "id=\"decide-pre\".*?</form>", RegexOptions.Singleline).Value;
        Assert.That(form, Does.Contain($"action=\"/registration/review/{Str(jiangan)}/pre\"").And.Contain("name=\"__RequestVerificationToken\"")
            .And.Contain("name=\"Opinion\"").And.Contain("审批意见"));
        AssertDecided(await DecideAsync(dept, jiangan, ReviewStage.Pre, true, "资料齐全,同意"), jiangan, "pre-review accepted");

        var a = await ApplicationAsync(jiangan);
        Assert.That(a.Status, Is.EqualTo(ApplicationStatus.PreApproved));
        var review = (await ReviewsAsync(jiangan)).Single();
        Assert.That((review.Stage, review.Approved, review.Opinion, review.Round), Is.EqualTo((ReviewStage.Pre, true, "资料齐全,同意", 1)));
        Assert.That(review.ReviewerUserId, Is.EqualTo(await UserIdAsync(DemoUsers.JiangAnDept)));
        Assert.That(review.ReviewerOrgUnitId, Is.EqualTo(await UnitIdAsync("江岸区大客户部")));
        using var db = App.Database.Open();
        var audit = await db.AuditEntries.Where(e => e.Entity == "registration_application" && e.EntityId == Str(jiangan)).ToListAsync();
        Assert.That(audit.Select(e => (e.Action, e.UserLogin)), Is.EqualTo(new[] { ("approve", (string?)DemoUsers.JiangAnDept) }));

        Assert.That(await dept.GetHtmlAsync("/registration/review/pre"), Does.Not.Contain(names[0]), "no longer awaiting pre-review");
        Assert.That((await DecideAsync(dept, jiangan, ReviewStage.Pre, true)).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        await AssertUnchangedAsync(jiangan, ApplicationStatus.PreApproved, 1, "a second pre-review is refused");
    }

    [Test]
    public async Task F_3_3_a_stage_list_shows_fifty_applications_a_page_oldest_first()
    {
        var created = new List<string>();
        var ids = new List<int>();
        for (var i = 0; i < 51; i++)
        {
            var name = Unique("分页预审客户");
            ids.Add(await NewApplicationAsync(name));
            created.Add(name);
        }
        try
        {
            await AssertPagedAsync(created);
        }
        finally
        {
            // The fixture's other tests expect their new application on the first page of 江岸区's 预审 list.
            using var db = App.Database.Open();
            await db.GetTable<ApplicationLine>().Where(l => ids.Contains(l.ApplicationId)).DeleteAsync();
            await db.GetTable<RegistrationApplication>().Where(a => ids.Contains(a.Id)).DeleteAsync();
        }
    }

    private async Task AssertPagedAsync(List<string> created)
    {
        using var dept = await App.LoginAsync(DemoUsers.JiangAnDept);
        var first = await dept.GetHtmlAsync("/registration/review/pre");
        var counts = Regex.Match(first, @"共 (\d+) 条,第 1 / (\d+) 页");
        Assert.That(counts.Success, Is.True, "the list says how many and which page");
        var total = int.Parse(counts.Groups[1].Value, CultureInfo.InvariantCulture);
        var pages = int.Parse(counts.Groups[2].Value, CultureInfo.InvariantCulture);
        Assert.That(total, Is.GreaterThanOrEqualTo(51));
        Assert.That(pages, Is.EqualTo((total + 49) / 50));
        Assert.That(Regex.Count(first, "data-application="), Is.EqualTo(50), "fifty on a full page");
        Assert.That(first, Does.Not.Contain(created[^1]).And.Contain("rel=\"next\""));

        var last = await dept.GetHtmlAsync($"/registration/review/pre?page={Str(pages)}");
        Assert.That(last, Does.Contain(created[^1]), "the newest application is on the last page");
        Assert.That(Regex.Count(last, "data-application="), Is.EqualTo(total - (pages - 1) * 50));
        Assert.That(await dept.GetHtmlAsync($"/registration/review/pre?page={Str(pages + 5)}"), Does.Contain($"第 {Str(pages)} / {Str(pages)} 页"),
            "a page beyond the last shows the last");
    }

    [Test]
    public async Task F_3_3_city_bureau_pre_reviews_city_level_applications_of_its_product_line_only()
    {
        var express = await NewApplicationAsync(Unique("市级速递客户"), applicantUnit: "武汉市大客户中心");
        var rejected = await NewApplicationAsync(Unique("市级速递驳回"), applicantUnit: "武汉市大客户中心");
        var letters = await NewApplicationAsync(Unique("市级函件客户"), productLine: "函件", applicantUnit: "武汉市大客户中心");
        var district = await NewApplicationAsync(Unique("区县速递客户"));
        var yichang = await NewApplicationAsync(Unique("宜昌市级速递"), "西陵区", DemoUsers.YichangCm1);

        using var ems = await App.LoginAsync(DemoUsers.WuhanEms);
        var list = await ems.GetHtmlAsync("/registration/review/pre");
        Assert.That(list, Does.Contain((await ApplicationAsync(express)).CustomerName));
        foreach (var other in new[] { letters, district, yichang })
        {
            Assert.That(list, Does.Not.Contain((await ApplicationAsync(other)).CustomerName));
            Assert.That((await DecideAsync(ems, other, ReviewStage.Pre, true)).StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
            await AssertUnchangedAsync(other, ApplicationStatus.Submitted, 0, "not the bureau's application");
        }
        Assert.That((await DecideAsync(ems, express, ReviewStage.Initial, true)).StatusCode, Is.EqualTo(HttpStatusCode.Forbidden), "no initial review");

        AssertDecided(await DecideAsync(ems, express, ReviewStage.Pre, true, "速递业务可行"), express, "bureau pre-review");
        Assert.That((await ApplicationAsync(express)).Status, Is.EqualTo(ApplicationStatus.PreApproved));
        AssertDecided(await DecideAsync(ems, rejected, ReviewStage.Pre, false, "资料不全"), rejected, "bureau rejection");
        var r = await ApplicationAsync(rejected);
        Assert.That((r.Status, r.RejectedStage), Is.EqualTo((ApplicationStatus.Rejected, (ReviewStage?)ReviewStage.Pre)));

        // The district's key-account dept also pre-reviews a city-level application of its district.
        var cityLevel = await NewApplicationAsync(Unique("市级区县部预审"), applicantUnit: "武汉市大客户中心");
        using var dept = await App.LoginAsync(DemoUsers.JiangAnDept);
        AssertDecided(await DecideAsync(dept, cityLevel, ReviewStage.Pre, true), cityLevel, "district dept");
    }

    [Test]
    public async Task F_3_3_a_stage_list_shows_each_applications_product_lines_once_in_their_order_even_one_added_outside_the_portal()
    {
        // The names come from the remembered product lines (issue 8), the row's sub-query gives their ids.
        var id = await NewApplicationAsync(Unique("多专业客户"));
        await AddLineAsync(id, "函件");
        await AddLineAsync(id, "包裹");
        await AddLineAsync(id, "函件");
        string[] lines = ["速递", "函件", "包裹"];
        List<string> expected;
        using (var db = App.Database.Open())
            expected = await db.ProductLines.Where(p => lines.Contains(p.Name)).OrderBy(p => p.Sort).ThenBy(p => p.Id).Select(p => p.Name).ToListAsync();
        App.ForgetCounts();

        using var centre = await App.LoginAsync(DemoUsers.WuhanCentre);
        Assert.That(await centre.GetHtmlAsync("/registration/review/initial"), Does.Contain("<td>" + string.Join("、", expected) + "</td>"));

        // A product line added straight in the database since (nothing written through the portal forgets the names).
        var added = Unique("新专业");
        using (var db = App.Database.Open())
        {
            var lineId = await db.InsertWithInt32IdentityAsync(new ProductLine { Name = added, Sort = 9999 });
            var anyType = await db.BusinessTypes.Select(t => t.Id).FirstAsync();
            await db.InsertAsync(new ApplicationLine { ApplicationId = id, ProductLineId = lineId, BusinessTypeId = anyType });
        }
        Assert.That(await centre.GetHtmlAsync("/registration/review/initial"), Does.Contain("<td>" + string.Join("、", expected) + "、" + added + "</td>"));
    }

    [Test]
    public async Task F_3_3_centre_initial_reviews_straight_from_submitted_or_after_pre_review()
    {
        var submitted = await NewApplicationAsync(Unique("直接初审客户"));
        var preApproved = await NewApplicationAsync(Unique("预审后初审"), status: ApplicationStatus.PreApproved);
        var rejected = await NewApplicationAsync(Unique("初审驳回客户"), "武昌区", DemoUsers.WuchangCm1);
        var yichang = await NewApplicationAsync(Unique("宜昌初审客户"), "西陵区", DemoUsers.YichangCm1);

        using var centre = await App.LoginAsync(DemoUsers.WuhanCentre);
        var list = await centre.GetHtmlAsync("/registration/review/initial");
        Assert.That(list, Does.Contain((await ApplicationAsync(submitted)).CustomerName).And.Contain((await ApplicationAsync(preApproved)).CustomerName));
        Assert.That(list, Does.Not.Contain((await ApplicationAsync(yichang)).CustomerName));
        Assert.That(await centre.GetHtmlAsync($"/registration/review/{Str(submitted)}"), Does.Contain("跳过区县预审"));
        Assert.That((await DecideAsync(centre, submitted, ReviewStage.Pre, true)).StatusCode, Is.EqualTo(HttpStatusCode.Forbidden), "no pre-review");

        AssertDecided(await DecideAsync(centre, submitted, ReviewStage.Initial, true), submitted, "straight from submitted");
        AssertDecided(await DecideAsync(centre, preApproved, ReviewStage.Initial, true), preApproved, "after pre-review");
        AssertDecided(await DecideAsync(centre, rejected, ReviewStage.Initial, false, "客户资质不符"), rejected, "rejection");
        Assert.That((await ApplicationAsync(submitted)).Status, Is.EqualTo(ApplicationStatus.InitialApproved));
        Assert.That((await ApplicationAsync(preApproved)).Status, Is.EqualTo(ApplicationStatus.InitialApproved));
        var r = await ApplicationAsync(rejected);
        Assert.That((r.Status, r.RejectedStage), Is.EqualTo((ApplicationStatus.Rejected, (ReviewStage?)ReviewStage.Initial)));

        Assert.That((await DecideAsync(centre, yichang, ReviewStage.Initial, true)).StatusCode, Is.EqualTo(HttpStatusCode.NotFound), "another city");
        await AssertUnchangedAsync(yichang, ApplicationStatus.Submitted, 0, "another city's application");
    }

    [Test]
    public async Task F_3_3_initial_review_belongs_to_the_city_centre_alone_final_review_also_to_the_province()
    {
        var submitted = await NewApplicationAsync(Unique("省中心不能初审"), "西陵区", DemoUsers.YichangCm1);
        var initialApproved = await NewApplicationAsync(Unique("省中心可以终审"), "西陵区", DemoUsers.YichangCm1, status: ApplicationStatus.InitialApproved);
        using var province = await App.LoginAsync(DemoUsers.Province);
        Assert.That((await province.GetAsync("/registration/review/initial")).StatusCode, Is.EqualTo(HttpStatusCode.Forbidden), "no 初审 list");
        Assert.That((await DecideAsync(province, submitted, ReviewStage.Initial, true)).StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        await AssertUnchangedAsync(submitted, ApplicationStatus.Submitted, 0, "the province may not initial-review");
        Assert.That(await province.GetHtmlAsync($"/registration/review/{Str(submitted)}"), Does.Not.Contain($"/registration/review/{Str(submitted)}/initial"), "no 初审 form");
        AssertDecided(await DecideAsync(province, initialApproved, ReviewStage.Final, true), initialApproved, "the provincial centre still takes 终审");

        // Even a role that is granted 初审 by hand gives the province nothing: the service asks for the city centre.
        using (var db = App.Database.Open())
            await db.InsertAsync(new PostalCrm.Sdk.Security.RoleGrant { RoleCode = PostalCrm.Sdk.Security.RoleCodes.ProvinceCentre, Permission = RegistrationPermissions.InitialReview });
        // Granted behind the admin pages' back: drop the cached permissions as an admin POST would.
        App.Services.GetRequiredService<PostalCrm.Host.Security.UserContextCache>().Clear();
        try
        {
            using var again = await App.LoginAsync(DemoUsers.Province);
            Assert.That(await HtmlOf(await DecideAsync(again, submitted, ReviewStage.Initial, true)), Does.Contain("您无权对该申请进行初审"));
            await AssertUnchangedAsync(submitted, ApplicationStatus.Submitted, 0, "still no 初审 for the province");
        }
        finally
        {
            using var db = App.Database.Open();
            await db.GetTable<PostalCrm.Sdk.Security.RoleGrant>().Where(g => g.RoleCode == PostalCrm.Sdk.Security.RoleCodes.ProvinceCentre
                && g.Permission == RegistrationPermissions.InitialReview).DeleteAsync();
            App.Services.GetRequiredService<PostalCrm.Host.Security.UserContextCache>().Clear();
        }
    }

    [Test]
    public async Task F_3_3_the_stage_list_shows_the_submission_time_set_by_apply_and_by_reapply()
    {
        var name = Unique("提交时间客户");
        var id = await NewApplicationAsync(name);
        var submitted = new DateTime(2026, 3, 2, 1, 0, 0, DateTimeKind.Utc);
        var updated = new DateTime(2026, 5, 6, 7, 0, 0, DateTimeKind.Utc);
        using (var db = App.Database.Open())
            await db.GetTable<RegistrationApplication>().Where(a => a.Id == id)
                .Set(a => a.CreatedAt, submitted).Set(a => a.SubmittedAt, submitted).Set(a => a.UpdatedAt, updated).UpdateAsync();
        using var centre = await App.LoginAsync(DemoUsers.WuhanCentre);
        var list = await centre.GetHtmlAsync("/registration/review/initial");
        var row = Regex.Match(list, $"<tr[^>]*data-application=\"{Str(id)}\".*?</tr>", RegexOptions.Singleline).Value;
        Assert.That(row, Does.Contain(PostalCrm.Sdk.Time.BeijingTime.Display(submitted)).And.Not.Contain(PostalCrm.Sdk.Time.BeijingTime.Display(updated)));

        // 重新申请 sets it anew.
        using (var db = App.Database.Open())
            await db.GetTable<RegistrationApplication>().Where(a => a.Id == id)
                .Set(a => a.Status, ApplicationStatus.Rejected).Set(a => a.RejectedStage, ReviewStage.Pre).UpdateAsync();
        using var cm = await App.LoginAsync(DemoUsers.JiangAnCm1);
        var res = await cm.PostFormAsync($"/registration/applications/{Str(id)}/reapply/confirm", new Dictionary<string, string>(), tokenFrom: $"/registration/applications/{Str(id)}/reapply?step=3");
        Assert.That(res.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), await HtmlOf(res));
        var after = await ApplicationAsync(id);
        Assert.That((after.Status, after.Round), Is.EqualTo((ApplicationStatus.Submitted, 2)));
        Assert.That(after.SubmittedAt, Is.GreaterThan(updated), "the re-application is the new submission");
    }

    [Test]
    public async Task F_3_3_final_development_success_creates_customer_key_account_relationships_and_contact()
    {
        var name = Unique("开发成功科技有限公司");
        var id = await NewApplicationAsync(name, status: ApplicationStatus.InitialApproved);
        await AddLineAsync(id, "函件");
        using (var db = App.Database.Open())
        {
            await db.GetTable<RegistrationApplication>().Where(a => a.Id == id)
                .Set(a => a.Address, "武汉市江岸区解放大道1号").Set(a => a.Phone, "027-12345678").Set(a => a.NewKeyAccountName, name + "武汉办事处")
                .Set(a => a.ContactTitle, "行政主管").UpdateAsync();
        }
        long nextBefore;
        using (var db = App.Database.Open()) nextBefore = await db.NumberRanges.Where(r => r.UnitCode == "420102").Select(r => r.NextSerial).FirstAsync();

        using var centre = await App.LoginAsync(DemoUsers.WuhanCentre);
        var detail = await centre.GetHtmlAsync($"/registration/review/{Str(id)}");
        Assert.That(detail, Does.Contain("开发成功").And.Contain("开发失败").And.Contain("无大客户号,终审通过时赋码"));
        AssertDecided(await DecideAsync(centre, id, ReviewStage.Final, true, "已与客户签订正式合作"), id, "final approval");

        var app = await ApplicationAsync(id);
        Assert.That(app.Status, Is.EqualTo(ApplicationStatus.Approved));
        Assert.That(app.KeyAccountNo, Does.Match("^420102[0-9]{8}$"));
        using (var db = App.Database.Open())
        {
            var customer = await db.BusinessCustomers.SingleAsync(c => c.Name == name);
            Assert.That(app.ResultCustomerId, Is.EqualTo(customer.Id));
            Assert.That(customer.Code, Does.StartWith("C420102"));
            Assert.That((customer.Developed, customer.DistrictOrgId, customer.Address, customer.Phone),
                Is.EqualTo((true, app.DistrictOrgId, "武汉市江岸区解放大道1号", "027-12345678")));
            var ka = await db.KeyAccounts.SingleAsync(k => k.CustomerId == customer.Id);
            Assert.That((ka.Id, ka.Number, ka.Name), Is.EqualTo((app.ResultKeyAccountId!.Value, app.KeyAccountNo, name + "武汉办事处")));
            var relationships = await db.BusinessRelationships.Where(r => r.CustomerId == customer.Id).ToListAsync();
            Assert.That(relationships, Has.Count.EqualTo(2), "one per application line");
            Assert.That(relationships.All(r =>
                r.Approved && r.KeyAccountId == ka.Id && r.ManagerUserId == app.ManagerUserId && r.OrgUnitId == app.PostalOrgUnitId), Is.True,
                "approved, naming key account, manager and postal department");
            var contact = await db.Contacts.SingleAsync(c => c.CustomerId == customer.Id);
            Assert.That((contact.Name, contact.Phone, contact.Title), Is.EqualTo(("王经理", "027-88888888", "行政主管")));
            var serial = long.Parse(app.KeyAccountNo![6..], System.Globalization.CultureInfo.InvariantCulture);
            Assert.That(serial, Is.GreaterThanOrEqualTo(nextBefore));
            Assert.That(await db.NumberRanges.Where(r => r.UnitCode == "420102").Select(r => r.NextSerial).FirstAsync(), Is.EqualTo(serial + 1));
            Assert.That(await db.AuditEntries.CountAsync(e => e.Entity == "key_account" && e.EntityId == Str(ka.Id) && e.Action == "create"), Is.EqualTo(1));
        }
        var after = await centre.GetHtmlAsync($"/registration/review/{Str(id)}");
        Assert.That(after, Does.Contain($"<strong id=\"key-account-no\">{app.KeyAccountNo}</strong>").And.Contain("开发成功"));
    }

    [Test]
    public async Task F_3_3_an_existing_key_account_keeps_its_number()
    {
        var name = Unique("已注册客户");
        int customerId, keyAccountId;
        string number;
        using (var db = App.Database.Open())
            (customerId, keyAccountId, number) = await RegistrationTestData.CustomerAsync(db, name, "江岸区", DemoUsers.JiangAnCm2);
        var id = await NewApplicationAsync(name, productLine: "函件", status: ApplicationStatus.InitialApproved);
        long nextBefore;
        using (var db = App.Database.Open())
        {
            await db.GetTable<RegistrationApplication>().Where(a => a.Id == id)
                .Set(a => a.ExistingCustomerId, customerId).Set(a => a.ExistingKeyAccountId, keyAccountId)
                .Set(a => a.NewKeyAccountName, (string?)null).UpdateAsync();
            nextBefore = await db.NumberRanges.Where(r => r.UnitCode == "420102").Select(r => r.NextSerial).FirstAsync();
        }

        using var centre = await App.LoginAsync(DemoUsers.WuhanCentre);
        Assert.That(await centre.GetHtmlAsync($"/registration/review/{Str(id)}"), Does.Contain("延用已存在的大客户号 " + number).And.Not.Contain("手工赋大客户号"));
        AssertDecided(await DecideAsync(centre, id, ReviewStage.Final, true), id, "final approval");

        var app = await ApplicationAsync(id);
        Assert.That((app.Status, app.KeyAccountNo, app.ResultKeyAccountId, app.ResultCustomerId),
            Is.EqualTo((ApplicationStatus.Approved, number, (int?)keyAccountId, (int?)customerId)));
        Assert.That(await CustomersNamedAsync(name), Is.EqualTo(1), "no second customer");
        using var check = App.Database.Open();
        Assert.That(await check.KeyAccounts.CountAsync(k => k.CustomerId == customerId), Is.EqualTo(1), "no new key account");
        Assert.That(await check.NumberRanges.Where(r => r.UnitCode == "420102").Select(r => r.NextSerial).FirstAsync(), Is.EqualTo(nextBefore), "no number used");
        var letters = await RegistrationTestData.ProductLineIdAsync(check, "函件");
        Assert.That(await check.BusinessRelationships.CountAsync(r => r.CustomerId == customerId && r.ProductLineId == letters && r.KeyAccountId == keyAccountId && r.Approved),
            Is.EqualTo(1), "the new product line's relationship");
    }

    [Test]
    public async Task F_3_3_development_failure_rejects_and_creates_nothing()
    {
        var name = Unique("开发失败客户");
        var id = await NewApplicationAsync(name, status: ApplicationStatus.InitialApproved);
        using var centre = await App.LoginAsync(DemoUsers.WuhanCentre);
        AssertDecided(await DecideAsync(centre, id, ReviewStage.Final, false, "客户未签约"), id, "development failed");

        var app = await ApplicationAsync(id);
        Assert.That((app.Status, app.RejectedStage, app.KeyAccountNo, app.ResultCustomerId),
            Is.EqualTo((ApplicationStatus.Rejected, (ReviewStage?)ReviewStage.Final, (string?)null, (int?)null)));
        Assert.That(await CustomersNamedAsync(name), Is.Zero);
        Assert.That(await KeyAccountsNamedAsync(name), Is.Zero);
        var review = (await ReviewsAsync(id)).Single();
        Assert.That((review.Stage, review.Approved, review.Opinion), Is.EqualTo((ReviewStage.Final, false, "客户未签约")));
        var detail = await centre.GetHtmlAsync($"/registration/review/{Str(id)}");
        Assert.That(detail, Does.Contain("开发失败").And.Contain("客户未签约").And.Not.Contain("id=\"decide-final\""));
    }

    [Test]
    public async Task F_3_3_an_opinion_is_required()
    {
        var id = await NewApplicationAsync(Unique("无意见客户"));
        using var dept = await App.LoginAsync(DemoUsers.JiangAnDept);
        foreach (var (opinion, message) in new[] { ("", "请输入审批意见"), ("   ", "请输入审批意见"), (new string('意', 501), "审批意见最多 500 个字符") })
        {
            var res = await DecideAsync(dept, id, ReviewStage.Pre, true, opinion);
            Assert.That(res.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(await HtmlOf(res), Does.Contain(message));
            await AssertUnchangedAsync(id, ApplicationStatus.Submitted, 0, "refused without a valid opinion");
        }
        AssertDecided(await DecideAsync(dept, id, ReviewStage.Pre, false, new string('意', 500)), id, "500 characters are fine");
    }

    [Test]
    public async Task F_3_3_wrong_stage_role_or_unit_is_refused_and_nothing_changes()
    {
        var submitted = await NewApplicationAsync(Unique("错误环节客户"));
        var initial = await NewApplicationAsync(Unique("待终审客户"), status: ApplicationStatus.InitialApproved);

        using var dept = await App.LoginAsync(DemoUsers.JiangAnDept);
        var wrongStatus = await DecideAsync(dept, initial, ReviewStage.Pre, true);
        Assert.That(await HtmlOf(wrongStatus), Does.Contain("该申请当前状态为“初审通过”,不能进行预审"));
        Assert.That((await DecideAsync(dept, initial, ReviewStage.Final, true)).StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        Assert.That((await DecideAsync(dept, submitted, ReviewStage.Initial, true)).StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        Assert.That((await dept.GetAsync("/registration/review/final")).StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        Assert.That(await dept.GetHtmlAsync($"/registration/review/{Str(initial)}"), Does.Not.Contain("<form method=\"post\" action=\"/registration/review/"));

        using var centre = await App.LoginAsync(DemoUsers.WuhanCentre);
        Assert.That(await HtmlOf(await DecideAsync(centre, submitted, ReviewStage.Final, true)), Does.Contain("不能进行终审"));
        Assert.That((await DecideAsync(centre, submitted, ReviewStage.Pre, true)).StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));

        using var cm = await App.LoginAsync(DemoUsers.JiangAnCm1);
        Assert.That((await cm.GetAsync("/registration/review")).StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        Assert.That((await cm.GetAsync($"/registration/review/{Str(submitted)}")).StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        Assert.That((await DecideAsync(cm, submitted, ReviewStage.Pre, true)).StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));

        using var yichang = await App.LoginAsync(DemoUsers.YichangCm1);
        Assert.That((await DecideAsync(yichang, initial, ReviewStage.Final, true)).StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));

        await AssertUnchangedAsync(submitted, ApplicationStatus.Submitted, 0, "submitted application untouched");
        await AssertUnchangedAsync(initial, ApplicationStatus.InitialApproved, 0, "initially approved application untouched");
        Assert.That(await CustomersNamedAsync((await ApplicationAsync(initial)).CustomerName), Is.Zero);

        AssertDecided(await DecideAsync(centre, initial, ReviewStage.Final, true), initial, "the right reviewer");
        Assert.That(await HtmlOf(await DecideAsync(centre, initial, ReviewStage.Final, true)), Does.Contain("该申请当前状态为“开发成功”,不能进行终审"));
        Assert.That(await ReviewsAsync(initial), Has.Count.EqualTo(1), "approved once");
    }

    [Test]
    public async Task F_3_3_two_reviewers_at_once_only_one_succeeds()
    {
        var name = Unique("并发同一申请");
        var id = await NewApplicationAsync(name, status: ApplicationStatus.InitialApproved);
        using var centre = await App.LoginAsync(DemoUsers.WuhanCentre);
        using var province = await App.LoginAsync(DemoUsers.Province);
        await centre.GetAsync("/");
        await province.GetAsync("/");
        var sessions = Enumerable.Range(0, 8).Select(i => i % 2 == 0 ? centre : province).ToList();
        var results = await Task.WhenAll(sessions.Select(s => s.PostFormAsync($"/registration/review/{Str(id)}/final",
            [new("Approve", "true"), new("Opinion", "同意")])));

        Assert.That(results.Count(r => r.StatusCode == HttpStatusCode.Redirect), Is.EqualTo(1), "exactly one approval");
        Assert.That(results.Where(r => r.StatusCode != HttpStatusCode.Redirect).Select(r => r.StatusCode), Has.All.EqualTo(HttpStatusCode.OK), "the others see a message");
        Assert.That(await ReviewsAsync(id), Has.Count.EqualTo(1));
        Assert.That(await CustomersNamedAsync(name), Is.EqualTo(1));
        Assert.That(await KeyAccountsNamedAsync(name), Is.EqualTo(1));
    }

    [Test]
    public async Task F_3_3_history_keeps_who_when_decision_and_opinion_of_every_stage()
    {
        var id = await NewApplicationAsync(Unique("全流程客户"));
        using var dept = await App.LoginAsync(DemoUsers.JiangAnDept);
        using var centre = await App.LoginAsync(DemoUsers.WuhanCentre);
        AssertDecided(await DecideAsync(dept, id, ReviewStage.Pre, true, "预审意见甲"), id, "pre");
        AssertDecided(await DecideAsync(centre, id, ReviewStage.Initial, true, "初审意见乙"), id, "initial");
        AssertDecided(await DecideAsync(centre, id, ReviewStage.Final, true, "终审意见丙"), id, "final");

        var reviews = await ReviewsAsync(id);
        Assert.That(reviews.Select(r => (r.Stage, r.Approved, r.Opinion)), Is.EqualTo(new[]
        {
            (ReviewStage.Pre, true, "预审意见甲"), (ReviewStage.Initial, true, "初审意见乙"), (ReviewStage.Final, true, "终审意见丙"),
        }));
        Assert.That(reviews.Select(r => r.ReviewerUserId), Is.EqualTo(new[]
        {
            await UserIdAsync(DemoUsers.JiangAnDept), await UserIdAsync(DemoUsers.WuhanCentre), await UserIdAsync(DemoUsers.WuhanCentre),
        }));
        Assert.That(reviews.All(r => r.ReviewedAt > DateTime.UtcNow.AddMinutes(-5) && r.Round == 1), Is.True, "when and round");

        var html = await centre.GetHtmlAsync($"/registration/review/{Str(id)}");
        var history = Regex.Match(html, "<table[^>]*id=\"history\".*?</table>", RegexOptions.Singleline).Value;
        Assert.That(history, Does.Contain("预审意见甲").And.Contain("江岸大客户部刘洋").And.Contain("江岸区大客户部"));
        Assert.That(history, Does.Contain("初审意见乙").And.Contain("终审意见丙").And.Contain("武汉中心王芳").And.Contain("开发成功"));
        Assert.That(history.IndexOf("预审意见甲", StringComparison.Ordinal), Is.LessThan(history.IndexOf("终审意见丙", StringComparison.Ordinal)));
    }

    [Test]
    public async Task F_3_3_summary_counts_per_department_in_the_users_scope()
    {
        var jaBranch = Unique("江岸测试支局");
        var wcBranch = Unique("武昌测试支局");
        var jaUnit = await NewUnitAsync(jaBranch, "江岸区");
        var wcUnit = await NewUnitAsync(wcBranch, "武昌区");
        var statuses = new[]
        {
            ApplicationStatus.Submitted, ApplicationStatus.Submitted, ApplicationStatus.PreApproved, ApplicationStatus.InitialApproved,
            ApplicationStatus.InitialApproved, ApplicationStatus.InitialApproved, ApplicationStatus.Approved, ApplicationStatus.Rejected,
        };
        var ids = new List<int>();
        foreach (var s in statuses) ids.Add(await NewApplicationAsync(Unique("计数客户"), status: s));
        var wcId = await NewApplicationAsync(Unique("武昌计数客户"), "武昌区", DemoUsers.WuchangCm1, status: ApplicationStatus.PreApproved);
        using (var db = App.Database.Open())
        {
            await db.GetTable<RegistrationApplication>().Where(a => ids.Contains(a.Id)).Set(a => a.PostalOrgUnitId, jaUnit).UpdateAsync();
            await db.GetTable<RegistrationApplication>().Where(a => a.Id == wcId).Set(a => a.PostalOrgUnitId, wcUnit).UpdateAsync();
        }

        using var dept = await App.LoginAsync(DemoUsers.JiangAnDept);
        var deptPage = await dept.GetHtmlAsync("/registration/review");
        Assert.That(Counts(deptPage, jaUnit), Is.EqualTo((2, 1, 3)));
        Assert.That(deptPage, Does.Contain(jaBranch).And.Not.Contain(wcBranch));
        Assert.That(deptPage, Does.Contain($"/registration/review/pre?departmentId={Str(jaUnit)}").And.Not.Contain("/registration/review/initial"));

        using var centre = await App.LoginAsync(DemoUsers.WuhanCentre);
        var centrePage = await centre.GetHtmlAsync("/registration/review");
        Assert.That(Counts(centrePage, jaUnit), Is.EqualTo((2, 1, 3)));
        Assert.That(Counts(centrePage, wcUnit), Is.EqualTo((0, 1, 0)));
        Assert.That(centrePage, Does.Contain($"/registration/review/initial?departmentId={Str(jaUnit)}")
            .And.Contain($"/registration/review/final?departmentId={Str(jaUnit)}").And.Not.Contain("/registration/review/pre"));
        var finalList = await centre.GetHtmlAsync($"/registration/review/final?departmentId={Str(jaUnit)}");
        Assert.That(Regex.Count(finalList, "data-application="), Is.EqualTo(3));
        Assert.That(finalList, Does.Contain($" · {jaBranch}</h1>"), "the chosen department's name heads its list");

        using var ems = await App.LoginAsync(DemoUsers.WuhanEms);
        Assert.That(await ems.GetHtmlAsync("/registration/review"), Does.Not.Contain(jaBranch), "district applications are not the bureau's");
        using var yichang = await App.LoginAsync(DemoUsers.Province);
        Assert.That(Counts(await yichang.GetHtmlAsync("/registration/review"), wcUnit), Is.EqualTo((0, 1, 0)));
    }

    private static (int Submitted, int Pre, int Initial) Counts(string html, int department)
    {
        var row = Regex.Match(html, $"<tr data-department=\"{department}\">(.*?)</tr>", RegexOptions.Singleline);
        Assert.That(row.Success, Is.True, "a row for the department");
        int Cell(string name) => int.Parse(Regex.Match(row.Groups[1].Value, $"data-count=\"{name}\">(\\d+)<").Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        return (Cell("submitted"), Cell("pre"), Cell("initial"));
    }

    [Test]
    public async Task F_3_3_of_two_applications_for_one_new_name_only_the_first_develops()
    {
        var tag = Unique("");
        var first = await NewApplicationAsync($"双重申请（{tag}）商贸有限公司", status: ApplicationStatus.InitialApproved);
        // Made before the 申报 check existed, or by two 申报 at the same moment: both reached 终审.
        var second = await NewApplicationAsync($"双重申请 ({tag}) 商贸有限公司", district: "武昌区", applicant: DemoUsers.WuchangCm1,
            status: ApplicationStatus.InitialApproved);
        using var centre = await App.LoginAsync(DemoUsers.WuhanCentre);
        AssertDecided(await DecideAsync(centre, first, ReviewStage.Final, true, "开发成功"), first, "the first develops");

        var res = await DecideAsync(centre, second, ReviewStage.Final, true, "开发成功");
        Assert.That(res.StatusCode, Is.EqualTo(HttpStatusCode.OK), "refused on the page");
        Assert.That(await HtmlOf(res), Does.Contain("系统中已有同名商务客户").And.Contain("不能再以新客户开发成功"));
        await AssertUnchangedAsync(second, ApplicationStatus.InitialApproved, 0, "the second stays where it was");
        using var db = App.Database.Open();
        Assert.That(await db.BusinessCustomers.CountAsync(c => c.Name.Contains(tag)), Is.EqualTo(1), "one customer");
        Assert.That(await db.KeyAccounts.CountAsync(k => k.Name.Contains(tag)), Is.EqualTo(1), "one key account");
    }

    [Test]
    public async Task F_3_3_the_duplicate_check_lists_pending_applications_with_similar_names()
    {
        var tag = Unique("");
        var pending = await NewApplicationAsync($"相似申请{tag}（汉口）物流有限公司", district: "武昌区", applicant: DemoUsers.WuchangCm1);
        var done = await NewApplicationAsync($"相似申请{tag}已结束物流有限公司", status: ApplicationStatus.Rejected);
        using var dept = await App.LoginAsync(DemoUsers.JiangAnDept);

        var page = await dept.GetHtmlAsync("/registration/review/customers?keyword=" + Uri.EscapeDataString($"相似申请{tag}(汉口)"));
        Assert.That(page, Does.Contain("名称相似的新客户注册申请正在审批中").And.Contain($"<td>{Str(pending)}</td>").And.Contain("武昌区").And.Contain("待预审"));
        Assert.That(page, Does.Not.Contain($"<td>{Str(done)}</td>"), "a rejected application is not pending");
        var none = await dept.GetHtmlAsync("/registration/review/customers?keyword=" + Uri.EscapeDataString(Unique("没有这样的申请")));
        Assert.That(none, Does.Contain("没有名称相似的新客户注册申请在审批中"));
    }

    [Test]
    public async Task F_3_3_reviewer_checks_for_duplicate_customers()
    {
        var name = Unique("重复检查物流有限公司");
        using (var db = App.Database.Open()) await RegistrationTestData.CustomerAsync(db, name, "武昌区", DemoUsers.WuchangCm1);
        var id = await NewApplicationAsync(name);

        using var dept = await App.LoginAsync(DemoUsers.JiangAnDept);
        var detail = await dept.GetHtmlAsync($"/registration/review/{Str(id)}");
        Assert.That(detail, Does.Contain("检查客户信息").And.Contain("查询目标客户").And.Contain($"name=\"keyword\" value=\"{name}\""));

        using var request = new HttpRequestMessage(HttpMethod.Get, "/registration/review/customers?keyword=" + Uri.EscapeDataString(name[..8]));
        request.Headers.Add("HX-Request", "true");
        var partial = await (await dept.Client.SendAsync(request)).Content.ReadAsStringAsync();
        Assert.That(partial, Does.Contain(name).And.Contain("武昌区").And.Not.Contain("<html"), "identity found across districts, as a partial");
        var page = await dept.GetHtmlAsync("/registration/review/customers?keyword=" + Uri.EscapeDataString(name));
        Assert.That(page, Does.Contain("<html").And.Contain(name));
        Assert.That(await dept.GetHtmlAsync("/registration/review/customers?keyword=" + Uri.EscapeDataString(Unique("不存在的客户"))), Does.Contain("未找到"));
    }
}
