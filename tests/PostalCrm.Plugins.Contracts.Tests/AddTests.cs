using System.Net;
using PostalCrm.Plugins.Contracts.Data;
using PostalCrm.Sdk.Data;
using PostalCrm.Testing;

namespace PostalCrm.Plugins.Contracts.Tests;

/// <summary>F-5.1 客户用邮合同添加 and F-5.2 客户用邮协议添加.</summary>
[TestFixtureSource(typeof(TestDatabase), nameof(TestDatabase.Providers))]
public class AddTests(DatabaseProvider provider) : ContractsFixture(provider)
{
    [Test]
    public async Task F_5_1_customer_search_lists_registered_customers_to_pick()
    {
        using var s = await LoginAsync(DemoUsers.JiangAnCm1);
        string name;
        using (var db = Db()) name = db.BusinessCustomers.First(c => c.Id == CustomerId()).Name;
        var html = await s.GetHtmlAsync($"{NewContractUrl}?q={Uri.EscapeDataString(name[..3])}");
        Assert.That(html, Does.Contain("选择您要签订合同的客户").And.Contain($"<option value=\"{CustomerId()}\">"));
        Assert.That(html, Does.Contain("data-enter-event=\"search\""), "Enter searches");
        var partial = await s.GetHtmlAsync($"/contracts/customers?kind=Contract&q={Uri.EscapeDataString(name[..3])}");
        Assert.That(partial, Does.Contain($"<option value=\"{CustomerId()}\">"));
        var form = await s.GetHtmlAsync($"{NewContractUrl}?customerId={CustomerId()}");
        Assert.That(form, Does.Contain(name).And.Contain("name=\"Number\""));
        // Nothing shows before a settlement type is chosen; every block is hidden.
        foreach (var t in new[] { 1, 2, 3, 4 }) Assert.That(form, Does.Contain($"id=\"settle-{t}\" hidden=\"hidden\""));
    }

    [Test]
    public async Task F_5_1_a_fixed_date_contract_with_its_file_is_saved_and_the_file_downloads()
    {
        using var s = await LoginAsync(DemoUsers.JiangAnCm1);
        var number = Unique("HT");
        var pdf = "%PDF-1.4\n% 合同 test\n%%EOF\n"u8.ToArray();
        var res = await s.PostMultipartAsync(NewContractUrl, Fields(SettlementType.FixedDate, number), "File", "服务合同.pdf", pdf, tokenFrom: NewContractUrl);
        Assert.That(res.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), Errors(await res.Content.ReadAsStringAsync()));
        using var db = Db();
        var c = db.GetTable<Contract>().First(x => x.Number == number);
        Assert.That((c.Kind, c.SettlementType, c.Discount, c.PaymentDate, c.TotalFen), Is.EqualTo((ContractKind.Contract, SettlementType.FixedDate, (int?)75, (DateOnly?)Today.AddDays(5), 0L)));
        Assert.That(c.FileId, Is.Not.Null);
        var download = await s.GetAsync($"/contracts/maintain/{c.Id}/download");
        Assert.That(download.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(await download.Content.ReadAsByteArrayAsync(), Is.EqualTo(pdf));
        Assert.That(download.Content.Headers.ContentDisposition!.FileNameStar, Is.EqualTo("服务合同.pdf"));
        var edit = await s.GetHtmlAsync($"/contracts/maintain/{c.Id}/edit");
        Assert.That(edit, Does.Contain("合同下载"));
        Assert.That(db.AuditEntries.Any(a => a.Entity == "contracts_contract" && a.EntityId == Str(c.Id) && a.Action == "create"));
    }

    [TestCase("-1")]
    [TestCase("101")]
    [TestCase("75.5")]
    [TestCase("七五")]
    [TestCase("")]
    public async Task F_5_1_discount_outside_0_to_100_is_refused(string discount)
    {
        using var s = await LoginAsync(DemoUsers.JiangAnCm1);
        var before = Count<Contract>();
        foreach (var (type, field) in new[] { (SettlementType.FixedDate, "FixedDiscount"), (SettlementType.Periodic, "PeriodicDiscount") })
        {
            var error = await RefusedAsync(s, NewContractUrl, Fields(type, null, (field, discount)));
            Assert.That(error, Does.Contain("优惠折扣"), $"{type} {discount}");
            if (discount.Length > 0) Assert.That(error, Does.Contain("0 到 100 之间的整数"));
        }
        Assert.That(Count<Contract>(), Is.EqualTo(before), "nothing saved");
    }

    [TestCase("0")]
    [TestCase("100")]
    [TestCase("75")]
    public async Task F_5_1_discount_0_to_100_is_accepted(string discount)
    {
        using var s = await LoginAsync(DemoUsers.JiangAnCm1);
        var id = await AddAsync(s, Fields(SettlementType.Periodic, null, ("PeriodicDiscount", discount)));
        Assert.That(Contract(id).Discount, Is.EqualTo(int.Parse(discount, System.Globalization.CultureInfo.InvariantCulture)));
        Assert.That(Contract(id).PeriodMonths, Is.EqualTo(3));
    }

    [Test]
    public async Task F_5_1_the_page_checks_the_discount_too()
    {
        using var s = await LoginAsync(DemoUsers.JiangAnCm1);
        var form = await s.GetHtmlAsync($"{NewContractUrl}?customerId={CustomerId()}");
        Assert.That(form, Does.Match("id=\"FixedDiscount\" name=\"FixedDiscount\" (value=\"\" )?type=\"number\" min=\"0\" max=\"100\" step=\"1\""));
    }

    [Test]
    public async Task F_5_1_missing_required_fields_are_all_listed_and_nothing_is_saved()
    {
        using var s = await LoginAsync(DemoUsers.JiangAnCm1);
        var before = (Count<Contract>(), Count<Instalment>());
        var error = await RefusedAsync(s, NewContractUrl, new Dictionary<string, string> { ["CustomerId"] = Str(CustomerId()), ["SettlementType"] = "4" });
        Assert.That(error, Does.Contain("合同编号").And.Contain("生效日期").And.Contain("失效日期").And.Contain("付款时间").And.Contain("付款金额"));
        error = await RefusedAsync(s, NewContractUrl, new Dictionary<string, string> { ["CustomerId"] = Str(CustomerId()), ["Number"] = Unique("HT") });
        Assert.That(error, Does.Contain("结算方式"));
        Assert.That((Count<Contract>(), Count<Instalment>()), Is.EqualTo(before));
    }

    [Test]
    public async Task F_5_1_the_form_shows_only_the_chosen_settlement_types_fields()
    {
        using var s = await LoginAsync(DemoUsers.JiangAnCm1);
        var res = await s.PostFormAsync(NewContractUrl, Fields(SettlementType.OneOff, null, ("OneOffAmount", "")), tokenFrom: NewContractUrl);
        var html = await res.Content.ReadAsStringAsync();
        Assert.That(html, Does.Contain("id=\"settle-4\" >").Or.Contain("id=\"settle-4\">"));
        foreach (var t in new[] { 1, 2, 3 }) Assert.That(html, Does.Contain($"id=\"settle-{t}\" hidden=\"hidden\""));
        Assert.That(html, Does.Contain("data-picks=\".settlement\""), "site.js switches the blocks when the type changes");
    }

    [Test]
    public async Task F_5_1_effective_date_must_be_before_expiry_date()
    {
        using var s = await LoginAsync(DemoUsers.JiangAnCm1);
        var before = Count<Contract>();
        var error = await RefusedAsync(s, NewContractUrl, Fields(SettlementType.FixedDate, null, ("EffectiveDate", D(Today)), ("ExpiryDate", D(Today))));
        Assert.That(error, Does.Contain("生效日期必须早于失效日期"));
        Assert.That(Count<Contract>(), Is.EqualTo(before));
    }

    [Test]
    public async Task F_5_1_instalments_are_added_one_by_one_listed_cleared_and_saved_exactly()
    {
        using var s = await LoginAsync(DemoUsers.JiangAnCm1);
        var fields = Fields(SettlementType.Instalments);
        // 确定 adds the pair to the list (posted back, no script); nothing is saved meanwhile.
        var before = Count<Contract>();
        var add1 = fields.Append(new("Op", "add-instalment")).Append(new("NewInstalmentDate", D(Today.AddDays(40)))).Append(new("NewInstalmentAmount", "0.10"));
        var html = await (await s.PostFormAsync(NewContractUrl, add1, tokenFrom: NewContractUrl)).Content.ReadAsStringAsync();
        Assert.That(html, Does.Contain("id=\"instalments\"").And.Contain("0.10"));
        var add2 = WithInstalments(fields, (Today.AddDays(40), "0.10")).Append(new("Op", "add-instalment"))
            .Append(new("NewInstalmentDate", D(Today.AddDays(10)))).Append(new("NewInstalmentAmount", "0.2"));
        html = await (await s.PostFormAsync(NewContractUrl, add2)).Content.ReadAsStringAsync();
        Assert.That(html, Does.Contain("0.10").And.Contain("0.20"));
        Assert.That(html, Does.Contain("name=\"InstalmentAmounts\" value=\"0.20\""));
        // A bad amount is refused with a message and the list stays.
        var bad = WithInstalments(fields, (Today.AddDays(40), "0.10")).Append(new("Op", "add-instalment"))
            .Append(new("NewInstalmentDate", D(Today.AddDays(10)))).Append(new("NewInstalmentAmount", "1.234"));
        html = await (await s.PostFormAsync(NewContractUrl, bad)).Content.ReadAsStringAsync();
        Assert.That(Errors(html), Does.Contain("付款金额"));
        Assert.That(html, Does.Contain("name=\"InstalmentAmounts\" value=\"0.10\""));
        // 清空 empties it.
        var clear = WithInstalments(fields, (Today.AddDays(40), "0.10"), (Today.AddDays(10), "0.20")).Append(new("Op", "clear-instalments"));
        html = await (await s.PostFormAsync(NewContractUrl, clear)).Content.ReadAsStringAsync();
        Assert.That(html, Does.Contain("id=\"instalments-empty\"").And.Not.Contain("name=\"InstalmentAmounts\""));
        Assert.That(Count<Contract>(), Is.EqualTo(before));

        var id = await AddAsync(s, WithInstalments(fields, (Today.AddDays(40), "0.10"), (Today.AddDays(10), "0.20")));
        var c = Contract(id);
        Assert.That(c.TotalFen, Is.EqualTo(30), "0.10 + 0.20 is exactly 0.30");
        var schedule = Schedule(id);
        Assert.That(schedule.Select(i => (i.DueDate, i.AmountFen, i.CumulativeFen)),
            Is.EqualTo(new[] { (Today.AddDays(10), 20L, 20L), (Today.AddDays(40), 10L, 30L) }), "in due-date order with running totals");
    }

    [Test]
    public async Task F_5_1_an_instalment_contract_needs_at_least_one_instalment()
    {
        using var s = await LoginAsync(DemoUsers.JiangAnCm1);
        var error = await RefusedAsync(s, NewContractUrl, Fields(SettlementType.Instalments));
        Assert.That(error, Does.Contain("付款明细"));
    }

    [Test]
    public async Task F_5_1_one_off_amount_must_be_exact_money()
    {
        using var s = await LoginAsync(DemoUsers.JiangAnCm1);
        foreach (var amount in new[] { "12.345", "abc", "-5", "0" })
            Assert.That(await RefusedAsync(s, NewContractUrl, Fields(SettlementType.OneOff, null, ("OneOffAmount", amount))), Does.Contain("付款金额"), amount);
        var id = await AddAsync(s, Fields(SettlementType.OneOff, null, ("OneOffAmount", "12345678.91")));
        Assert.That(Contract(id).TotalFen, Is.EqualTo(1234567891L));
        Assert.That(Schedule(id).Single().DueDate, Is.EqualTo(Today.AddDays(5)));
    }

    [Test]
    public async Task F_5_1_a_contract_number_is_unique()
    {
        using var s = await LoginAsync(DemoUsers.JiangAnCm1);
        var number = Unique("HT");
        await AddAsync(s, Fields(SettlementType.FixedDate, number));
        Assert.That(await RefusedAsync(s, NewContractUrl, Fields(SettlementType.FixedDate, number)), Does.Contain("已存在"));
    }

    [Test]
    public async Task F_5_1_a_file_that_is_not_a_contract_document_is_refused_and_nothing_saved()
    {
        using var s = await LoginAsync(DemoUsers.JiangAnCm1);
        var before = (Count<Contract>(), Count<PostalCrm.Sdk.Files.StoredFile>());
        byte[] exe = [.. "MZ"u8, 0x90, 0x00, .. new byte[100]];
        var res = await s.PostMultipartAsync(NewContractUrl, Fields(SettlementType.FixedDate), "File", "合同.pdf", exe, tokenFrom: NewContractUrl);
        Assert.That(res.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(Errors(await res.Content.ReadAsStringAsync()), Does.Contain("可执行"));
        res = await s.PostMultipartAsync(NewContractUrl, Fields(SettlementType.FixedDate), "File", "合同.txt", "hello"u8.ToArray(), tokenFrom: NewContractUrl);
        Assert.That(Errors(await res.Content.ReadAsStringAsync()), Does.Contain("不允许"));
        Assert.That((Count<Contract>(), Count<PostalCrm.Sdk.Files.StoredFile>()), Is.EqualTo(before));
    }

    [Test]
    public async Task F_5_2_an_agreement_gets_a_system_serial_and_no_file()
    {
        using var s = await LoginAsync(DemoUsers.JiangAnCm1);
        var form = await s.GetHtmlAsync($"{NewAgreementUrl}?customerId={CustomerId()}");
        Assert.That(form, Does.Contain("系统自动生成").And.Not.Contain("name=\"Number\"").And.Not.Contain("type=\"file\""));
        var fields = Fields(SettlementType.OneOff, "TYPED-BY-USER");
        var id = await AddAsync(s, fields, NewAgreementUrl);
        var c = Contract(id);
        Assert.That(c.Kind, Is.EqualTo(ContractKind.Agreement));
        Assert.That(c.Number, Does.Match($"^XY{Today.Year}\\d{{6}}$"), "the typed number is ignored");
        Assert.That(c.FileId, Is.Null);
        var edit = await s.GetHtmlAsync($"/contracts/maintain/{id}/edit");
        Assert.That(edit, Does.Contain(c.Number).And.Not.Contain("name=\"file\""));
    }

    [Test]
    public async Task F_5_2_concurrent_agreement_saves_get_distinct_serials()
    {
        var sessions = new[] { await LoginAsync(DemoUsers.JiangAnCm1), await LoginAsync(DemoUsers.JiangAnCm2), await LoginAsync(DemoUsers.WuchangCm1) };
        foreach (var s in sessions) await s.GetAsync(NewAgreementUrl);
        var before = Count<Contract>();
        var results = await Task.WhenAll(Enumerable.Range(0, 12).Select(i =>
            sessions[i % sessions.Length].PostFormAsync(NewAgreementUrl, Fields(SettlementType.OneOff))));
        Assert.That(results.Select(r => r.StatusCode), Is.All.EqualTo(HttpStatusCode.Redirect));
        using var db = Db();
        var numbers = db.GetTable<Contract>().OrderByDescending(c => c.Id).Take(12).Select(c => c.Number).ToList();
        Assert.That(Count<Contract>(), Is.EqualTo(before + 12));
        Assert.That(numbers, Is.Unique);
        Assert.That(numbers, Has.All.Match("^XY\\d{10}$"));
        foreach (var s in sessions) s.Dispose();
    }
}
