using System.Text.RegularExpressions;
using System.Net;
using LinqToDB;
using PostalCrm.Plugins.Contracts.Data;
using PostalCrm.Sdk.Data;
using PostalCrm.Testing;

namespace PostalCrm.Plugins.Contracts.Tests;

/// <summary>F-5.3 客户合同协议维护: filters, list links, files, edit, and scope (own department and below, also by URL).</summary>
[TestFixtureSource(typeof(TestDatabase), nameof(TestDatabase.Providers))]
public class MaintenanceTests(DatabaseProvider provider) : ContractsFixture(provider)
{
    private const string ListUrl = "/contracts/maintain";

    private static bool Lists(string html, string number) => html.Contains($">{number}</a>", StringComparison.Ordinal);

    [Test]
    public async Task F_5_3_filters_combine_and_date_ranges_apply_only_when_ticked()
    {
        using var s = await LoginAsync(DemoUsers.JiangAnCm1);
        var prefix = Unique("F");
        var a = prefix + "A";
        var b = prefix + "B";
        await AddAsync(s, Fields(SettlementType.FixedDate, a, ("EffectiveDate", D(Today.AddDays(-100))), ("ExpiryDate", D(Today.AddDays(100)))));
        await AddAsync(s, Fields(SettlementType.FixedDate, b, ("CustomerId", Str(CustomerId(1))), ("EffectiveDate", D(Today.AddDays(-10))), ("ExpiryDate", D(Today.AddDays(400)))));
        string code1;
        using (var db = Db()) code1 = db.BusinessCustomers.First(c => c.Id == CustomerId(1)).Code;

        async Task<(bool A, bool B)> Find(string query)
        {
            var html = await s.GetHtmlAsync($"{ListUrl}?Number={prefix}&{query}");
            return (Lists(html, a), Lists(html, b));
        }

        Assert.That(await Find(""), Is.EqualTo((true, true)));
        Assert.That(await Find($"UseEffective=true&EffectiveFrom={D(Today.AddDays(-50))}"), Is.EqualTo((false, true)));
        Assert.That(await Find($"EffectiveFrom={D(Today.AddDays(-50))}"), Is.EqualTo((true, true)), "not ticked: ignored");
        Assert.That(await Find($"UseExpiry=true&ExpiryTo={D(Today.AddDays(200))}"), Is.EqualTo((true, false)));
        Assert.That(await Find($"ExpiryTo={D(Today.AddDays(200))}"), Is.EqualTo((true, true)), "not ticked: ignored");
        Assert.That(await Find($"UseEffective=true&EffectiveTo={D(Today.AddDays(-50))}&UseExpiry=true&ExpiryFrom={D(Today)}"), Is.EqualTo((true, false)));
        Assert.That(await Find($"Customer={code1}"), Is.EqualTo((false, true)));
        string pair1;
        using (var db = Db()) pair1 = SearchKeywords.RarestBigram(db, db.BusinessCustomers.First(c => c.Id == CustomerId(1)).Name);
        Assert.That((await Find($"Customer={Uri.EscapeDataString(pair1)}")).B, "2 characters of the name: through the bigram index");
        Assert.That(await Find($"Customer={Uri.EscapeDataString("龘龘")}"), Is.EqualTo((false, false)), "2 characters no customer has");
        Assert.That(await Find("Kind=2"), Is.EqualTo((false, false)));
        Assert.That(await Find("Kind=1"), Is.EqualTo((true, true)));
        int jiangan, wuchang;
        using (var db = Db())
        {
            jiangan = db.OrgUnits.First(u => u.Name == "江岸区").Id;
            wuchang = db.OrgUnits.First(u => u.Name == "武昌区").Id;
        }
        Assert.That(await Find($"RegionId={jiangan}"), Is.EqualTo((true, true)));
        // A region outside the user's area is not offered and not reachable.
        var page = await s.GetHtmlAsync(ListUrl);
        Assert.That(page, Does.Contain($"<option value=\"{jiangan}\"").And.Not.Contain($"<option value=\"{wuchang}\""));
        Assert.That((await s.GetAsync($"{ListUrl}?RegionId={wuchang}")).StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
    }

    [Test]
    public async Task F_5_3_the_number_opens_the_edit_page_and_the_customer_name_the_customer()
    {
        using var s = await LoginAsync(DemoUsers.JiangAnCm1);
        var number = Unique("HT");
        var id = await AddAsync(s, Fields(SettlementType.Periodic, number));
        var html = await s.GetHtmlAsync($"{ListUrl}?Number={number}");
        Assert.That(html, Does.Contain($"href=\"/contracts/maintain/{id}/edit\">{number}</a>"));
        Assert.That(html, Does.Contain($"href=\"/contracts/maintain/{id}/customer\">"));
        string name, code;
        using (var db = Db())
        {
            var c = db.BusinessCustomers.First(x => x.Id == CustomerId());
            (name, code) = (c.Name, c.Code);
        }
        var customer = await s.GetHtmlAsync($"/contracts/maintain/{id}/customer");
        Assert.That(customer, Does.Contain(name).And.Contain(code).And.Contain("客户基本信息"));
    }

    [Test]
    public async Task F_5_3_a_file_can_be_uploaded_later_and_downloaded()
    {
        using var s = await LoginAsync(DemoUsers.JiangAnCm1);
        var id = await AddAsync(s, Fields(SettlementType.FixedDate));
        var edit = await s.GetHtmlAsync($"/contracts/maintain/{id}/edit");
        Assert.That(edit, Does.Contain("尚未上传合同文本").And.Contain("data-confirm=").And.Not.Contain("合同下载"));
        byte[] png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, .. new byte[64]];
        var res = await s.PostMultipartAsync($"/contracts/maintain/{id}/upload", [], "file", "合同扫描件.png", png, tokenFrom: $"/contracts/maintain/{id}/edit");
        Assert.That(res.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), Errors(await res.Content.ReadAsStringAsync()));
        Assert.That(await s.GetHtmlAsync($"/contracts/maintain/{id}/edit"), Does.Contain("合同下载").And.Contain("合同扫描件.png"));
        var download = await s.GetAsync($"/contracts/maintain/{id}/download");
        Assert.That(await download.Content.ReadAsByteArrayAsync(), Is.EqualTo(png));
        Assert.That(Lists(await s.GetHtmlAsync($"{ListUrl}?Number={Contract(id).Number}"), Contract(id).Number));
        Assert.That(await s.GetHtmlAsync($"{ListUrl}?Number={Contract(id).Number}"), Does.Contain($"/contracts/maintain/{id}/download\">合同下载"));

        // An agreement has no file.
        var agreement = await AddAsync(s, Fields(SettlementType.FixedDate), NewAgreementUrl);
        res = await s.PostMultipartAsync($"/contracts/maintain/{agreement}/upload", [], "file", "x.png", png, tokenFrom: $"/contracts/maintain/{agreement}/edit");
        Assert.That(Errors(await res.Content.ReadAsStringAsync()), Does.Contain("协议没有正规合同文本"));
        Assert.That(Contract(agreement).FileId, Is.Null);
        Assert.That((await s.GetAsync($"/contracts/maintain/{agreement}/download")).StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
    }

    [Test]
    public async Task F_5_3_edit_changes_dates_and_terms_before_any_payment()
    {
        using var s = await LoginAsync(DemoUsers.JiangAnCm1);
        var id = await AddAsync(s, Fields(SettlementType.FixedDate));
        var number = Contract(id).Number;
        var edit = await s.GetHtmlAsync($"/contracts/maintain/{id}/edit");
        Assert.That(edit, Does.Contain("id=\"settle-1\" >").Or.Contain("id=\"settle-1\">"));
        var changed = Fields(SettlementType.OneOff, number, ("ExpiryDate", D(Today.AddYears(2))), ("OneOffAmount", "88.80"));
        var res = await s.PostFormAsync($"/contracts/maintain/{id}/edit", changed);
        Assert.That(res.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), Errors(await res.Content.ReadAsStringAsync()));
        var c = Contract(id);
        Assert.That((c.SettlementType, c.TotalFen, c.ExpiryDate, c.Discount), Is.EqualTo((SettlementType.OneOff, 8880L, Today.AddYears(2), (int?)null)));
        Assert.That(Schedule(id).Select(i => i.AmountFen), Is.EqualTo(new[] { 8880L }));
        // The same rules as adding.
        var error = await RefusedAsync(s, $"/contracts/maintain/{id}/edit", Fields(SettlementType.FixedDate, number, ("FixedDiscount", "101")), $"/contracts/maintain/{id}/edit");
        Assert.That(error, Does.Contain("0 到 100 之间的整数"));
        Assert.That(Contract(id).SettlementType, Is.EqualTo(SettlementType.OneOff));
    }

    [Test]
    public async Task F_5_3_the_edit_page_adds_and_clears_instalments_and_keeps_an_agreements_serial()
    {
        using var s = await LoginAsync(DemoUsers.JiangAnCm1);
        var id = await AddAsync(s, WithInstalments(Fields(SettlementType.Instalments), (Today.AddDays(5), "10")), NewAgreementUrl);
        var serial = Contract(id).Number;
        var url = $"/contracts/maintain/{id}/edit";
        var edit = await s.GetHtmlAsync(url);
        Assert.That(edit, Does.Contain(serial).And.Contain("name=\"InstalmentAmounts\" value=\"10.00\"").And.Not.Contain("name=\"Number\""));
        var fields = Fields(SettlementType.Instalments, "CHANGED-SERIAL");
        var html = await (await s.PostFormAsync(url, WithInstalments(fields, (Today.AddDays(5), "10.00"))
            .Append(new("Op", "add-instalment")).Append(new("NewInstalmentDate", D(Today.AddDays(35)))).Append(new("NewInstalmentAmount", "20")))).Content.ReadAsStringAsync();
        Assert.That(html, Does.Contain("name=\"InstalmentAmounts\" value=\"20.00\""));
        Assert.That(Schedule(id), Has.Count.EqualTo(1), "确定 saves nothing");
        var res = await s.PostFormAsync(url, WithInstalments(fields, (Today.AddDays(5), "10.00"), (Today.AddDays(35), "20.00")), tokenFrom: url);
        Assert.That(res.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), Errors(await res.Content.ReadAsStringAsync()));
        Assert.That((Contract(id).Number, Contract(id).TotalFen), Is.EqualTo((serial, 3000L)), "an agreement's serial is never typed");
        Assert.That(Schedule(id).Select(i => i.CumulativeFen), Is.EqualTo(new[] { 1000L, 3000L }));
    }

    [Test]
    public async Task F_5_3_a_customer_manager_reaches_own_department_and_below_only_also_by_url()
    {
        using var owner = await LoginAsync(DemoUsers.JiangAnCm1);
        var number = Unique("HT");
        var id = await AddAsync(owner, WithInstalments(Fields(SettlementType.Instalments, number), (Today.AddDays(-3), "100")));
        var pdf = "%PDF-1.4\n%%EOF\n"u8.ToArray();
        await owner.PostMultipartAsync($"/contracts/maintain/{id}/upload", [], "file", "a.pdf", pdf, tokenFrom: $"/contracts/maintain/{id}/edit");
        var pages = new[] { "edit", "download", "customer" }.Select(p => $"/contracts/maintain/{id}/{p}")
            .Concat(new[] { "pay", "payments", "dun", "dunnings" }.Select(p => $"/contracts/arrears/{id}/{p}")).ToList();

        foreach (var login in new[] { DemoUsers.JiangAnCm2, DemoUsers.JiangAnDept, DemoUsers.WuhanCentre, DemoUsers.Province })
        {
            using var s = await LoginAsync(login);
            Assert.That(Lists(await s.GetHtmlAsync($"{ListUrl}?Number={number}"), number), login);
            Assert.That(await s.GetHtmlAsync($"/contracts/arrears?Field=number&Keyword={number}"), Does.Contain($"data-contract=\"{number}\""), login);
            foreach (var url in pages) Assert.That((await s.GetAsync(url)).StatusCode, Is.EqualTo(HttpStatusCode.OK), $"{login} {url}");
        }
        var before = Contract(id);
        foreach (var login in new[] { DemoUsers.WuchangCm1, DemoUsers.YichangCm1, DemoUsers.YichangCentre })
        {
            using var s = await LoginAsync(login);
            Assert.That(Lists(await s.GetHtmlAsync($"{ListUrl}?Number={number}"), number), Is.False, login);
            Assert.That(await s.GetHtmlAsync($"/contracts/arrears?Field=number&Keyword={number}"), Does.Not.Contain($"data-contract=\"{number}\""), login);
            foreach (var url in pages) await AssertNotFoundAsync(s, url);
            await s.GetAsync(ListUrl);
            var edit = await s.PostFormAsync($"/contracts/maintain/{id}/edit", Fields(SettlementType.FixedDate, "HIJACK"));
            Assert.That(edit.StatusCode, Is.EqualTo(HttpStatusCode.NotFound), login);
            var pay = await s.PostFormAsync($"/contracts/arrears/{id}/pay", new { PaidOn = D(Today), Amount = "1", Method = "现金" });
            Assert.That(pay.StatusCode, Is.EqualTo(HttpStatusCode.NotFound), login);
            var dun = await s.PostFormAsync($"/contracts/arrears/{id}/dun", new { DunnedOn = D(Today), Method = "电话", Content = "x", DunnedBy = "x" });
            Assert.That(dun.StatusCode, Is.EqualTo(HttpStatusCode.NotFound), login);
            var upload = await s.PostMultipartAsync($"/contracts/maintain/{id}/upload", [], "file", "b.pdf", pdf);
            Assert.That(upload.StatusCode, Is.EqualTo(HttpStatusCode.NotFound), login);
        }
        var after = Contract(id);
        Assert.That((after.Number, after.PaidFen, after.FileId, after.SettlementType), Is.EqualTo((before.Number, before.PaidFen, before.FileId, before.SettlementType)));
        using var db = Db();
        Assert.That(db.GetTable<Dunning>().Any(d => d.ContractId == id), Is.False);
    }

    [Test]
    public async Task F_5_3_the_region_choices_are_kept_briefly_and_follow_a_renamed_area_within_half_a_minute()
    {
        using var centre = await LoginAsync(DemoUsers.WuhanCentre);
        int wuchang;
        using (var db = Db()) wuchang = db.OrgUnits.First(u => u.Name == "武昌区").Id;
        async Task<string> Choice() =>
            Regex.Match(await centre.GetHtmlAsync(ListUrl), $"<option value=\"{wuchang}\"[^>]*>([^<]*)</option>").Groups[1].Value.Trim();
        Assert.That(await Choice(), Is.EqualTo("武昌区"));
        var renamed = Unique("武昌");
        using (var db = Db()) db.OrgUnits.Where(u => u.Id == wuchang).Set(u => u.Name, renamed).Update();
        try
        {
            Assert.That(await Choice(), Is.EqualTo("武昌区"), "kept for a moment");
            Clock.Offset = TimeSpan.FromSeconds(31);
            Assert.That(await Choice(), Is.EqualTo(renamed), "read again after half a minute");
        }
        finally
        {
            using var db = Db();
            db.OrgUnits.Where(u => u.Id == wuchang).Set(u => u.Name, "武昌区").Update();
        }
    }

    [Test]
    public async Task F_5_3_the_list_is_newest_first_across_its_pages_with_every_contract_once()
    {
        using var s = await LoginAsync(DemoUsers.JiangAnCm1);
        var older = Unique("HT");
        var newer = Unique("HT");
        await AddAsync(s, Fields(SettlementType.FixedDate, older));
        await AddAsync(s, Fields(SettlementType.FixedDate, newer));
        using var centre = await LoginAsync(DemoUsers.WuhanCentre);
        var first = await centre.GetHtmlAsync(ListUrl);
        var total = int.Parse(Regex.Match(first, "共 (\\d+) 条").Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        var numbers = new List<string>();
        for (var page = 1; page <= (total + 19) / 20; page++)
        {
            var html = page == 1 ? first : await centre.GetHtmlAsync($"{ListUrl}?Page={page}");
            var found = Regex.Matches(html, "/edit\">([^<]+)</a>").Select(m => m.Groups[1].Value).ToList();
            Assert.That(found, Has.Count.EqualTo(Math.Min(20, total - numbers.Count)), $"page {page}");
            numbers.AddRange(found);
        }
        Assert.That(total, Is.GreaterThan(20), "the demo city has more than a page of contracts");
        Assert.That(numbers.Take(2), Is.EqualTo(new[] { newer, older }), "the newest contract first");
        Assert.That(numbers.Distinct().Count(), Is.EqualTo(total), "every contract once");
    }

    [Test]
    public async Task F_5_3_a_page_past_the_end_shows_the_last_page_with_the_count()
    {
        using var s = await LoginAsync(DemoUsers.WuhanCentre);
        var first = await s.GetHtmlAsync(ListUrl);
        var pages = Regex.Match(first, "共 (\\d+) 条,第 1 / (\\d+) 页");
        var total = int.Parse(pages.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        var last = int.Parse(pages.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture);
        var beyond = await s.GetHtmlAsync($"{ListUrl}?Page={last + 5}");
        Assert.That(beyond, Does.Contain($"共 {total} 条,第 {last} / {last} 页"));
        Assert.That(Regex.Count(beyond, "/edit\">"), Is.EqualTo(total - (last - 1) * 20), "the last page's rows");
    }

    [Test]
    public async Task F_5_3_the_list_is_paginated_and_exports_to_xlsx()
    {
        using var s = await LoginAsync(DemoUsers.WuhanCentre);
        var first = await s.GetHtmlAsync(ListUrl);
        Assert.That(first, Does.Match("共 \\d+ 条,第 1 / [2-9]\\d* 页"));
        Assert.That(first, Does.Contain("id=\"next-page\""));
        var second = await s.GetHtmlAsync($"{ListUrl}?Page=2");
        Assert.That(second, Does.Contain("第 2 / "));
        var res = await s.GetAsync($"{ListUrl}/export");
        Assert.That(res.Content.Headers.ContentType!.MediaType, Is.EqualTo("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"));
        var bytes = await res.Content.ReadAsByteArrayAsync();
        Assert.That(bytes[..2], Is.EqualTo("PK"u8.ToArray()));
    }
}
