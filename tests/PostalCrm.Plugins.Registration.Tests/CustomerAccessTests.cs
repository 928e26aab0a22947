using System.Net;
using System.Text.RegularExpressions;
using PostalCrm.Plugins.Registration.Data;
using PostalCrm.Sdk.Customers;
using PostalCrm.Sdk.Data;
using PostalCrm.Testing;

namespace PostalCrm.Plugins.Registration.Tests;

/// <summary>
/// F-3.8 客户资料调取申请 / 审批 and F-3.9 共享客户信息查看: a customer outside one's scope is found by identity, its details
/// open only after the key-account centre of its city (or the province) approves, and only the approved part.
/// </summary>
[TestFixtureSource(typeof(TestDatabase), nameof(TestDatabase.Providers))]
public class CustomerAccessTests(DatabaseProvider provider) : CustomerInfoFixture(provider)
{
    private const string NewUrl = "/registration/access/new";
    private const string MineUrl = "/registration/access";
    private const string ReviewUrl = "/registration/access/review";

    private static Task<HttpResponseMessage> RequestAsync(WebSession s, int customerId, string content, string reason) =>
        s.PostFormAsync(NewUrl, new { CustomerId = S(customerId), Content = content, Reason = reason }, tokenFrom: NewUrl);

    private static Task<HttpResponseMessage> DecideAsync(WebSession s, int requestId, string decision, bool basic, bool business, string opinion) =>
        s.PostFormAsync($"{ReviewUrl}/{requestId}",
        [
            new("Decision", decision), new("Opinion", opinion),
            .. basic ? [new KeyValuePair<string, string>("GrantBasic", "true")] : Array.Empty<KeyValuePair<string, string>>(),
            .. business ? [new KeyValuePair<string, string>("GrantBusiness", "true")] : Array.Empty<KeyValuePair<string, string>>(),
        ], tokenFrom: ReviewUrl);

    private Task<AccessRequest?> LastRequestAsync(int customerId) =>
        WithDbAsync(db => db.GetTable<AccessRequest>().Where(r => r.CustomerId == customerId).OrderByDescending(r => r.Id).FirstOrDefaultAsync());

    [Test]
    public async Task F_3_8_full_request_granted_only_basic_opens_exactly_the_basic_info()
    {
        var name = Unique("江岸调取公司");
        var c = await CustomerAsync(name, "江岸区", DemoUsers.JiangAnCm1);
        await WithDbAsync(db => db.BusinessCustomers.Where(x => x.Id == c.Id).Set(x => x.Address, "江岸区沿江大道88号").UpdateAsync());
        using var wc = await App.LoginAsync(DemoUsers.WuchangCm1);

        // Before approval: the identity is found in the pick-list, the details are not reachable.
        var choices = await wc.GetHtmlAsync("/registration/access/customers?keyword=" + Uri.EscapeDataString(name));
        Assert.That(choices, Does.Contain(name).And.Contain($"value=\"{c.Id}\"").And.Not.Contain("本人权限内客户"));
        Assert.That(choices, Does.Not.Contain("沿江大道"), "identity only");
        await AssertStatusAsync(wc, $"/registration/customers/{c.Id}", HttpStatusCode.NotFound);

        var form = await wc.GetHtmlAsync(NewUrl);
        Assert.That(form, Does.Contain("申请客户").And.Contain("申请内容").And.Contain("申请原因").And.Contain("武昌客户经理赵敏"));
        AssertRedirectedTo(await RequestAsync(wc, c.Id, "All", "拟开展跨区速递合作,需了解客户情况"), MineUrl, "requested");
        var request = (await LastRequestAsync(c.Id))!;
        Assert.That((request.Status, request.Requested, request.Granted), Is.EqualTo((AccessRequestStatus.Pending, CustomerDetail.All, CustomerDetail.None)));

        var pending = await wc.GetHtmlAsync(MineUrl);
        Assert.That(pending, Does.Contain(name).And.Contain("待审批").And.Contain("拟开展跨区速递合作"));
        Assert.That(pending, Does.Not.Contain($"/registration/access/{request.Id}/basic"));
        await AssertStatusAsync(wc, $"/registration/access/{request.Id}/basic", HttpStatusCode.NotFound);
        await AssertStatusAsync(wc, $"/registration/access/{request.Id}/business", HttpStatusCode.NotFound);
        Assert.That(await VisibleAsync(DemoUsers.WuchangCm1, c.Id), Is.EqualTo(CustomerDetail.None));

        // 武汉市大客户中心 grants only 基本信息.
        using var centre = await App.LoginAsync(DemoUsers.WuhanCentre);
        var review = await centre.GetHtmlAsync(ReviewUrl);
        Assert.That(review, Does.Contain(name).And.Contain("武昌客户经理赵敏").And.Contain("全部信息"));
        Assert.That(await centre.GetHtmlAsync($"{ReviewUrl}/{request.Id}"), Does.Contain("批准").And.Contain("驳回"));
        AssertRedirectedTo(await DecideAsync(centre, request.Id, "approve", basic: true, business: false, "仅开放基本信息"), ReviewUrl, "approved in part");
        request = (await LastRequestAsync(c.Id))!;
        Assert.That((request.Status, request.Granted, request.Opinion), Is.EqualTo((AccessRequestStatus.Approved, CustomerDetail.Basic, "仅开放基本信息")));
        Assert.That(request.ApproverUserId, Is.EqualTo(await UserIdAsync(DemoUsers.WuhanCentre)));
        var audit = await AuditOfAsync("registration_access_request", request.Id);
        Assert.That(audit.Select(a => a.Action), Is.EqualTo(new[] { "create", "approve" }));

        // The SDK's CustomerDirectory honours the grant everywhere, and only its part.
        Assert.That(await VisibleAsync(DemoUsers.WuchangCm1, c.Id), Is.EqualTo(CustomerDetail.Basic));
        Assert.That(await VisibleAsync(DemoUsers.YichangCm1, c.Id), Is.EqualTo(CustomerDetail.None));

        var mine = await wc.GetHtmlAsync(MineUrl);
        Assert.That(mine, Does.Contain("已批准"));
        Assert.That(mine, Does.Match($"id=\"request-{request.Id}\"[\\s\\S]*?class=\"granted\">\\s*基本信息\\s*</td>"), "申请内容 shows what was approved");
        Assert.That(mine, Does.Contain($"href=\"/registration/access/{request.Id}/basic\"").And.Not.Contain($"href=\"/registration/access/{request.Id}/business\""));
        var basic = await wc.GetHtmlAsync($"/registration/access/{request.Id}/basic");
        Assert.That(basic, Does.Contain(name).And.Contain("江岸区沿江大道88号"));
        Assert.That(basic, Does.Not.Contain(c.Number), "no business information on the basic page");
        await AssertStatusAsync(wc, $"/registration/access/{request.Id}/business", HttpStatusCode.NotFound);
        await AssertStatusAsync(wc, $"/registration/customers/{c.Id}", HttpStatusCode.NotFound);

        // Nobody else reaches the request's pages.
        using var other = await App.LoginAsync(DemoUsers.YichangCm1);
        await AssertStatusAsync(other, $"/registration/access/{request.Id}/basic", HttpStatusCode.NotFound);

        // Deciding twice is refused.
        var twice = await DecideAsync(centre, request.Id, "approve", basic: true, business: true, "再批");
        Assert.That(await HtmlOf(twice), Does.Contain("该申请已审批"));
        Assert.That((await LastRequestAsync(c.Id))!.Granted, Is.EqualTo(CustomerDetail.Basic));
    }

    /// <summary>
    /// The request carries its customer's city (1.4.0, issue 8), the column 审批's scope is applied to: the city of the
    /// customer — not the requester's — and the count and the list of that city's centre include it.
    /// </summary>
    [Test]
    public async Task F_3_8_a_request_records_its_customers_city_and_is_counted_for_that_citys_centre()
    {
        var name = Unique("记录城市调取公司");
        var c = await CustomerAsync(name, "武昌区", DemoUsers.WuchangCm1);
        var before = (await ReviewListOfAsync(DemoUsers.WuhanCentre)).PendingTotal;
        using var yc = await App.LoginAsync(DemoUsers.YichangCm1);
        AssertRedirectedTo(await RequestAsync(yc, c.Id, "Basic", "宜昌分支机构合作"), MineUrl, "requested");
        var request = (await LastRequestAsync(c.Id))!;
        Assert.That(request.CustomerCityOrgId, Is.EqualTo(await UnitIdAsync("武汉市")));

        var wuhan = await ReviewListOfAsync(DemoUsers.WuhanCentre);
        Assert.That(wuhan.PendingTotal, Is.EqualTo(before + 1));
        Assert.That(wuhan.Pending, Does.Contain(request.Id));
        Assert.That((await ReviewListOfAsync(await CentreUserAsync("宜昌市大客户中心"))).Pending, Does.Not.Contain(request.Id));
    }

    [Test]
    public async Task F_3_8_only_the_centre_of_the_customers_city_or_the_province_decides()
    {
        var name = Unique("跨市调取公司");
        var c = await CustomerAsync(name, "江岸区", DemoUsers.JiangAnCm1);
        using var yc = await App.LoginAsync(DemoUsers.YichangCm1);
        AssertRedirectedTo(await RequestAsync(yc, c.Id, "All", "宜昌分支机构合作"), MineUrl, "requested");
        var request = (await LastRequestAsync(c.Id))!;

        using var ycCentre = await App.LoginAsync(await CentreUserAsync("宜昌市大客户中心"));
        Assert.That(await ycCentre.GetHtmlAsync(ReviewUrl), Does.Not.Contain(name), "宜昌市大客户中心 does not see it");
        await AssertStatusAsync(ycCentre, $"{ReviewUrl}/{request.Id}", HttpStatusCode.NotFound);
        var refused = await DecideAsync(ycCentre, request.Id, "approve", basic: true, business: true, "同意");
        Assert.That(refused.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That((await LastRequestAsync(c.Id))!.Status, Is.EqualTo(AccessRequestStatus.Pending));

        using var cm = await App.LoginAsync(DemoUsers.WuchangCm1);
        await AssertStatusAsync(cm, ReviewUrl, HttpStatusCode.Forbidden);
        using var dept = await App.LoginAsync(DemoUsers.JiangAnDept);
        await AssertStatusAsync(dept, $"{ReviewUrl}/{request.Id}", HttpStatusCode.Forbidden);

        using var province = await App.LoginAsync(DemoUsers.Province);
        Assert.That(await province.GetHtmlAsync(ReviewUrl), Does.Contain(name), "the provincial centre sees every city");

        using var wh = await App.LoginAsync(DemoUsers.WuhanCentre);
        AssertRedirectedTo(await DecideAsync(wh, request.Id, "approve", basic: true, business: true, "同意"), ReviewUrl, "approved all");
        Assert.That((await LastRequestAsync(c.Id))!.Granted, Is.EqualTo(CustomerDetail.All));
        Assert.That(await yc.GetHtmlAsync($"/registration/access/{request.Id}/basic"), Does.Contain(name));
        var business = await yc.GetHtmlAsync($"/registration/access/{request.Id}/business");
        Assert.That(business, Does.Contain(c.Number).And.Contain("速递").And.Contain("江岸客户经理陈静"), "key accounts, product lines, managers");
    }

    [Test]
    public async Task F_3_8_rejecting_needs_an_opinion_and_gives_no_access()
    {
        var name = Unique("驳回公司");
        var c = await CustomerAsync(name, "江岸区", DemoUsers.JiangAnCm1);
        using var wc = await App.LoginAsync(DemoUsers.WuchangCm1);
        AssertRedirectedTo(await RequestAsync(wc, c.Id, "Basic", "了解客户"), MineUrl, "requested");
        var request = (await LastRequestAsync(c.Id))!;

        using var wh = await App.LoginAsync(DemoUsers.WuhanCentre);
        var noOpinion = await DecideAsync(wh, request.Id, "reject", basic: false, business: false, "");
        Assert.That(await HtmlOf(noOpinion), Does.Contain("驳回时请填写审批意见"));
        var tooMuch = await DecideAsync(wh, request.Id, "approve", basic: false, business: true, "");
        Assert.That(await HtmlOf(tooMuch), Does.Contain("批准内容不能超出申请内容"));
        Assert.That((await LastRequestAsync(c.Id))!.Status, Is.EqualTo(AccessRequestStatus.Pending));

        AssertRedirectedTo(await DecideAsync(wh, request.Id, "reject", basic: true, business: false, "理由不充分"), ReviewUrl, "rejected");
        request = (await LastRequestAsync(c.Id))!;
        Assert.That((request.Status, request.Granted), Is.EqualTo((AccessRequestStatus.Rejected, CustomerDetail.None)));
        Assert.That(await VisibleAsync(DemoUsers.WuchangCm1, c.Id), Is.EqualTo(CustomerDetail.None));

        var mine = await wc.GetHtmlAsync(MineUrl);
        Assert.That(mine, Does.Contain("已驳回").And.Contain("理由不充分").And.Not.Contain($"/registration/access/{request.Id}/basic"));
        await AssertStatusAsync(wc, $"/registration/access/{request.Id}/basic", HttpStatusCode.NotFound);
        await AssertStatusAsync(wc, $"/registration/customers/{c.Id}", HttpStatusCode.NotFound);

        // A new request after the rejection is allowed again.
        AssertRedirectedTo(await RequestAsync(wc, c.Id, "Basic", "补充理由:已与客户接洽"), MineUrl, "asked again");
    }

    [Test]
    public async Task F_3_8_a_request_for_an_own_customer_or_without_reason_is_refused()
    {
        var name = Unique("本人客户");
        var c = await CustomerAsync(name, "江岸区", DemoUsers.JiangAnCm1);
        using var cm = await App.LoginAsync(DemoUsers.JiangAnCm1);
        Assert.That(await cm.GetHtmlAsync("/registration/access/customers?keyword=" + Uri.EscapeDataString(name)), Does.Contain("本人权限内客户,无需申请"));

        var own = await RequestAsync(cm, c.Id, "All", "想看");
        Assert.That(own.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(await HtmlOf(own), Does.Contain("该客户属于您的权限范围"));
        using var dept = await App.LoginAsync(DemoUsers.JiangAnDept);
        Assert.That(await HtmlOf(await RequestAsync(dept, c.Id, "Basic", "想看")), Does.Contain("该客户属于您的权限范围"), "an org role's own area too");

        using var wc = await App.LoginAsync(DemoUsers.WuchangCm1);
        var noReason = await RequestAsync(wc, c.Id, "All", "  ");
        Assert.That(await HtmlOf(noReason), Does.Contain("请输入申请原因"));
        var noCustomer = await RequestAsync(wc, 0, "All", "原因");
        Assert.That(await HtmlOf(noCustomer), Does.Contain("请选择申请客户"));
        Assert.That(await LastRequestAsync(c.Id), Is.Null, "nothing stored");

        AssertRedirectedTo(await RequestAsync(wc, c.Id, "All", "原因"), MineUrl, "the first request");
        Assert.That(await HtmlOf(await RequestAsync(wc, c.Id, "Basic", "再次")), Does.Contain("您已有该客户待审批的调取申请"));
        Assert.That(await WithDbAsync(db => db.GetTable<AccessRequest>().CountAsync(r => r.CustomerId == c.Id)), Is.EqualTo(1));
    }

    /// <summary>
    /// The reviewer's scope (issue 8 rewrote it as a join on the customer's city or district column): a city centre sees the
    /// requests about customers of every district of its city — whoever asked — and nothing of another city; the province
    /// every request. Checked row for row, in list order, against the rule written out here on the org tree's paths.
    /// </summary>
    [Test]
    public async Task F_3_8_a_reviewer_sees_exactly_the_requests_about_customers_of_its_area()
    {
        var jiangAn = await CustomerAsync(Unique("江岸审批范围"), "江岸区", DemoUsers.JiangAnCm1);
        var wuchang = await CustomerAsync(Unique("武昌审批范围"), "武昌区", DemoUsers.WuchangCm1);
        var xiling = await CustomerAsync(Unique("西陵审批范围"), "西陵区", DemoUsers.YichangCm1);
        // Later than anything else in the database, so these rows head both lists.
        var t0 = new DateTime(2099, 1, 1, 8, 0, 0, DateTimeKind.Utc);
        var ids = await WithDbAsync(async db =>
        {
            var yc = await RegistrationTestData.UserIdAsync(db, DemoUsers.YichangCm1);
            var wc = await RegistrationTestData.UserIdAsync(db, DemoUsers.WuchangCm1);
            var whCentre = await RegistrationTestData.UserIdAsync(db, DemoUsers.WuhanCentre);
            async Task<int> Add(int requester, int customer, AccessRequestStatus status, int hours)
            {
                var unit = await db.Users.Where(u => u.Id == requester).Select(u => u.OrgUnitId).FirstAsync();
                var city = await db.BusinessCustomers.Where(c => c.Id == customer).Select(c => c.CityOrgId).FirstAsync();
                return await db.InsertWithInt32IdentityAsync(new AccessRequest
                {
                    RequesterUserId = requester, RequesterOrgUnitId = unit, CustomerId = customer, CustomerCityOrgId = city, Requested = CustomerDetail.All,
                    Granted = status == AccessRequestStatus.Approved ? CustomerDetail.Basic : CustomerDetail.None, Reason = "范围测试",
                    Status = status, RequestedAt = t0.AddHours(hours),
                    ApproverUserId = status == AccessRequestStatus.Pending ? null : whCentre, Opinion = status == AccessRequestStatus.Pending ? null : "意见",
                    DecidedAt = status == AccessRequestStatus.Pending ? null : t0.AddHours(hours + 1),
                });
            }
            return new
            {
                P1 = await Add(yc, jiangAn.Id, AccessRequestStatus.Pending, 1),
                P2 = await Add(yc, wuchang.Id, AccessRequestStatus.Pending, 2),
                P3 = await Add(wc, xiling.Id, AccessRequestStatus.Pending, 3),  // asked from 武汉, about a 宜昌 customer
                P4 = await Add(yc, wuchang.Id, AccessRequestStatus.Pending, 2), // same time as P2: the later id first
                D1 = await Add(yc, jiangAn.Id, AccessRequestStatus.Approved, 1),
                D2 = await Add(wc, xiling.Id, AccessRequestStatus.Rejected, 2),
                D3 = await Add(yc, wuchang.Id, AccessRequestStatus.Rejected, 4),
            };
        });

        var wuhan = await ReviewListOfAsync(DemoUsers.WuhanCentre);
        Assert.That(wuhan.Pending.Take(3), Is.EqualTo(new[] { ids.P4, ids.P2, ids.P1 }), "both districts of 武汉市, newest first");
        Assert.That(wuhan.Pending, Does.Not.Contain(ids.P3), "not a 宜昌 customer, though asked from 武汉");
        Assert.That(wuhan.Decided.Take(2), Is.EqualTo(new[] { ids.D3, ids.D1 }));
        Assert.That(wuhan.Decided, Does.Not.Contain(ids.D2));
        Assert.That(wuhan, Is.EqualTo(await ExpectedAsync("武汉市")));

        var yichang = await ReviewListOfAsync(await CentreUserAsync("宜昌市大客户中心"));
        Assert.That(yichang.Pending.Take(1), Is.EqualTo(new[] { ids.P3 }));
        Assert.That(yichang.Pending, Does.Not.Contain(ids.P1).And.Not.Contain(ids.P2).And.Not.Contain(ids.P4));
        Assert.That(yichang.Decided.Take(1), Is.EqualTo(new[] { ids.D2 }));
        Assert.That(yichang, Is.EqualTo(await ExpectedAsync("宜昌市")));

        var province = await ReviewListOfAsync(DemoUsers.Province);
        Assert.That(province.Pending.Take(4), Is.EqualTo(new[] { ids.P3, ids.P4, ids.P2, ids.P1 }));
        Assert.That(province.Decided.Take(3), Is.EqualTo(new[] { ids.D3, ids.D2, ids.D1 }));
        Assert.That(province, Is.EqualTo(await ExpectedAsync("湖北省")));
    }

    /// <summary>待审批 and 已审批 are two tabs, each paged: every request of the area is reached once, in order, on either.</summary>
    [Test]
    public async Task F_3_8_both_tabs_of_the_review_reach_every_request_page_by_page()
    {
        var customer = await CustomerAsync(Unique("分页审批"), "江岸区", DemoUsers.JiangAnCm1);
        // Long past, so these rows end the lists and leave the first pages to the other tests.
        var t0 = new DateTime(2001, 1, 1, 8, 0, 0, DateTimeKind.Utc);
        await WithDbAsync(async db =>
        {
            var wc = await RegistrationTestData.UserIdAsync(db, DemoUsers.WuchangCm1);
            var whCentre = await RegistrationTestData.UserIdAsync(db, DemoUsers.WuhanCentre);
            var unit = await db.Users.Where(u => u.Id == wc).Select(u => u.OrgUnitId).FirstAsync();
            var city = await db.BusinessCustomers.Where(c => c.Id == customer.Id).Select(c => c.CityOrgId).FirstAsync();
            for (var i = 0; i < 2 * CustomerAccess.CustomerAccessService.ReviewPageSize + 10; i++)
            {
                var pending = i % 2 == 0;
                await db.InsertAsync(new AccessRequest
                {
                    RequesterUserId = wc, RequesterOrgUnitId = unit, CustomerId = customer.Id, CustomerCityOrgId = city, Requested = CustomerDetail.All,
                    Granted = pending ? CustomerDetail.None : CustomerDetail.Basic, Reason = "分页测试",
                    Status = pending ? AccessRequestStatus.Pending : AccessRequestStatus.Approved, RequestedAt = t0.AddMinutes(i / 4),
                    ApproverUserId = pending ? null : whCentre, Opinion = pending ? null : "同意", DecidedAt = pending ? null : t0.AddHours(1),
                });
            }
            return 0;
        });

        var wuhan = await ReviewListOfAsync(DemoUsers.WuhanCentre);
        Assert.That(wuhan.PendingTotal, Is.GreaterThan(CustomerAccess.CustomerAccessService.ReviewPageSize));
        Assert.That(wuhan.DecidedTotal, Is.GreaterThan(CustomerAccess.CustomerAccessService.ReviewPageSize));
        Assert.That(wuhan.PagesRead, Is.GreaterThanOrEqualTo(4), "two pages or more on each tab");
        Assert.That(wuhan.Pending, Is.Unique);
        Assert.That(wuhan.Decided, Is.Unique);
        Assert.That(wuhan, Is.EqualTo(await ExpectedAsync("武汉市")), "every request once, newest first (the later id first at the same time)");
    }

    private sealed record ReviewList(int PendingTotal, List<int> Pending, int DecidedTotal, List<int> Decided)
    {
        /// <summary>How many pages of the two tabs were read (not compared).</summary>
        public int PagesRead { get; init; }

        public bool Equals(ReviewList? other) => other is not null && PendingTotal == other.PendingTotal && DecidedTotal == other.DecidedTotal
            && Pending.SequenceEqual(other.Pending) && Decided.SequenceEqual(other.Decided);
        public override int GetHashCode() => PendingTotal;
        public override string ToString() =>
            $"{PendingTotal} pending: [{string.Join(",", Pending)}], {DecidedTotal} decided: [{string.Join(",", Decided)}]";
    }

    /// <summary>资料调取审批 as the reviewer sees it: each tab's total and its ids in page order, over every page.</summary>
    private async Task<ReviewList> ReviewListOfAsync(string login)
    {
        using var s = await App.LoginAsync(login);
        var pagesRead = 0;
        async Task<(int Total, List<int> Ids)> TabAsync(string view, string idPattern)
        {
            var ids = new List<int>();
            var total = 0;
            for (var page = 1; ; page++)
            {
                var html = await s.GetHtmlAsync($"{ReviewUrl}?view={view}&page={page.ToString(System.Globalization.CultureInfo.InvariantCulture)}");
                pagesRead++;
                var count = Regex.Match(html, "共 (\\d+) 条" + (view == "decided" ? "已审批" : "待审批"));
                total = count.Success ? int.Parse(count.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) : 0;
                ids.AddRange(Regex.Matches(html, idPattern).Select(m => int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)));
                if (!html.Contains("rel=\"next\"", StringComparison.Ordinal)) return (total, ids);
            }
        }
        var (pendingTotal, pending) = await TabAsync("pending", "href=\"/registration/access/review/(\\d+)\"");
        var (decidedTotal, decided) = await TabAsync("decided", "id=\"decided-(\\d+)\"");
        return new ReviewList(pendingTotal, pending, decidedTotal, decided) { PagesRead = pagesRead };
    }

    /// <summary>SPEC F-3.8's rule written independently: requests whose customer's district lies at or below the area (path prefix).</summary>
    private Task<ReviewList> ExpectedAsync(string areaName) => WithDbAsync(async db =>
    {
        var path = await db.OrgUnits.Where(u => u.Name == areaName).Select(u => u.Path).FirstAsync();
        var rows = await (from r in db.GetTable<AccessRequest>()
                          join c in db.BusinessCustomers on r.CustomerId equals c.Id
                          join d in db.OrgUnits on c.DistrictOrgId equals d.Id
                          where d.Path.StartsWith(path)
                          select new { r.Id, r.Status, r.RequestedAt }).ToListAsync();
        var ordered = rows.OrderByDescending(r => r.RequestedAt).ThenByDescending(r => r.Id).ToList();
        var pending = ordered.Where(r => r.Status == AccessRequestStatus.Pending).ToList();
        var decided = ordered.Where(r => r.Status != AccessRequestStatus.Pending).ToList();
        return new ReviewList(pending.Count, [.. pending.Select(r => r.Id)], decided.Count, [.. decided.Select(r => r.Id)]);
    });
}
