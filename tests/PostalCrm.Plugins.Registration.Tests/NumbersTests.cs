using System.Globalization;
using System.Net;
using PostalCrm.Plugins.Registration.Data;
using PostalCrm.Sdk.Data;
using PostalCrm.Sdk.Numbering;
using PostalCrm.Testing;

namespace PostalCrm.Plugins.Registration.Tests;

/// <summary>F-3.4 大客户号 on final approval: from the district's range, never twice, exhausted = clear error; 手工赋码.</summary>
[TestFixtureSource(typeof(TestDatabase), nameof(TestDatabase.Providers))]
public class NumbersTests(DatabaseProvider provider) : ReviewFixture(provider)
{
    [Test]
    public async Task F_3_4_an_exhausted_range_is_a_clear_error_and_approves_nothing()
    {
        var name = Unique("号码用完客户");
        var id = await NewApplicationAsync(name, status: ApplicationStatus.InitialApproved);
        string[] codes = ["420102", "420100"];
        List<NumberRange> saved;
        using (var db = App.Database.Open())
        {
            saved = await db.NumberRanges.Where(r => codes.Contains(r.UnitCode)).ToListAsync();
            Assert.That(await db.NumberRanges.CountAsync(r => r.UnitCode == "420000"), Is.Zero, "湖北省 has no range");
            await db.NumberRanges.Where(r => codes.Contains(r.UnitCode)).Set(r => r.NextSerial, r => r.EndSerial + 1).UpdateAsync();
        }
        try
        {
            using var centre = await App.LoginAsync(DemoUsers.WuhanCentre);
            var res = await DecideAsync(centre, id, ReviewStage.Final, true, "已签约");
            Assert.That(res.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(await HtmlOf(res), Does.Contain("已用完"));

            var app = await ApplicationAsync(id);
            Assert.That((app.Status, app.KeyAccountNo, app.ResultCustomerId), Is.EqualTo((ApplicationStatus.InitialApproved, (string?)null, (int?)null)));
            Assert.That(await ReviewsAsync(id), Is.Empty);
            Assert.That(await CustomersNamedAsync(name), Is.Zero);
            Assert.That(await KeyAccountsNamedAsync(name), Is.Zero);
            using var db = App.Database.Open();
            Assert.That(await db.AuditEntries.CountAsync(e => e.Entity == "registration_application" && e.EntityId == Str(id)), Is.Zero);
            Assert.That(await db.NumberRanges.Where(r => codes.Contains(r.UnitCode)).AllAsync(r => r.NextSerial == r.EndSerial + 1), Is.True);
        }
        finally
        {
            using var db = App.Database.Open();
            foreach (var r in saved) await db.NumberRanges.Where(x => x.Id == r.Id).Set(x => x.NextSerial, r.NextSerial).UpdateAsync();
        }

        using var again = await App.LoginAsync(DemoUsers.WuhanCentre);
        AssertDecided(await DecideAsync(again, id, ReviewStage.Final, true, "已签约"), id, "approved once the range has numbers again");
    }

    [Test]
    public async Task F_3_4_fifty_concurrent_final_approvals_get_fifty_distinct_numbers()
    {
        var prefix = Unique("并发客户");
        var ids = new List<int>();
        for (var i = 0; i < 50; i++) ids.Add(await NewApplicationAsync(prefix + i.ToString("D2", CultureInfo.InvariantCulture), status: ApplicationStatus.InitialApproved));

        using var centre = await App.LoginAsync(DemoUsers.WuhanCentre);
        using var province = await App.LoginAsync(DemoUsers.Province);
        await centre.GetAsync("/");
        await province.GetAsync("/");
        var results = await Task.WhenAll(ids.Select((id, i) => (i % 2 == 0 ? centre : province)
            .PostFormAsync($"/registration/review/{Str(id)}/final", [new("Approve", "true"), new("Opinion", "并发终审")])));
        Assert.That(results.Select(r => r.StatusCode), Has.All.EqualTo(HttpStatusCode.Redirect));

        using var db = App.Database.Open();
        var apps = await db.GetTable<RegistrationApplication>().Where(a => ids.Contains(a.Id)).ToListAsync();
        Assert.That(apps.Select(a => a.Status), Has.All.EqualTo(ApplicationStatus.Approved));
        var numbers = apps.Select(a => a.KeyAccountNo).ToList();
        Assert.That(numbers, Is.Unique);
        Assert.That(numbers.All(n => System.Text.RegularExpressions.Regex.IsMatch(n ?? "", "^420102[0-9]{8}$")), Is.True, "format 6+8 digits of 江岸区");
        var stored = await db.KeyAccounts.Where(k => numbers.Contains(k.Number)).Select(k => k.Number).ToListAsync();
        Assert.That(stored, Is.EquivalentTo(numbers));
        Assert.That(await db.BusinessCustomers.CountAsync(c => c.Name.StartsWith(prefix)), Is.EqualTo(50));
    }

    [Test]
    public async Task F_3_4_the_centre_assigns_a_number_by_hand_well_formed_and_unused()
    {
        var name = Unique("手工赋码客户");
        var id = await NewApplicationAsync(name, status: ApplicationStatus.InitialApproved);
        string taken;
        using (var db = App.Database.Open()) taken = (await RegistrationTestData.CustomerAsync(db, Unique("占号客户"), "江岸区", DemoUsers.JiangAnCm1)).Number;
        var url = $"/registration/review/{Str(id)}/assign-number";

        using var dept = await App.LoginAsync(DemoUsers.JiangAnDept);
        Assert.That((await dept.GetAsync(url)).StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        Assert.That((await dept.PostFormAsync(url, new { Number = "42010212345678", Opinion = "x" }, tokenFrom: "/")).StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));

        using var centre = await App.LoginAsync(DemoUsers.WuhanCentre);
        Assert.That(await centre.GetHtmlAsync($"/registration/review/{Str(id)}"), Does.Contain("手工赋大客户号"));
        var page = await centre.GetHtmlAsync(url);
        Assert.That(page, Does.Contain("大客户号").And.Contain("审批意见").And.Contain("id=\"next-number\""));

        foreach (var (number, message) in new[]
                 {
                     ("12345", "大客户号格式不正确"), ("4201021234567X", "大客户号格式不正确"), ("", "请输入大客户号"),
                     (taken, $"大客户号 {taken} 已被其他大客户使用"),
                 })
        {
            var res = await centre.PostFormAsync(url, new { Number = number, Opinion = "手工赋码" }, tokenFrom: url);
            Assert.That(res.StatusCode, Is.EqualTo(HttpStatusCode.OK), number);
            Assert.That(await HtmlOf(res), Does.Contain(message), number);
            await AssertUnchangedAsync(id, ApplicationStatus.InitialApproved, 0, "refused number " + number);
        }
        Assert.That(await CustomersNamedAsync(name), Is.Zero);
        var noOpinion = await centre.PostFormAsync(url, new { Number = "42010288880001", Opinion = "" }, tokenFrom: url);
        Assert.That(await HtmlOf(noOpinion), Does.Contain("请输入审批意见"));

        // A free number: the one the allocator would give next, so the next automatic approval must step over it.
        string free;
        using (var db = App.Database.Open())
        {
            var next = await db.NumberRanges.Where(r => r.UnitCode == "420102").Select(r => r.NextSerial).FirstAsync();
            free = NumberRange.Format("420102", next);
        }
        var ok = await centre.PostFormAsync(url, new { Number = free, Opinion = "手工赋码" }, tokenFrom: url);
        AssertDecided(ok, id, "free number accepted");
        var app = await ApplicationAsync(id);
        Assert.That((app.Status, app.KeyAccountNo), Is.EqualTo((ApplicationStatus.Approved, (string?)free)));
        using (var db = App.Database.Open())
            Assert.That(await db.KeyAccounts.Where(k => k.Number == free).Select(k => k.Id).SingleAsync(), Is.EqualTo(app.ResultKeyAccountId));
        Assert.That(await centre.GetHtmlAsync($"/registration/review/{Str(id)}"), Does.Contain(free));
        Assert.That(await HtmlOf(await centre.PostFormAsync(url, new { Number = "42010288880002", Opinion = "再赋码" }, tokenFrom: "/")),
            Does.Contain("不能进行终审"), "no second assignment");

        var auto = await NewApplicationAsync(Unique("自动赋码客户"), status: ApplicationStatus.InitialApproved);
        AssertDecided(await DecideAsync(centre, auto, ReviewStage.Final, true), auto, "automatic approval after a manual one");
        var autoNumber = (await ApplicationAsync(auto)).KeyAccountNo;
        Assert.That(autoNumber, Does.Match("^420102[0-9]{8}$").And.Not.EqualTo(free));
    }
    [Test]
    public async Task F_3_4_a_hand_given_number_must_carry_the_code_of_the_district_or_of_a_unit_above_with_a_range()
    {
        var id = await NewApplicationAsync(Unique("号段前缀客户"), status: ApplicationStatus.InitialApproved);
        var url = $"/registration/review/{Str(id)}/assign-number";
        var serial = Random.Shared.Next(90_000_000, 99_999_999).ToString(System.Globalization.CultureInfo.InvariantCulture);
        using var centre = await App.LoginAsync(DemoUsers.WuhanCentre);
        foreach (var prefix in new[] { "420106", "420502", "999999" }) // 武昌区 (another district), 西陵区 (another city), no unit
        {
            var res = await centre.PostFormAsync(url, new { Number = prefix + serial, Opinion = "手工赋码" }, tokenFrom: url);
            Assert.That(res.StatusCode, Is.EqualTo(HttpStatusCode.OK), prefix);
            Assert.That(await HtmlOf(res), Does.Contain("大客户号前 6 位须为客户所在区县“江岸区”的单位代码"), prefix);
            await AssertUnchangedAsync(id, ApplicationStatus.InitialApproved, 0, "refused prefix " + prefix);
        }
        var ok = await centre.PostFormAsync(url, new { Number = "420102" + serial, Opinion = "手工赋码" }, tokenFrom: url);
        AssertDecided(ok, id, "the district's own code");
        Assert.That((await ApplicationAsync(id)).KeyAccountNo, Is.EqualTo("420102" + serial));
    }
}
