using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using PostalCrm.Plugins.Registration.Data;
using PostalCrm.Sdk.Data;
using PostalCrm.Testing;

namespace PostalCrm.Plugins.Registration.Tests;

/// <summary>F-3.11 电子化支局 channel: its own API key, the same rules as the portal, idempotent, status and number pull.</summary>
[TestFixtureSource(typeof(TestDatabase), nameof(TestDatabase.Providers))]
public class EBranchApiTests(DatabaseProvider provider) : ApplyFixture(provider)
{
    private const string Url = "/api/registration/ebranch/applications";

    private static Dictionary<string, object?> Body(string externalRef, string name) => new()
    {
        ["externalRef"] = externalRef, ["applicantLogin"] = DemoUsers.JiangAnCm1,
        ["customerName"] = name, ["customerShortName"] = name[..Math.Min(4, name.Length)], ["industry"] = "制造业", ["level"] = "金", ["isHeadquarters"] = false,
        ["districtCode"] = "420106", ["address"] = "武汉市武昌区中北路1号", ["postcode"] = "430071",
        ["departmentCode"] = "420102", ["managerLogin"] = DemoUsers.JiangAnCm1,
        ["lines"] = new[] { new { productLine = "速递", businessType = "全业务" } },
        ["newKeyAccountName"] = name + "武汉办事处", ["contactName"] = "王经理", ["contactPhone"] = "027-88888888",
    };

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string url, object? body = null, string? key = ApiKey, HttpClient? client = null)
    {
        using var req = new HttpRequestMessage(method, url);
        if (key is not null) req.Headers.Add("X-Api-Key", key);
        if (body is not null) req.Content = JsonContent.Create(body);
        client ??= App.Session().Client;
        return await client.SendAsync(req);
    }

    private static async Task<JsonElement> JsonOf(HttpResponseMessage res) =>
        JsonDocument.Parse(await res.Content.ReadAsStringAsync()).RootElement;

    [Test]
    public async Task F_3_11_a_missing_or_wrong_key_is_401_never_a_redirect()
    {
        var before = Applications();
        var body = Body(Unique("EB-"), Unique("无密钥客户"));
        foreach (var key in new[] { null, "wrong-key" })
        {
            var post = await SendAsync(HttpMethod.Post, Url, body, key);
            Assert.That(post.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized), key);
            Assert.That(post.Headers.Location, Is.Null);
            Assert.That((await JsonOf(post)).GetProperty("title").GetString(), Does.Contain("API 密钥"));
            var get = await SendAsync(HttpMethod.Get, Url + "/anything", key: key);
            Assert.That(get.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized), key);
        }
        // A signed-in portal user is no API client either.
        using var cm = await App.LoginAsync(DemoUsers.JiangAnCm1);
        Assert.That((await SendAsync(HttpMethod.Post, Url, body, key: null, client: cm.Client)).StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That(Applications(), Is.EqualTo(before));
    }

    [Test]
    public async Task F_3_11_an_invalid_body_is_400_with_chinese_messages_per_field_and_nothing_is_stored()
    {
        var before = Applications();
        var body = Body(Unique("EB-"), "");
        body["districtCode"] = "420502";                       // 西陵区: another city
        body["managerLogin"] = DemoUsers.WuchangCm1;            // not of 江岸区
        body["lines"] = new[] { new { productLine = "速递", businessType = "不存在的业务" } };
        body["contactName"] = null;
        var res = await SendAsync(HttpMethod.Post, Url, body);
        var text = await res.Content.ReadAsStringAsync();
        Assert.That(res.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest), text);
        Assert.That(res.Content.Headers.ContentType!.MediaType, Is.EqualTo("application/problem+json"));
        var errors = (await JsonOf(res)).GetProperty("errors");
        string First(string field) => errors.GetProperty(field)[0].GetString()!;
        Assert.Multiple(() =>
        {
            Assert.That(First("customerName"), Is.EqualTo("请输入客户名称"));
            Assert.That(First("districtCode"), Does.Contain("不能跨市申报"));
            Assert.That(First("managerLogin"), Does.Contain("须为“江岸区”的客户经理"));
            Assert.That(First("lines"), Does.Contain("业务类型“不存在的业务”不属于专业“速递”"));
            Assert.That(First("contactName"), Is.EqualTo("请输入联系人姓名"));
        });
        Assert.That(text, Does.Contain("请输入客户名称"), "Chinese written as is");

        var unknown = Body(Unique("EB-"), Unique("未知申请人"));
        unknown["applicantLogin"] = "nobody";
        Assert.That((await JsonOf(await SendAsync(HttpMethod.Post, Url, unknown))).GetProperty("errors").GetProperty("applicantLogin")[0].GetString(), Does.Contain("不存在"));
        var noCm = Body(Unique("EB-"), Unique("非客户经理"));
        noCm["applicantLogin"] = DemoUsers.WuhanCentre;
        Assert.That((await SendAsync(HttpMethod.Post, Url, noCm)).StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));

        using var req = new HttpRequestMessage(HttpMethod.Post, Url) { Content = new StringContent("{ not json", System.Text.Encoding.UTF8, "application/json") };
        req.Headers.Add("X-Api-Key", ApiKey);
        var bad = await App.Session().Client.SendAsync(req);
        Assert.That(bad.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That((await JsonOf(bad)).GetProperty("title").GetString(), Does.Contain("请求内容不是有效的申请"));
        Assert.That(Applications(), Is.EqualTo(before));
    }

    [Test]
    public async Task F_3_11_a_client_reads_only_the_applications_it_submitted()
    {
        var externalRef = Unique("EB-OWN-");
        var res = await SendAsync(HttpMethod.Post, Url, Body(externalRef, Unique("本系统客户")));
        Assert.That(res.StatusCode, Is.EqualTo(HttpStatusCode.Created), await res.Content.ReadAsStringAsync());
        Assert.That((await SendAsync(HttpMethod.Get, $"{Url}/{externalRef}")).StatusCode, Is.EqualTo(HttpStatusCode.OK), "its own");

        var other = await SendAsync(HttpMethod.Get, $"{Url}/{externalRef}", key: OtherApiKey);
        Assert.That(other.StatusCode, Is.EqualTo(HttpStatusCode.NotFound), "another client's application");
        Assert.That(other.Content.Headers.ContentType!.MediaType, Is.EqualTo("application/problem+json"));
        Assert.That((await JsonOf(other)).GetProperty("title").GetString(), Does.Contain(externalRef));

        // Posting the same reference does not hand the other client the first one's application either.
        var before = Applications();
        var post = await SendAsync(HttpMethod.Post, Url, Body(externalRef, Unique("他系统客户")), key: OtherApiKey);
        var text = await post.Content.ReadAsStringAsync();
        Assert.That(post.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest), text);
        Assert.That((await JsonOf(post)).GetProperty("errors").GetProperty("externalRef")[0].GetString(), Does.Contain("已被其他接入系统使用"));
        Assert.That(text, Does.Not.Contain("applicationId"));
        Assert.That(Applications(), Is.EqualTo(before));
    }

    [Test]
    public async Task F_3_11_a_malformed_body_is_a_400_problem_in_chinese()
    {
        var before = Applications();
        foreach (var (content, type) in new[]
                 {
                     ("{ not json", "application/json"), ("{\"isHeadquarters\": \"yes\"}", "application/json"),
                     ("externalRef=1", "text/plain"), ("", "application/json"), ("null", "application/json"),
                 })
        {
            using var req = new HttpRequestMessage(HttpMethod.Post, Url) { Content = new StringContent(content, System.Text.Encoding.UTF8, type) };
            req.Headers.Add("X-Api-Key", ApiKey);
            var res = await App.Session().Client.SendAsync(req);
            var text = await res.Content.ReadAsStringAsync();
            Assert.That(res.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest), content + " → " + text);
            Assert.That(res.Content.Headers.ContentType!.MediaType, Is.EqualTo("application/problem+json"), content);
            var json = await JsonOf(res);
            Assert.That(json.GetProperty("title").GetString(), Is.EqualTo("请求内容不是有效的申请 JSON"), content);
            Assert.That(json.GetProperty("errors").EnumerateObject().SelectMany(p => p.Value.EnumerateArray()).Select(m => m.GetString()),
                Has.All.StartWith("格式不正确"), content);
        }
        Assert.That(Applications(), Is.EqualTo(before));
    }

    [Test]
    public async Task F_3_11_creates_once_per_external_ref_and_reports_status_then_the_number()
    {
        var externalRef = Unique("EB-2026-");
        var name = Unique("电子化支局客户");
        var before = Applications();
        var res = await SendAsync(HttpMethod.Post, Url, Body(externalRef, name));
        Assert.That(res.StatusCode, Is.EqualTo(HttpStatusCode.Created), await res.Content.ReadAsStringAsync());
        Assert.That(res.Headers.Location!.ToString(), Is.EqualTo($"{Url}/{externalRef}"));
        var created = await JsonOf(res);
        var id = created.GetProperty("applicationId").GetInt32();
        Assert.That(created.GetProperty("statusName").GetString(), Is.EqualTo("待预审"));
        var app = Application(id);
        Assert.Multiple(() =>
        {
            Assert.That(app.Source, Is.EqualTo(ApplicationSource.EBranch));
            Assert.That(app.ExternalRef, Is.EqualTo(externalRef));
            Assert.That(app.ApplicantUserId, Is.EqualTo(UserId(DemoUsers.JiangAnCm1)));
            Assert.That(app.DistrictOrgId, Is.EqualTo(UnitId("武昌区")));
            Assert.That(app.Status, Is.EqualTo(ApplicationStatus.Submitted));
        });
        Assert.That(AuditOf(id).Select(a => a.Action), Is.EqualTo(new[] { "create" }));
        Assert.That(AuditOf(id).Single().UserLogin, Is.EqualTo("api:esb-test"), "the calling system is recorded");

        // The same externalRef returns the same application, even with another body.
        var again = await SendAsync(HttpMethod.Post, Url, Body(externalRef, Unique("另一个名字")));
        Assert.That(again.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That((await JsonOf(again)).GetProperty("applicationId").GetInt32(), Is.EqualTo(id));
        Assert.That(Applications(), Is.EqualTo(before + 1));

        var status = await JsonOf(await SendAsync(HttpMethod.Get, $"{Url}/{externalRef}"));
        Assert.That(status.GetProperty("status").GetString(), Is.EqualTo("Submitted"));
        Assert.That(status.GetProperty("keyAccountNo").ValueKind, Is.EqualTo(JsonValueKind.Null));
        Assert.That(status.GetProperty("customer").ValueKind, Is.EqualTo(JsonValueKind.Null));

        // Final approval (by the review feature) fills the result; the e-branch system reads it.
        var (customerId, _, number) = await ExistingCustomerAsync(name, "武昌区", DemoUsers.WuchangCm1);
        using (var db = Db())
        {
            await db.GetTable<RegistrationApplication>().Where(a => a.Id == id)
                .Set(a => a.Status, ApplicationStatus.Approved).Set(a => a.KeyAccountNo, number).Set(a => a.ResultCustomerId, customerId).UpdateAsync();
        }
        var approved = await JsonOf(await SendAsync(HttpMethod.Get, $"{Url}/{externalRef}"));
        Assert.That(approved.GetProperty("statusName").GetString(), Is.EqualTo("开发成功"));
        Assert.That(approved.GetProperty("keyAccountNo").GetString(), Is.EqualTo(number));
        Assert.That(approved.GetProperty("customer").GetProperty("name").GetString(), Is.EqualTo(name));
        Assert.That(approved.GetProperty("customer").GetProperty("district").GetString(), Is.EqualTo("武昌区"));

        var missing = await SendAsync(HttpMethod.Get, $"{Url}/{Unique("NOPE-")}");
        Assert.That(missing.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That((await JsonOf(missing)).GetProperty("title").GetString(), Does.Contain("没有电子化支局申请编号"));
    }

    [Test]
    public async Task F_3_11_an_existing_customer_by_code_with_its_key_account_number()
    {
        var name = Unique("电子化已有客户");
        var (customerId, keyAccountId, number) = await ExistingCustomerAsync(name);
        var body = Body(Unique("EB-"), "被忽略的名称");
        body["customerCode"] = Customer(customerId).Code;
        body["keyAccountNumber"] = number;
        body["newKeyAccountName"] = null;
        var res = await SendAsync(HttpMethod.Post, Url, body);
        Assert.That(res.StatusCode, Is.EqualTo(HttpStatusCode.Created), await res.Content.ReadAsStringAsync());
        var app = Application((await JsonOf(res)).GetProperty("applicationId").GetInt32());
        Assert.That((app.ExistingCustomerId, app.ExistingKeyAccountId, app.CustomerName), Is.EqualTo(((int?)customerId, (int?)keyAccountId, name)));

        var (_, _, otherNumber) = await ExistingCustomerAsync(Unique("别的客户"));
        body["externalRef"] = Unique("EB-");
        body["keyAccountNumber"] = otherNumber;
        var refused = await SendAsync(HttpMethod.Post, Url, body);
        Assert.That(refused.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That((await JsonOf(refused)).GetProperty("errors").GetProperty("keyAccountNumber")[0].GetString(), Is.EqualTo("所选大客户不属于该客户"));
    }

    [Test]
    public async Task F_3_11_the_openapi_document_parses_and_names_both_endpoints()
    {
        var res = await SendAsync(HttpMethod.Get, "/api/registration/ebranch/openapi.json");
        Assert.That(res.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var doc = await JsonOf(res);
        Assert.That(doc.GetProperty("openapi").GetString(), Does.StartWith("3."));
        var paths = doc.GetProperty("paths");
        Assert.That(paths.GetProperty("/api/registration/ebranch/applications").TryGetProperty("post", out _), Is.True);
        Assert.That(paths.GetProperty("/api/registration/ebranch/applications/{externalRef}").TryGetProperty("get", out _), Is.True);
        Assert.That(doc.GetProperty("components").GetProperty("securitySchemes").GetProperty("ApiKey").GetProperty("name").GetString(), Is.EqualTo("X-Api-Key"));
    }
}
