using System.Net;
using System.Text.RegularExpressions;
using PostalCrm.Plugins.Contracts.Data;
using PostalCrm.Sdk.Data;
using PostalCrm.Testing;

namespace PostalCrm.Plugins.Contracts.Tests;

/// <summary>F-5.4 合同欠费: the arrears rule with a moved clock, 缴费, 缴款明细, 催缴, 催缴明细, the fee-terms lock, the alert.</summary>
[TestFixtureSource(typeof(TestDatabase), nameof(TestDatabase.Providers))]
public partial class ArrearsTests(DatabaseProvider provider) : ContractsFixture(provider)
{
    private const string ListUrl = "/contracts/arrears";

    /// <summary>The arrears amount shown for the contract, or null when it is not listed as in arrears.</summary>
    private static async Task<string?> ArrearsOf(WebSession s, string number, string query = "")
    {
        var html = await s.GetHtmlAsync($"{ListUrl}?Field=number&Keyword={number}&{query}");
        var m = Regex.Match(html, $"data-contract=\"{number}\">.*?class=\"text-end text-danger arrears-amount\">([^<]+)</td>\\s*<td class=\"text-nowrap\">([^<]*)</td>", RegexOptions.Singleline);
        return m.Success ? m.Groups[1].Value + " " + m.Groups[2].Value : null;
    }

    private async Task<int> InstalmentContractAsync(WebSession s, string number, params (DateOnly Due, string Amount)[] lines) =>
        await AddAsync(s, WithInstalments(Fields(SettlementType.Instalments, number), lines));

    private static Task<HttpResponseMessage> PayAsync(WebSession s, int id, string amount, DateOnly on, string method = "转账") =>
        s.PostFormAsync($"/contracts/arrears/{id}/pay", new { PaidOn = on.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), Amount = amount, Method = method, ReceiptNo = "R1" },
            tokenFrom: $"/contracts/arrears/{id}/pay");

    [Test]
    public async Task F_5_4_an_amount_due_today_is_in_arrears_the_day_before_it_is_not()
    {
        var s = await LoginAsync(DemoUsers.JiangAnCm1);
        var number = Unique("QF");
        var due = Today.AddDays(1);
        await InstalmentContractAsync(s, number, (due, "100.00"), (due.AddDays(20), "50.00"));
        Assert.That(await ArrearsOf(s, number), Is.Null, "nothing due yet");

        Clock.Offset = TimeSpan.FromDays(1);
        s.Dispose();
        s = await LoginAsync(DemoUsers.JiangAnCm1);
        Assert.That(Today, Is.EqualTo(due));
        Assert.That(await ArrearsOf(s, number), Is.EqualTo($"100.00 {D(due)}"), "due today and unpaid");

        Clock.Offset = TimeSpan.FromDays(21);
        s.Dispose();
        s = await LoginAsync(DemoUsers.JiangAnCm1);
        Assert.That(await ArrearsOf(s, number), Is.EqualTo($"150.00 {D(due)}"), "both instalments due");
        s.Dispose();
    }

    [Test]
    public async Task F_5_4_partial_payments_across_instalments()
    {
        using var s = await LoginAsync(DemoUsers.JiangAnCm1);
        var number = Unique("QF");
        var id = await InstalmentContractAsync(s, number, (Today.AddDays(-20), "100.00"), (Today.AddDays(-5), "50.00"), (Today.AddDays(10), "30.00"));
        Assert.That(await ArrearsOf(s, number), Is.EqualTo($"150.00 {D(Today.AddDays(-20))}"));

        Assert.That((await PayAsync(s, id, "120", Today)).StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        Assert.That(await ArrearsOf(s, number), Is.EqualTo($"30.00 {D(Today.AddDays(-5))}"), "the first instalment is paid, 30 of the second is not");

        Assert.That((await PayAsync(s, id, "0.10", Today)).StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        Assert.That((await PayAsync(s, id, "0.20", Today)).StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        Assert.That(await ArrearsOf(s, number), Is.EqualTo($"29.70 {D(Today.AddDays(-5))}"), "exact money: 0.10 + 0.20");
        Assert.That((await PayAsync(s, id, "29.70", Today)).StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        Assert.That(await ArrearsOf(s, number), Is.Null, "everything due is paid; the future instalment is not arrears");

        var error = Errors(await (await PayAsync(s, id, "30.01", Today)).Content.ReadAsStringAsync());
        Assert.That(error, Does.Contain("不能超过未缴金额 30.00 元"));
        Assert.That((await PayAsync(s, id, "30", Today)).StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        Assert.That(Contract(id).PaidFen, Is.EqualTo(Contract(id).TotalFen));
        Assert.That(Errors(await (await PayAsync(s, id, "0.01", Today)).Content.ReadAsStringAsync()), Does.Contain("不能超过未缴金额 0.00 元"));

        var history = await s.GetHtmlAsync($"/contracts/arrears/{id}/payments");
        Assert.That(Regex.Count(history, "<td>转账</td>"), Is.EqualTo(5));
        Assert.That(history, Does.Contain("120.00").And.Contain("29.70").And.Contain("已付清"));
    }

    [Test]
    public async Task F_5_4_concurrent_payments_never_exceed_the_contract()
    {
        var sessions = new[] { await LoginAsync(DemoUsers.JiangAnCm1), await LoginAsync(DemoUsers.JiangAnCm2), await LoginAsync(DemoUsers.JiangAnDept) };
        var id = await InstalmentContractAsync(sessions[0], Unique("QF"), (Today.AddDays(-1), "100"));
        foreach (var s in sessions) await s.GetAsync($"/contracts/arrears/{id}/pay");
        var day = D(Today);
        var results = await Task.WhenAll(Enumerable.Range(0, 6).Select(i =>
            sessions[i % sessions.Length].PostFormAsync($"/contracts/arrears/{id}/pay", new { PaidOn = day, Amount = "40", Method = "现金" })));
        Assert.That(results.Count(r => r.StatusCode == HttpStatusCode.Redirect), Is.EqualTo(2), "only two payments of 40 fit into 100");
        Assert.That(Contract(id).PaidFen, Is.EqualTo(8000));
        using (var db = Db()) Assert.That(db.GetTable<Payment>().Where(p => p.ContractId == id).Sum(p => p.AmountFen), Is.EqualTo(8000));
        foreach (var s in sessions) s.Dispose();
    }

    [Test]
    public async Task F_5_4_one_off_contracts_by_due_date_and_settlement_types_without_schedule_never()
    {
        using var s = await LoginAsync(DemoUsers.JiangAnCm1);
        var past = Unique("QF");
        var future = Unique("QF");
        await AddAsync(s, Fields(SettlementType.OneOff, past, ("OneOffDate", D(Today.AddDays(-1))), ("OneOffAmount", "500")));
        await AddAsync(s, Fields(SettlementType.OneOff, future, ("OneOffDate", D(Today.AddDays(1))), ("OneOffAmount", "500")));
        var fixedNo = Unique("QF");
        var fixedId = await AddAsync(s, Fields(SettlementType.FixedDate, fixedNo, ("FixedPaymentDate", D(Today.AddDays(-30)))));
        Assert.That(await ArrearsOf(s, past), Is.EqualTo($"500.00 {D(Today.AddDays(-1))}"));
        Assert.That(await ArrearsOf(s, future), Is.Null);
        Assert.That(await ArrearsOf(s, fixedNo), Is.Null);
        Assert.That(Errors(await (await PayAsync(s, fixedId, "1", Today)).Content.ReadAsStringAsync()), Does.Contain("只有指定日期分期付款型和一次付款型"));
    }

    [Test]
    public async Task F_5_4_a_payment_needs_its_fields_and_a_date_not_in_the_future()
    {
        using var s = await LoginAsync(DemoUsers.JiangAnCm1);
        var id = await InstalmentContractAsync(s, Unique("QF"), (Today.AddDays(-2), "10"));
        var before = Count<Payment>();
        var res = await s.PostFormAsync($"/contracts/arrears/{id}/pay", new { PaidOn = "", Amount = "", Method = "" }, tokenFrom: $"/contracts/arrears/{id}/pay");
        Assert.That(Errors(await res.Content.ReadAsStringAsync()), Does.Contain("缴费日期").And.Contain("缴费金额").And.Contain("缴费方式"));
        Assert.That(Errors(await (await PayAsync(s, id, "1", Today.AddDays(1))).Content.ReadAsStringAsync()), Does.Contain("不能晚于今天"));
        Assert.That(Errors(await (await PayAsync(s, id, "1", Today, "比特币")).Content.ReadAsStringAsync()), Does.Contain("缴费方式"));
        Assert.That(Errors(await (await PayAsync(s, id, "1.001", Today)).Content.ReadAsStringAsync()), Does.Contain("缴费金额"));
        Assert.That(Count<Payment>(), Is.EqualTo(before));
        Assert.That(Contract(id).PaidFen, Is.Zero);
    }

    [Test]
    public async Task F_5_4_once_paid_the_fee_terms_are_hidden_and_refused()
    {
        using var s = await LoginAsync(DemoUsers.JiangAnCm1);
        var number = Unique("QF");
        var id = await InstalmentContractAsync(s, number, (Today.AddDays(-2), "100"), (Today.AddDays(30), "100"));
        var editUrl = $"/contracts/maintain/{id}/edit";
        Assert.That(await s.GetHtmlAsync(editUrl), Does.Contain("name=\"SettlementType\""));
        await PayAsync(s, id, "50", Today);

        var edit = await s.GetHtmlAsync(editUrl);
        Assert.That(edit, Does.Contain("id=\"terms-locked\"").And.Not.Contain("name=\"SettlementType\"").And.Not.Contain("name=\"InstalmentAmounts\""));
        // A post that changes the terms is refused, and nothing changes.
        var changed = WithInstalments(Fields(SettlementType.Instalments, number), (Today.AddDays(-2), "10"), (Today.AddDays(30), "100"));
        var error = await RefusedAsync(s, editUrl, changed, editUrl);
        Assert.That(error, Does.Contain("已有缴费记录"));
        var other = Fields(SettlementType.OneOff, number, ("OneOffAmount", "1"));
        Assert.That(await RefusedAsync(s, editUrl, other, editUrl), Does.Contain("已有缴费记录"));
        Assert.That(Contract(id).TotalFen, Is.EqualTo(20000));
        Assert.That(Schedule(id).Select(i => i.AmountFen), Is.EqualTo(new[] { 10000L, 10000L }));
        // The rest of the contract may still change; the same terms posted again are no change.
        var datesOnly = new Dictionary<string, string> { ["Number"] = number, ["EffectiveDate"] = D(Today.AddDays(-60)), ["ExpiryDate"] = D(Today.AddYears(3)), ["Remarks"] = "续签" };
        var res = await s.PostFormAsync(editUrl, datesOnly, tokenFrom: editUrl);
        Assert.That(res.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), Errors(await res.Content.ReadAsStringAsync()));
        Assert.That((Contract(id).ExpiryDate, Contract(id).Remarks, Contract(id).TotalFen), Is.EqualTo((Today.AddYears(3), "续签", 20000L)));
        var same = WithInstalments(Fields(SettlementType.Instalments, number), (Today.AddDays(-2), "100"), (Today.AddDays(30), "100.00"));
        res = await s.PostFormAsync(editUrl, same, tokenFrom: editUrl);
        Assert.That(res.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), Errors(await res.Content.ReadAsStringAsync()));
    }

    [Test]
    public async Task F_5_4_a_changed_schedule_moves_the_arrears_date_and_every_kept_date_matches_the_schedule()
    {
        using var s = await LoginAsync(DemoUsers.JiangAnCm1);
        var number = Unique("QF");
        var id = await InstalmentContractAsync(s, number, (Today.AddDays(10), "100"));
        Assert.That(await ArrearsOf(s, number), Is.Null, "not due yet");

        var editUrl = $"/contracts/maintain/{id}/edit";
        var earlier = WithInstalments(Fields(SettlementType.Instalments, number), (Today.AddDays(-3), "40"), (Today.AddDays(10), "100"));
        var res = await s.PostFormAsync(editUrl, earlier, tokenFrom: editUrl);
        Assert.That(res.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), Errors(await res.Content.ReadAsStringAsync()));
        Assert.That(await ArrearsOf(s, number), Is.EqualTo($"40.00 {D(Today.AddDays(-3))}"), "the new schedule's first line is due");

        await PayAsync(s, id, "40", Today);
        Assert.That(await ArrearsOf(s, number), Is.Null);
        Assert.That(Contract(id).UnpaidSince, Is.EqualTo(Today.AddDays(10)), "the next unpaid line");

        // The date kept on each contract (demo rows and every test's) is the schedule rule's answer.
        await using var db = Db();
        var schedule = db.GetTable<Instalment>();
        var stale = db.GetTable<Contract>()
            .Where(c => c.UnpaidSince != schedule.Where(i => i.ContractId == c.Id && i.CumulativeFen > c.PaidFen).Min(i => (DateOnly?)i.DueDate)
                || (c.UnpaidSince == null && schedule.Any(i => i.ContractId == c.Id && i.CumulativeFen > c.PaidFen)))
            .Select(c => c.Number).ToList();
        Assert.That(stale, Is.Empty);
        Assert.That(db.GetTable<Contract>().Count(c => c.UnpaidSince != null), Is.GreaterThan(0));
    }

    [Test]
    public async Task F_5_4_dunning_notices_are_recorded_and_listed()
    {
        using var s = await LoginAsync(DemoUsers.JiangAnCm1);
        var id = await InstalmentContractAsync(s, Unique("QF"), (Today.AddDays(-2), "10"));
        var form = await s.GetHtmlAsync($"/contracts/arrears/{id}/dun");
        Assert.That(form, Does.Contain("江岸客户经理陈静"), "催缴人 defaults to the user");
        var res = await s.PostFormAsync($"/contracts/arrears/{id}/dun", new { DunnedOn = D(Today), Method = "电话", Content = "", DunnedBy = "陈静" });
        Assert.That(Errors(await res.Content.ReadAsStringAsync()), Does.Contain("催缴内容"));
        res = await s.PostFormAsync($"/contracts/arrears/{id}/dun", new { DunnedOn = D(Today), Method = "上门", Content = "请于本周内付清第一期款项", DunnedBy = "陈静" },
            tokenFrom: $"/contracts/arrears/{id}/dun");
        Assert.That(res.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        var list = await s.GetHtmlAsync($"/contracts/arrears/{id}/dunnings");
        Assert.That(list, Does.Contain("请于本周内付清第一期款项").And.Contain("<td>上门</td>").And.Contain("<td>陈静</td>"));
    }

    [Test]
    public async Task F_5_4_search_by_customer_name_code_number_and_arrears_date_when_ticked()
    {
        using var s = await LoginAsync(DemoUsers.JiangAnCm1);
        var number = Unique("QF");
        var since = Today.AddDays(-7);
        await AddAsync(s, Fields(SettlementType.OneOff, number, ("CustomerId", Str(CustomerId(2))), ("OneOffDate", D(since)), ("OneOffAmount", "99")));
        string name, code;
        using (var db = Db())
        {
            var c = db.BusinessCustomers.First(x => x.Id == CustomerId(2));
            (name, code) = (c.Name, c.Code);
        }
        async Task<bool> Listed(string query) => (await s.GetHtmlAsync($"{ListUrl}?{query}")).Contains($"data-contract=\"{number}\"", StringComparison.Ordinal);

        Assert.That(await Listed($"Field=name&Keyword={Uri.EscapeDataString(name)}"));
        string pair;
        using (var db = Db()) pair = SearchKeywords.RarestBigram(db, name);
        Assert.That(await Listed($"Field=name&Keyword={Uri.EscapeDataString(pair)}"), "2 characters of the name: through the bigram index");
        Assert.That(await Listed($"Field=name&Keyword={Uri.EscapeDataString("龘龘")}"), Is.False, "2 characters no customer has");
        Assert.That(await Listed($"Field=code&Keyword={code}"));
        Assert.That(await Listed($"Field=number&Keyword={number}"));
        Assert.That(await Listed($"Field=code&Keyword={number}"), Is.False, "the keyword is matched against the chosen field only");
        Assert.That(await Listed($"Field=number&Keyword={number}&UseDate=true&From={D(since)}&To={D(since)}"));
        Assert.That(await Listed($"Field=number&Keyword={number}&UseDate=true&From={D(since.AddDays(1))}"), Is.False);
        Assert.That(await Listed($"Field=number&Keyword={number}&From={D(since.AddDays(1))}"), "not ticked: ignored");
        var export = await s.GetAsync($"{ListUrl}/export?Field=number&Keyword={number}");
        Assert.That((await export.Content.ReadAsByteArrayAsync())[..2], Is.EqualTo("PK"u8.ToArray()));
    }

    [Test]
    public async Task F_5_4_the_list_runs_in_arrears_date_order_across_its_pages_with_every_contract_once()
    {
        using var cm = await LoginAsync(DemoUsers.JiangAnCm1);
        // More than a page of arrears in Wuhan: a second page exists, and its rows are cut after the sort, not before.
        static int TotalOf(string html) => int.Parse(Regex.Match(html, "共 (\\d+) 条").Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        using var centre = await LoginAsync(DemoUsers.WuhanCentre);
        for (var i = TotalOf(await centre.GetHtmlAsync(ListUrl)); i <= 20; i++)
            await InstalmentContractAsync(cm, Unique("QF"), (Today.AddDays(-1 - i), "10.00"));

        var first = await centre.GetHtmlAsync(ListUrl);
        var total = TotalOf(first);
        var rows = new List<(string Number, string Since)>();
        for (var page = 1; page <= (total + 19) / 20; page++)
        {
            var html = page == 1 ? first : await centre.GetHtmlAsync($"{ListUrl}?Page={page}");
            var found = Regex.Matches(html, "data-contract=\"([^\"]+)\">.*?arrears-amount\">[^<]+</td>\\s*<td class=\"text-nowrap\">([^<]*)</td>", RegexOptions.Singleline)
                .Select(m => (m.Groups[1].Value, m.Groups[2].Value)).ToList();
            Assert.That(found, Has.Count.EqualTo(Math.Min(20, total - rows.Count)), $"page {page}");
            rows.AddRange(found);
        }
        Assert.That(total, Is.GreaterThan(20));
        Assert.That(rows.Select(r => r.Number).Distinct().Count(), Is.EqualTo(total), "every contract in arrears once");
        Assert.That(rows.Select(r => r.Since), Is.Ordered.Using<string>(StringComparer.Ordinal), "oldest arrears first, across pages");
    }

    private static decimal CardAmount(string html)
    {
        var m = Regex.Match(html, "欠费金额 ([0-9,.]+) 元");
        return m.Success ? decimal.Parse(m.Groups[1].Value.Replace(",", "", StringComparison.Ordinal), System.Globalization.CultureInfo.InvariantCulture) : 0m;
    }

    private static int CardCount(string html)
    {
        var m = Regex.Match(html, "欠费合同/协议 (\\d+) 份");
        return m.Success ? int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) : 0;
    }

    [Test]
    public async Task F_5_4_the_customer_manager_is_alerted_on_the_home_page()
    {
        using var s = await LoginAsync(DemoUsers.JiangAnCm2);
        var home = await s.GetHtmlAsync("/");
        Assert.That(home, Does.Contain("合同欠费提醒").And.Contain("30 天内到期未付款"));
        var before = CardCount(home);
        var beforeAmount = CardAmount(home);
        var soon = Regex.Match(home, "30 天内到期未付款 (\\d+) 笔").Groups[1].Value;
        var id = await InstalmentContractAsync(s, Unique("QF"), (Today.AddDays(-1), "80"), (Today.AddDays(12), "20"));
        home = await s.GetHtmlAsync("/");
        Assert.That(CardCount(home), Is.EqualTo(before + 1));
        Assert.That(CardAmount(home) - beforeAmount, Is.EqualTo(80m), "the amount owed grows by the instalment due");
        Assert.That(Regex.Match(home, "30 天内到期未付款 (\\d+) 笔").Groups[1].Value, Is.EqualTo(Str(int.Parse(soon, System.Globalization.CultureInfo.InvariantCulture) + 1)));
        Assert.That(home, Does.Contain("href=\"/contracts/arrears\""));
        await PayAsync(s, id, "80", Today);
        Assert.That(CardCount(await s.GetHtmlAsync("/")), Is.EqualTo(before));

        using var centre = await LoginAsync(DemoUsers.WuhanCentre);
        Assert.That(await centre.GetHtmlAsync("/"), Does.Not.Contain("合同欠费提醒"), "the alert is the customer manager's");
    }

    [Test]
    public async Task F_5_4_demo_data_has_every_settlement_type_arrears_payments_dunning_and_a_file()
    {
        using var db = Db();
        var contracts = db.GetTable<Contract>();
        Assert.That(contracts.Select(c => c.SettlementType).Distinct().ToList(), Is.EquivalentTo(Enum.GetValues<SettlementType>()));
        Assert.That(contracts.Any(c => c.FileId != null));
        Assert.That(db.GetTable<Payment>().Any() && db.GetTable<Dunning>().Any());
        Assert.That(contracts.Any(c => c.Kind == ContractKind.Agreement));
        using var s = await LoginAsync(DemoUsers.JiangAnCm1);
        var html = await s.GetHtmlAsync(ListUrl);
        Assert.That(Regex.Count(html, "data-contract="), Is.GreaterThanOrEqualTo(2), "demo contracts in arrears");
        var withFile = contracts.First(c => c.FileId != null).Id;
        using var centre = await LoginAsync(DemoUsers.Province);
        var res = await centre.GetAsync($"/contracts/maintain/{withFile}/download");
        Assert.That(res.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That((await res.Content.ReadAsByteArrayAsync())[..5], Is.EqualTo("%PDF-"u8.ToArray()));
    }
}
