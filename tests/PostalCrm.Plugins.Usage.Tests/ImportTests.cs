using System.Globalization;
using System.IO.Compression;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using MiniExcelLibs;
using PostalCrm.Plugins.Usage.Data;
using PostalCrm.Sdk.Data;
using PostalCrm.Testing;

namespace PostalCrm.Plugins.Usage.Tests;

/// <summary>F-5.5 客户用邮手工批量导入: template, all-or-nothing check with row/column/message, 是(Y)/否, batches, bad workbooks.</summary>
[TestFixtureSource(typeof(TestDatabase), nameof(TestDatabase.Providers))]
[NonParallelizable]
public sealed partial class ImportTests(DatabaseProvider provider)
{
    private const string Url = "/usage/import";
    private const string Sheet = "用邮明细";
    private UsageApp _app = null!;

    [OneTimeSetUp] public void Start() => _app = new UsageApp(provider);
    [OneTimeTearDown] public void Stop() => _app.Dispose();

    private static DateOnly Today => DateOnly.FromDateTime(DateTime.UtcNow.AddHours(8));

    /// <summary>One data row as a user fills the template (headers with the * the template shows).</summary>
    internal static Dictionary<string, object?> Row(object? date, string number, string line, string type, object? actual, object? receivable = null,
        object? volume = null, string? manager = null, string? remarks = null) => new()
        {
            ["用邮日期*"] = date, ["大客户号*"] = number, ["专业类型*"] = line, ["业务类型*"] = type, ["业务量"] = volume, ["应收收入"] = receivable,
            ["实际收入*"] = actual, ["客户经理编号"] = manager, ["备注"] = remarks,
        };

    internal static byte[] Xlsx(IEnumerable<Dictionary<string, object?>> rows, string sheet = Sheet)
    {
        using var ms = new MemoryStream();
        MiniExcel.SaveAs(ms, rows, sheetName: sheet);
        return ms.ToArray();
    }

    /// <summary>Uploads and waits for the check job: the 是(Y)/否 page or the errors.</summary>
    internal static async Task<HttpResponseMessage> UploadAsync(WebSession s, byte[] content, string fileName = "用邮.xlsx") =>
        await s.FollowJobAsync(await s.PostMultipartAsync(Url, [], "File", fileName, content, tokenFrom: Url));

    /// <summary>是(Y), waiting for the import job: the redirect to the batch, or the page it ends with.</summary>
    internal static async Task<HttpResponseMessage> ConfirmAsync(WebSession s, string html) =>
        await s.FollowJobAsync(await s.PostFormAsync(Url + "/confirm", new { Token = Token(html) }, tokenFrom: null));

    internal static string Token(string html) => TokenRegex().Match(html).Groups[1].Value;

    [GeneratedRegex("name=\"Token\" value=\"([^\"]+)\"")]
    private static partial Regex TokenRegex();

    private (long Records, long Batches) Counts()
    {
        using var db = _app.Open();
        return (db.GetTable<UsageRecord>().LongCount(), db.GetTable<UsageBatch>().LongCount());
    }

    private static DateTime Dt(DateOnly d) => d.ToDateTime(TimeOnly.MinValue);

    [Test]
    public async Task F_5_5_the_template_has_a_data_sheet_and_a_separate_format_sheet()
    {
        using var s = await _app.LoginAsync(DemoUsers.JiangAnCm1);
        var page = await s.GetHtmlAsync(Url);
        Assert.That(page, Does.Contain("客户用邮手工批量导入").And.Contain("用邮导入明细格式说明").And.Contain(">查询</a>"));
        var res = await s.GetAsync(Url + "/template");
        Assert.That(res.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        using var xlsx = new MemoryStream(await res.Content.ReadAsByteArrayAsync());
        Assert.That(MiniExcel.GetSheetNames(xlsx), Is.EqualTo(new[] { Sheet, "格式说明" }));
        xlsx.Position = 0;
        var header = ((IDictionary<string, object?>)MiniExcel.Query(xlsx, sheetName: Sheet).First()).Values.Select(v => v?.ToString()).ToList();
        Assert.That(header, Is.EqualTo(new[] { "用邮日期*", "大客户号*", "专业类型*", "业务类型*", "业务量", "应收收入", "实际收入*", "客户经理编号", "备注" }));
    }

    [Test]
    public async Task F_5_5_a_clean_file_asks_yes_or_no_and_yes_creates_one_batch_with_exact_money_and_the_summary_in_step()
    {
        using var s = await _app.LoginAsync(DemoUsers.JiangAnCm1);
        var a = await _app.BookingOfAsync(DemoUsers.JiangAnCm1);
        var b = await _app.BookingOfAsync(DemoUsers.JiangAnCm1, skip: 2);
        var before = Counts();
        var file = Xlsx(
        [
            Row(Dt(Today), a.Number, a.ProductLine, a.BusinessType, 0.1, 0.2, 3, remarks: "第一行"),
            Row(Today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), b.Number, b.ProductLine + "专业", b.BusinessType, "12345678.91"),
        ]);
        var res = await UploadAsync(s, file, "十一月用邮.xlsx");
        var html = await res.Content.ReadAsStringAsync();
        Assert.That(html, Does.Contain("是(Y)").And.Contain("否(N)").And.Contain("共 <strong id=\"rows\">2</strong> 行").And.Contain("12,345,679.01"));
        Assert.That(Counts(), Is.EqualTo(before), "nothing written before 是(Y)");

        res = await ConfirmAsync(s, html);
        Assert.That(res.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), await res.Content.ReadAsStringAsync());
        Assert.That(Counts(), Is.EqualTo((before.Records + 2, before.Batches + 1)));
        using var db = _app.Open();
        var batch = await db.GetTable<UsageBatch>().OrderByDescending(x => x.Id).FirstAsync();
        Assert.That(res.Headers.Location?.ToString(), Is.EqualTo($"/usage/batches/{batch.Id}"));
        var details = await s.GetHtmlAsync($"/usage/batches/{batch.Id}");
        Assert.That(details, Does.Contain("数据导入成功").And.Contain(batch.Sequence).And.Contain(a.Number).And.Contain(b.Number));
        var rows = await db.GetTable<UsageRecord>().Where(r => r.BatchId == batch.Id).OrderBy(r => r.Id).ToListAsync();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(batch.Sequence, Does.Match("^YY[0-9]{8}[0-9]{6}$"));
            Assert.That(batch.RowCount, Is.EqualTo(2));
            Assert.That(batch.TotalActualFen, Is.EqualTo(10 + 1234567891L));
            Assert.That(rows.Select(r => r.ActualFen), Is.EqualTo(new[] { 10L, 1234567891L }), "0.1 and 12345678.91 exactly");
            Assert.That(rows[0].ReceivableFen, Is.EqualTo(20));
            Assert.That(rows[0].Volume, Is.EqualTo(3));
            Assert.That(rows.All(r => r.Source == UsageSource.Batch && r.ManagerUserId == a.ManagerUserId), Is.True);
        }
        var sums = await _app.SummaryAndRecordsAsync();
        Assert.That(sums[0], Is.EqualTo(sums[1]), "summary == sum of records");
        var list = await s.GetHtmlAsync("/usage/batches");
        Assert.That(list, Does.Contain(batch.Sequence).And.Contain("登陆部门").And.Contain("登陆人员").And.Contain("用邮序列"));

        // The same file again: the confirmation warns with the earlier batch; 否 writes nothing.
        res = await UploadAsync(s, file, "再次导入.xlsx");
        html = await res.Content.ReadAsStringAsync();
        Assert.That(html, Does.Contain("同一个文件已经导入过").And.Contain(batch.Sequence));
        res = await s.PostFormAsync(Url + "/cancel", new { Token = Token(html) }, tokenFrom: null);
        Assert.That(res.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        Assert.That(Counts(), Is.EqualTo((before.Records + 2, before.Batches + 1)), "否 imports nothing");
        res = await s.PostFormAsync(Url + "/confirm", new { Token = Token(html) }, tokenFrom: Url);
        Assert.That(await res.Content.ReadAsStringAsync(), Does.Contain("导入文件已失效"), "a cancelled file cannot be confirmed afterwards");
    }

    [Test]
    public async Task F_5_5_every_error_is_shown_with_row_column_and_message_and_nothing_is_written()
    {
        using var s = await _app.LoginAsync(DemoUsers.JiangAnCm1);
        var a = await _app.BookingOfAsync(DemoUsers.JiangAnCm1);
        var foreign = await _app.BookingOfAsync(DemoUsers.WuchangCm1);
        using var db = _app.Open();
        var registered = await db.BusinessRelationships.Where(r => r.Approved && r.KeyAccountId == a.KeyAccountId).Select(r => r.ProductLineId).ToListAsync();
        var otherLine = await db.ProductLines.Where(p => !registered.Contains(p.Id)).Select(p => p.Name).FirstAsync();
        var tooOld = new DateOnly(Today.Year, Today.Month, 1).AddMonths(-1).AddDays(-1);
        var before = Counts();
        var res = await UploadAsync(s, Xlsx(
        [
            Row(Dt(Today), a.Number, a.ProductLine, a.BusinessType, 100),                  // 2 ok
            Row(Dt(tooOld), a.Number, a.ProductLine, a.BusinessType, 100),                 // 3 date window
            Row(Dt(Today), "99999999999999", a.ProductLine, a.BusinessType, 100),          // 4 unknown number
            Row(Dt(Today), foreign.Number, foreign.ProductLine, foreign.BusinessType, 100), // 5 out of scope
            Row(Dt(Today), a.Number, otherLine, "全业务", 100),                             // 6 not registered
            Row(Dt(Today), a.Number, a.ProductLine, "不存在的业务", 100),                   // 7 unknown type
            Row(Dt(Today), a.Number, a.ProductLine, a.BusinessType, "一百元"),              // 8 text in a number
            Row(Dt(Today), a.Number, a.ProductLine, a.BusinessType, 1.234),                // 9 three decimals
            Row(Dt(Today), a.Number, a.ProductLine, a.BusinessType, 100),                  // 10 duplicate of 2
            Row("2026-13-45", a.Number, a.ProductLine, a.BusinessType, 100),               // 11 not a date
            Row(Dt(Today), a.Number, a.ProductLine, a.BusinessType, null),                 // 12 required
        ]));
        var html = await res.Content.ReadAsStringAsync();
        Assert.That(res.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(html, Does.Contain("导入失败").And.Contain("没有导入任何数据"));
        string Line(int row, string column) => $"<tr><td>{row}</td><td>{column}</td><td>";
        using (Assert.EnterMultipleScope())
        {
            Assert.That(html, Does.Contain(Line(3, "用邮日期") + "用邮日期必须大于等于上月一日"));
            Assert.That(html, Does.Contain(Line(4, "大客户号") + "大客户号“99999999999999”不存在"));
            Assert.That(html, Does.Contain(Line(5, "大客户号") + $"大客户号“{foreign.Number}”不在您的管辖范围内"));
            Assert.That(html, Does.Contain(Line(6, "专业类型") + $"大客户号“{a.Number}”没有通过客户注册审批登记专业“{otherLine}”"));
            Assert.That(html, Does.Contain(Line(7, "业务类型")));
            Assert.That(html, Does.Contain(Line(8, "实际收入") + "必须是数字"));
            Assert.That(html, Does.Contain(Line(9, "实际收入") + "最多 2 位小数"));
            Assert.That(html, Does.Contain(Line(10, "") + "与第 2 行完全相同"));
            Assert.That(html, Does.Contain(Line(11, "用邮日期")));
            Assert.That(html, Does.Contain(Line(12, "实际收入") + "必填"));
            Assert.That(html, Does.Not.Contain("<tr><td>2</td>"), "the good row has no error");
        }
        Assert.That(Counts(), Is.EqualTo(before), "all or nothing");

        var report = TokenLink().Match(html).Groups[1].Value;
        var download = await s.GetAsync(report);
        Assert.That(download.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        using var xlsx = new MemoryStream(await download.Content.ReadAsByteArrayAsync());
        Assert.That(MiniExcel.GetSheetNames(xlsx), Is.EqualTo(new[] { Sheet, "错误报告" }), "a copy of the workbook with the errors");
        xlsx.Position = 0;
        var listed = MiniExcel.Query(xlsx, useHeaderRow: true, sheetName: "错误报告").Cast<IDictionary<string, object?>>().ToList();
        Assert.That(listed.Select(r => Convert.ToInt32(r["行号"], CultureInfo.InvariantCulture)), Does.Contain(3).And.Contain(12));
        using var other = await _app.LoginAsync(DemoUsers.JiangAnCm2);
        Assert.That((await other.GetAsync(report)).StatusCode, Is.EqualTo(HttpStatusCode.NotFound), "only the importer gets the report");
    }

    [Test]
    public async Task F_5_5_batches_follow_scope_by_url()
    {
        using var db = _app.Open();
        var cm1 = await _app.UserIdAsync(DemoUsers.JiangAnCm1);
        var batch = await db.GetTable<UsageBatch>().Where(b => b.UserId == cm1).OrderBy(b => b.Id).FirstAsync();
        using (var own = await _app.LoginAsync(DemoUsers.JiangAnCm1))
        {
            Assert.That(await own.GetHtmlAsync($"/usage/batches/{batch.Id}"), Does.Contain(batch.Sequence));
            Assert.That(await own.GetHtmlAsync("/usage/batches"), Does.Contain(batch.Sequence));
        }
        using (var colleague = await _app.LoginAsync(DemoUsers.JiangAnCm2))
        {
            Assert.That((await colleague.GetAsync($"/usage/batches/{batch.Id}")).StatusCode, Is.EqualTo(HttpStatusCode.NotFound), "another manager's batch");
            Assert.That(await colleague.GetHtmlAsync("/usage/batches"), Does.Not.Contain(batch.Sequence));
        }
        using (var centre = await _app.LoginAsync(DemoUsers.WuhanCentre))
            Assert.That((await centre.GetAsync($"/usage/batches/{batch.Id}")).StatusCode, Is.EqualTo(HttpStatusCode.OK), "the city above sees it");
        using (var other = await _app.LoginAsync(DemoUsers.YichangCentre))
            Assert.That((await other.GetAsync($"/usage/batches/{batch.Id}")).StatusCode, Is.EqualTo(HttpStatusCode.NotFound), "another city");
    }

    [GeneratedRegex("href=\"(/usage/import/errors/[^\"]+)\"")]
    private static partial Regex TokenLink();

    private static byte[] Zip(params (string Name, string Content)[] entries)
    {
        using var ms = new MemoryStream();
        using (var zip = new ZipArchive(ms, ZipArchiveMode.Create, true))
        {
            foreach (var (name, content) in entries)
            {
                using var w = new StreamWriter(zip.CreateEntry(name).Open(), new UTF8Encoding(false));
                w.Write(content);
            }
        }
        return ms.ToArray();
    }

    private static string WithFormula(byte[] xlsx)
    {
        // Turn the first data cell of 实际收入 (column G, row 2) into a formula, as Excel would store it.
        using var ms = new MemoryStream();
        ms.Write(xlsx);
        using (var zip = new ZipArchive(ms, ZipArchiveMode.Update, true))
        {
            var entry = zip.Entries.First(e => e.FullName.StartsWith("xl/worksheets/sheet", StringComparison.Ordinal));
            string xml;
            using (var r = new StreamReader(entry.Open())) xml = r.ReadToEnd();
            xml = Regex.Replace(xml, "<x:c r=\"G2\"([^>]*)>", "<x:c r=\"G2\"$1><x:f>1+1</x:f>");
            xml = Regex.Replace(xml, "<c r=\"G2\"([^>]*)>", "<c r=\"G2\"$1><f>1+1</f>");
            entry.Delete();
            using var w = new StreamWriter(zip.CreateEntry("xl/worksheets/sheet1.xml").Open(), new UTF8Encoding(false));
            w.Write(xml);
        }
        return Convert.ToBase64String(ms.ToArray());
    }

    [Test]
    public async Task F_5_5_malformed_workbooks_get_a_chinese_message_and_nothing_is_written()
    {
        using var s = await _app.LoginAsync(DemoUsers.JiangAnCm1);
        var a = await _app.BookingOfAsync(DemoUsers.JiangAnCm1);
        var good = Xlsx([Row(Dt(Today), a.Number, a.ProductLine, a.BusinessType, 100)]);
        var before = Counts();
        async Task<string> Message(byte[] content, string name = "用邮.xlsx")
        {
            var res = await UploadAsync(s, content, name);
            Assert.That(res.StatusCode, Is.EqualTo(HttpStatusCode.OK), name);
            return await res.Content.ReadAsStringAsync();
        }
        using (Assert.EnterMultipleScope())
        {
            Assert.That(await Message(Encoding.UTF8.GetBytes("这不是 Excel 文件,只是文本")), Does.Contain("id=\"errors\""), "not a zip");
            Assert.That(await Message([0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0, 0, 0, 0, 0, 0, 0, 0]), Does.Contain("id=\"errors\""), ".xls renamed");
            Assert.That(await Message(Xlsx([Row(Dt(Today), a.Number, a.ProductLine, a.BusinessType, 100)], "Sheet1")), Does.Contain("找不到工作表「用邮明细」"));
            Assert.That(await Message(Xlsx([new Dictionary<string, object?> { ["日期"] = Dt(Today), ["号码"] = a.Number }])), Does.Contain("缺少此列"));
            Assert.That(await Message(Xlsx([])), Does.Contain("id=\"errors\""), "no data rows");
            Assert.That(await Message(Convert.FromBase64String(WithFormula(good))), Does.Contain("不能使用公式"));
            Assert.That(await Message(Zip(("a.txt", "x"))), Does.Contain("不是有效的 Excel"), "a zip that is no workbook");
        }
        var empty = await s.PostMultipartAsync(Url, [], "File", "空.xlsx", [], tokenFrom: Url);
        Assert.That(await empty.Content.ReadAsStringAsync(), Does.Contain("请选择要导入的 Excel 文件"));
        Assert.That(Counts(), Is.EqualTo(before));
    }

    [Test]
    public async Task F_5_5_a_zip_bomb_and_a_sheet_of_a_million_rows_are_refused_before_parsing()
    {
        using var s = await _app.LoginAsync(DemoUsers.JiangAnCm1);
        var before = Counts();
        // A million rows: a valid workbook part list with a sheet of 1,048,576 tiny rows (compresses to a few MB).
        var sheet = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?><worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData>");
        for (var i = 1; i <= 1_048_576; i++) sheet.Append("<row r=\"").Append(i).Append("\"><c r=\"A").Append(i).Append("\" t=\"inlineStr\"><is><t>1</t></is></c></row>");
        sheet.Append("</sheetData></worksheet>");
        var big = Workbook(sheet.ToString());
        var res = await UploadAsync(s, big, "百万行.xlsx");
        Assert.That(await res.Content.ReadAsStringAsync(), Does.Contain("超过 200,000 行数据"));

        var bomb = Workbook("<?xml version=\"1.0\"?><worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData/></worksheet>",
            ("xl/media/zeros.bin", new string('0', 210 * 1024 * 1024)));
        res = await UploadAsync(s, bomb, "炸弹.xlsx");
        Assert.That(await res.Content.ReadAsStringAsync(), Does.Contain("文件解压后超过"));
        Assert.That(Counts(), Is.EqualTo(before));
    }

    private static byte[] Workbook(string sheetXml, params (string Name, string Content)[] extra) => Zip(
    [
        ("[Content_Types].xml", "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"><Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/><Default Extension=\"xml\" ContentType=\"application/xml\"/><Override PartName=\"/xl/workbook.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml\"/><Override PartName=\"/xl/worksheets/sheet1.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/></Types>"),
        ("_rels/.rels", "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"xl/workbook.xml\"/></Relationships>"),
        ("xl/workbook.xml", "<?xml version=\"1.0\" encoding=\"UTF-8\"?><workbook xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\"><sheets><sheet name=\"用邮明细\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>"),
        ("xl/_rels/workbook.xml.rels", "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" Target=\"worksheets/sheet1.xml\"/></Relationships>"),
        ("xl/worksheets/sheet1.xml", sheetXml),
        .. extra,
    ]);
}
