using System.Diagnostics;
using System.Net;
using System.Text.RegularExpressions;
using MiniExcelLibs;
using PostalCrm.Sdk.Customers;
using PostalCrm.Sdk.Data;
using PostalCrm.Testing;

namespace PostalCrm.Plugins.Registration.Tests;

/// <summary>F-3.10 商务客户信息导入: template, all-or-nothing import with row/column/message errors, master data only.</summary>
[TestFixtureSource(typeof(TestDatabase), nameof(TestDatabase.Providers))]
public partial class CustomerImportTests(DatabaseProvider provider)
{
    private const string Url = "/registration/import";
    private const string Sheet = "商务客户信息";
    private const string AuditEntity = "registration_customer_import";
    private PostalCrmFactory _app = null!;

    [OneTimeSetUp] public void Start() => _app = new PostalCrmFactory(provider);
    [OneTimeTearDown] public void Stop() => _app.Dispose();

    private static string Unique(string prefix) => prefix + Guid.NewGuid().ToString("N")[..6];

    /// <summary>One data row as a user fills the template (headers with the * the template shows).</summary>
    private static Dictionary<string, object?> Row(string name, string shortName = "简称", string city = "武汉市", string district = "江岸区",
        string? industry = null, string? level = null, string? hq = null, string? address = null, object? postcode = null, string? phone = null,
        string? legal = null, string? remarks = null) => new()
        {
            ["客户名称*"] = name, ["客户简称*"] = shortName, ["所在市*"] = city, ["所在区县*"] = district, ["行业"] = industry, ["客户级别"] = level,
            ["总部客户"] = hq, ["地址"] = address, ["邮编"] = postcode, ["电话"] = phone, ["法人代表"] = legal, ["备注"] = remarks,
        };

    private static byte[] Xlsx(IEnumerable<Dictionary<string, object?>> rows)
    {
        using var ms = new MemoryStream();
        MiniExcel.SaveAs(ms, rows, sheetName: Sheet);
        return ms.ToArray();
    }

    private static Task<HttpResponseMessage> UploadAsync(WebSession s, byte[] content, string fileName = "客户导入.xlsx") =>
        s.PostMultipartAsync(Url, [], "File", fileName, content, tokenFrom: Url);

    private (long Customers, long Audit) Counts()
    {
        using var db = _app.Database.Open();
        return (db.BusinessCustomers.LongCount(), db.AuditEntries.LongCount(a => a.Entity == AuditEntity));
    }

    private List<BusinessCustomer> CustomersNamed(params string[] names)
    {
        using var db = _app.Database.Open();
        return [.. db.BusinessCustomers.Where(c => names.Contains(c.Name)).OrderBy(c => c.Id)];
    }

    [Test]
    public async Task F_3_10_the_template_downloads_with_its_format_sheet_and_the_page_offers_it()
    {
        using var s = await _app.LoginAsync(DemoUsers.WuhanCentre);
        var page = await s.GetHtmlAsync(Url);
        Assert.That(page, Does.Contain("标准格式下载").And.Contain("商务客户信息导入明细格式说明").And.Contain("accept=\".xlsx\"").And.Contain(">确定</button>"));

        var res = await s.GetAsync(Url + "/template");
        Assert.That(res.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(res.Content.Headers.ContentDisposition!.FileNameStar, Is.EqualTo("商务客户信息导入模板.xlsx"));
        using var xlsx = new MemoryStream(await res.Content.ReadAsByteArrayAsync());
        Assert.That(MiniExcel.GetSheetNames(xlsx), Is.EqualTo(new[] { Sheet, "格式说明" }));
        xlsx.Position = 0;
        var header = ((IDictionary<string, object?>)MiniExcel.Query(xlsx, sheetName: Sheet).First()).Values.Select(v => v?.ToString()).ToList();
        Assert.That(header, Is.EqualTo(new[] { "客户名称*", "客户简称*", "所在市*", "所在区县*", "行业", "客户级别", "总部客户", "地址", "邮编", "电话", "法人代表", "备注" }));
        xlsx.Position = 0;
        var format = MiniExcel.Query(xlsx, sheetName: "格式说明").Cast<IDictionary<string, object?>>().Select(r => r["A"]?.ToString()).ToList();
        Assert.That(format, Does.Contain("客户名称").And.Contain("所在区县").And.Contain("总部客户"));
    }

    [Test]
    public async Task F_3_10_a_good_file_imports_master_data_only_with_every_field_and_one_audit_entry()
    {
        using var s = await _app.LoginAsync(DemoUsers.WuhanCentre);
        var a = Unique("武汉江岸导入甲有限公司");
        var b = Unique("武汉武昌导入乙有限公司");
        var c = Unique("武汉总部导入丙集团有限公司");
        var before = Counts();
        var res = await UploadAsync(s, Xlsx(
        [
            Row(a, "导入甲", industry: "制造业", level: "金", hq: "否", address: "武汉市江岸区解放大道 1 号", postcode: 430010, phone: "027-88886666",
                legal: "张三", remarks: "老客户"),
            Row(b, "导入乙", district: "武昌区"),
            Row(c, "导入丙", hq: "是"),
        ]), "江岸客户.xlsx");

        Assert.That(res.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), await res.Content.ReadAsStringAsync());
        Assert.That(res.Headers.Location?.ToString(), Is.EqualTo(Url));
        Assert.That(await s.GetHtmlAsync(Url), Does.Contain("导入成功:共导入 3 个商务客户"));

        using var db = _app.Database.Open();
        var rows = CustomersNamed(a, b, c);
        Assert.That(rows, Has.Count.EqualTo(3));
        int Unit(string n) => db.OrgUnits.Where(u => u.Name == n).Select(u => u.Id).First();
        var centre = db.Users.Where(u => u.Login == DemoUsers.WuhanCentre).Select(u => u.Id).First();
        var first = rows.Single(r => r.Name == a);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(first.ShortName, Is.EqualTo("导入甲"));
            Assert.That(first.CityOrgId, Is.EqualTo(Unit("武汉市")));
            Assert.That(first.DistrictOrgId, Is.EqualTo(Unit("江岸区")));
            Assert.That(first.IndustryId, Is.EqualTo(db.Industries.Where(i => i.Name == "制造业").Select(i => i.Id).First()));
            Assert.That(first.LevelId, Is.EqualTo(db.CustomerLevels.Where(l => l.Name == "金").Select(l => l.Id).First()));
            Assert.That(first.IsHeadquarters, Is.False);
            Assert.That(first.Address, Is.EqualTo("武汉市江岸区解放大道 1 号"));
            Assert.That(first.Postcode, Is.EqualTo("430010"), "a number typed in the cell keeps its digits");
            Assert.That(first.Phone, Is.EqualTo("027-88886666"));
            Assert.That(first.LegalPerson, Is.EqualTo("张三"));
            Assert.That(first.Remarks, Is.EqualTo("老客户"));
            Assert.That(rows.Single(r => r.Name == b).DistrictOrgId, Is.EqualTo(Unit("武昌区")));
            var hq = rows.Single(r => r.Name == c);
            Assert.That(hq.IsHeadquarters, Is.True);
            Assert.That(hq.LevelId, Is.EqualTo(db.CustomerLevels.Where(l => l.Name == "钻石级").Select(l => l.Id).First()), "总部客户 forces 钻石级");
            Assert.That(rows.All(r => !r.Developed && r.CreatedBy == centre), Is.True);
            Assert.That(rows.Select(r => r.Code).Distinct().Count(), Is.EqualTo(3), "unique generated codes");
            Assert.That(rows.Select(r => r.Code[..^6]).Distinct().Count(), Is.EqualTo(1), "one batch prefix");
            var ids = rows.Select(r => r.Id).ToList();
            Assert.That(db.BusinessRelationships.Count(r => ids.Contains(r.CustomerId)), Is.Zero, "no relationship");
            Assert.That(db.KeyAccounts.Count(k => ids.Contains(k.CustomerId)), Is.Zero, "no key account, no number");
            Assert.That(db.GetTable<Data.RegistrationApplication>().Count(x => x.CustomerName == a), Is.Zero, "no application");
        }
        Assert.That(Counts(), Is.EqualTo((before.Customers + 3, before.Audit + 1)), "one audit entry for the batch");
        var audit = db.AuditEntries.Where(x => x.Entity == AuditEntity).OrderByDescending(x => x.Id).First();
        Assert.That(audit.UserLogin, Is.EqualTo(DemoUsers.WuhanCentre));
        Assert.That(audit.EntityId, Is.EqualTo(first.Code[..^6]));
        Assert.That(audit.AfterJson, Does.Contain("\"Count\":3").And.Contain("江岸客户.xlsx"));
    }

    [Test]
    public async Task F_3_10_errors_in_rows_3_and_7_are_reported_on_the_page_and_as_a_report_and_nothing_is_written()
    {
        using var s = await _app.LoginAsync(DemoUsers.WuhanCentre);
        var names = Enumerable.Range(0, 6).Select(i => Unique($"错误文件客户{i}有限公司")).ToArray();
        var before = Counts();
        var res = await UploadAsync(s, Xlsx(
        [
            Row(names[0]),                     // row 2
            Row(names[1], shortName: ""),      // row 3: 客户简称 missing
            Row(names[2]),
            Row(names[3]),
            Row(names[4]),
            Row(names[5], postcode: "43A010"), // row 7: bad postcode
        ]));

        Assert.That(res.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var html = await res.Content.ReadAsStringAsync();
        Assert.That(html, Does.Contain("导入失败:文件中共有 2 个错误,未导入任何客户"));
        Assert.That(html, Does.Contain("<td>3</td><td>客户简称</td><td>必填</td>"));
        Assert.That(html, Does.Contain("<td>7</td><td>邮编</td><td>邮编必须是 6 位数字</td>"));
        Assert.That(Counts(), Is.EqualTo(before), "nothing written, not even the good rows");
        Assert.That(CustomersNamed(names), Is.Empty);

        var link = ReportLink().Match(html);
        Assert.That(link.Success, Is.True, "a download link for the report");
        var report = await s.GetAsync(link.Groups[1].Value);
        Assert.That(report.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        using var xlsx = new MemoryStream(await report.Content.ReadAsByteArrayAsync());
        var lines = MiniExcel.Query(xlsx, useHeaderRow: true).Cast<IDictionary<string, object?>>()
            .Select(r => $"{r["行号"]}|{r["列"]}|{r["错误信息"]}").ToList();
        Assert.That(lines, Is.EqualTo(new[] { "3|客户简称|必填", "7|邮编|邮编必须是 6 位数字" }));

        using var other = await _app.LoginAsync(DemoUsers.Province);
        Assert.That((await other.GetAsync(link.Groups[1].Value)).StatusCode, Is.EqualTo(HttpStatusCode.NotFound), "another user's report");
    }

    [Test]
    public async Task F_3_10_duplicates_against_existing_customers_and_within_the_file_are_reported()
    {
        using var s = await _app.LoginAsync(DemoUsers.WuhanCentre);
        var existing = Unique("已存在的客户有限公司");
        using (var db = _app.Database.Open()) await RegistrationTestData.CustomerAsync(db, existing, "江岸区", DemoUsers.JiangAnCm1);
        var twice = Unique("文件内重复客户有限公司");
        var fine = Unique("正常客户有限公司");
        var before = Counts();

        var html = await (await UploadAsync(s, Xlsx([Row(existing), Row(twice), Row(fine), Row(twice)]))).Content.ReadAsStringAsync();

        string code;
        using (var db = _app.Database.Open()) code = db.BusinessCustomers.Where(c => c.Name == existing).Select(c => c.Code).First();
        Assert.That(html, Does.Contain($"<td>2</td><td>客户名称</td><td>系统中已有同名商务客户“{existing}”(商务客户代码 {code})</td>"));
        Assert.That(html, Does.Contain("<td>5</td><td>客户名称</td><td>与第 3 行的客户名称重复</td>"));
        Assert.That(html, Does.Contain("共有 2 个错误"));
        Assert.That(Counts(), Is.EqualTo(before));
        Assert.That(CustomersNamed(twice, fine), Is.Empty);
    }

    [Test]
    public async Task F_3_10_names_in_another_spelling_are_duplicates_too()
    {
        using var s = await _app.LoginAsync(DemoUsers.WuhanCentre);
        var tag = Guid.NewGuid().ToString("N")[..6];
        var existing = $"已有（{tag}）客户有限公司";
        using (var db = _app.Database.Open()) await RegistrationTestData.CustomerAsync(db, existing, "江岸区", DemoUsers.JiangAnCm1);
        var before = Counts();

        var html = await (await UploadAsync(s, Xlsx([Row($"已有 ({tag}) 客户有限公司"), Row($"ＸＹ{tag}文件内有限公司"), Row($"xy {tag} 文件内有限公司")])))
            .Content.ReadAsStringAsync();

        Assert.That(html, Does.Contain("<td>2</td><td>客户名称</td><td>系统中已有同名商务客户"));
        Assert.That(html, Does.Contain("<td>4</td><td>客户名称</td><td>与第 3 行的客户名称重复</td>"));
        Assert.That(Counts(), Is.EqualTo(before), "nothing written");
    }

    [Test]
    public async Task F_3_10_a_district_outside_the_importers_area_or_not_under_the_city_is_refused()
    {
        using var s = await _app.LoginAsync(DemoUsers.WuhanCentre);
        var before = Counts();
        var html = await (await UploadAsync(s, Xlsx(
        [
            Row(Unique("宜昌客户有限公司"), city: "宜昌市", district: "西陵区"),
            Row(Unique("错位客户有限公司"), city: "武汉市", district: "西陵区"),
            Row(Unique("无此市客户有限公司"), city: "火星市", district: "江岸区"),
            Row(Unique("总部非钻石有限公司"), hq: "是", level: "金"),
            Row(Unique("未知行业有限公司"), industry: "航天", level: "青铜"),
        ]))).Content.ReadAsStringAsync();

        Assert.That(html, Does.Contain("<td>2</td><td>所在区县</td><td>“宜昌市西陵区”不在您的管辖范围内,不能导入</td>"));
        Assert.That(html, Does.Contain("<td>3</td><td>所在区县</td><td>“武汉市”下没有名为“西陵区”的区县</td>"));
        Assert.That(html, Does.Contain("<td>4</td><td>所在市</td><td>找不到名为“火星市”的市(州)</td>"));
        Assert.That(html, Does.Contain("<td>5</td><td>客户级别</td><td>总部客户的客户级别必须为钻石级</td>"));
        Assert.That(html, Does.Contain("<td>6</td><td>行业</td><td>行业“航天”不存在"));
        Assert.That(html, Does.Contain("<td>6</td><td>客户级别</td><td>客户级别“青铜”不存在"));
        Assert.That(Counts(), Is.EqualTo(before));

        // The province centre's area covers 宜昌.
        using var province = await _app.LoginAsync(DemoUsers.Province);
        var yichang = Unique("宜昌省导入客户有限公司");
        Assert.That((await UploadAsync(province, Xlsx([Row(yichang, city: "宜昌市", district: "西陵区")]))).StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        Assert.That(CustomersNamed(yichang), Has.Count.EqualTo(1));
    }

    [TestCase("客户.csv", "文件类型 .csv 不允许,只能上传:.xlsx")]
    [TestCase("客户.xls", "文件类型 .xls 不允许,只能上传:.xlsx")]
    [TestCase("假的.xlsx", "文件内容与扩展名 .xlsx 不符")]
    [TestCase("程序.xlsx", "文件内容是可执行程序或网页脚本,不允许上传")]
    public async Task F_3_10_a_non_xlsx_upload_is_refused_cleanly(string fileName, string message)
    {
        using var s = await _app.LoginAsync(DemoUsers.WuhanCentre);
        var before = Counts();
        var content = fileName == "程序.xlsx" ? [(byte)'M', (byte)'Z', 0x90, 0, 3, 0, 0, 0] : "客户名称,客户简称\n某公司,某\n"u8.ToArray();
        var res = await UploadAsync(s, content, fileName);
        Assert.That(res.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var html = await res.Content.ReadAsStringAsync();
        Assert.That(html, Does.Contain(message));
        Assert.That(html, Does.Not.Contain("id=\"import-errors\""));
        Assert.That(Counts(), Is.EqualTo(before));
    }

    [Test]
    public async Task F_3_10_only_holders_of_the_import_permission_reach_the_page()
    {
        using var cm = await _app.LoginAsync(DemoUsers.JiangAnCm1);
        Assert.That((await cm.GetAsync(Url)).StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        Assert.That((await cm.GetAsync(Url + "/template")).StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        var res = await cm.PostMultipartAsync(Url, [], "File", "x.xlsx", Xlsx([Row(Unique("越权导入有限公司"))]));
        Assert.That(res.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
    }

    [Test]
    public async Task F_3_10_a_10000_row_file_imports()
    {
        const int n = 10_000;
        var prefix = Unique("批量");
        var industries = new[] { "制造业", "批发零售", null };
        var file = Xlsx(Enumerable.Range(0, n).Select(i =>
            Row($"{prefix}客户{i:D5}有限公司", $"批量{i:D5}", district: i % 2 == 0 ? "江岸区" : "武昌区", industry: industries[i % 3],
                hq: i % 100 == 0 ? "是" : "否", address: $"武汉市某路 {i} 号", postcode: "430010", phone: $"027-8888{i % 10000:D4}")));
        using var s = await _app.LoginAsync(DemoUsers.WuhanCentre);
        var before = Counts();
        var watch = Stopwatch.StartNew();
        var res = await UploadAsync(s, file, "一万行.xlsx");
        watch.Stop();
        Assert.That(res.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), await res.Content.ReadAsStringAsync());
        Assert.That(Counts(), Is.EqualTo((before.Customers + n, before.Audit + 1)));
        using var db = _app.Database.Open();
        Assert.That(db.BusinessCustomers.Count(c => c.Name.StartsWith(prefix)), Is.EqualTo(n));
        Assert.That(db.BusinessCustomers.Where(c => c.Name.StartsWith(prefix)).Select(c => c.Code).Distinct().Count(), Is.EqualTo(n));
        TestContext.Out.WriteLine($"{provider}: imported {n:N0} rows ({file.Length / 1024:N0} KB) in {watch.ElapsedMilliseconds:N0} ms");
    }

    [GeneratedRegex("href=\"(/registration/import/errors/[0-9]+-[0-9a-f]{32})\"")]
    private static partial Regex ReportLink();
}
