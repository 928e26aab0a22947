using System.Globalization;
using System.Text;
using PostalCrm.Plugins.Contracts.Common;
using PostalCrm.Plugins.Contracts.Data;
using PostalCrm.Sdk.Data;
using PostalCrm.Sdk.Files;
using PostalCrm.Sdk.Security;
using PostalCrm.Sdk.Time;

namespace PostalCrm.Plugins.Contracts.Demo;

/// <summary>
/// Demo 客户合同: for each customer manager, contracts and agreements of every settlement type with their own customers —
/// some in arrears (one partly paid, with a dunning notice), some paid, some not yet due, one due within 30 days — and the
/// first contract of each manager with a signed PDF that downloads.
/// </summary>
public sealed class ContractsDemoData : IDemoData
{
    public async Task SeedAsync(DemoContext ctx, CancellationToken ct)
    {
        var db = ctx.Db;
        var today = ctx.Time.Today();
        var serial = 1L;
        var contractSeq = 0;
        foreach (var cm in ctx.UsersInRole(RoleCodes.CustomerManager))
        {
            var unit = ctx.Unit(cm.OrgUnitId);
            var customerIds = await db.BusinessRelationships.Where(r => r.ManagerUserId == cm.Id && r.Approved)
                .Select(r => r.CustomerId).Distinct().OrderBy(id => id).Take(8).ToListAsync(ct);
            if (customerIds.Count < 8) continue;
            string ContractNo() => $"HT{today.Year}{AreaCode(ctx, unit)}{++contractSeq:D4}";
            string AgreementNo() => ContractService.AgreementNumber(today.Year, serial++);
            var y = ctx.Random.Next(1, 10) * 10_000_00L;

            async Task<int> Add(ContractKind kind, string number, int customer, SettlementType type, DateOnly effective, DateOnly? payDate,
                int? period, int? discount, (DateOnly Due, long Fen)[] schedule, string? remarks = null)
            {
                var terms = new ContractTerms(type, payDate, period, discount, [.. schedule.OrderBy(s => s.Due)]);
                var c = new Contract
                {
                    Kind = kind, Number = number, CustomerId = customer, OrgUnitId = unit.Id, EffectiveDate = effective,
                    ExpiryDate = effective.AddYears(1).AddDays(-1), SettlementType = type, PaymentDate = payDate, PeriodMonths = period,
                    Discount = discount, TotalFen = terms.TotalFen, Remarks = remarks, CreatedBy = cm.Id, CreatedAt = ctx.DaysAgo(20, 200),
                };
                c.Id = await db.InsertWithInt32IdentityAsync(c, token: ct);
                foreach (var row in terms.Rows(c.Id)) await db.InsertAsync(row, token: ct);
                await UnpaidSince.RefreshAsync(db, c.Id, ct);
                return c.Id;
            }

            async Task Pay(int contractId, DateOnly on, long fen, string method)
            {
                await db.InsertAsync(new Payment
                {
                    ContractId = contractId, PaidOn = on, AmountFen = fen, Method = method, ReceiptNo = "SJ" + on.ToString("yyyyMMdd", CultureInfo.InvariantCulture),
                    RecordedBy = cm.Id, RecordedAt = ctx.DaysAgo(1, 10),
                }, token: ct);
                await db.GetTable<Contract>().Where(c => c.Id == contractId).Set(c => c.PaidFen, c => c.PaidFen + fen).UpdateAsync(ct);
                await UnpaidSince.RefreshAsync(db, contractId, ct);
            }

            async Task Dun(int contractId, DateOnly on, string method, string content) =>
                await db.InsertAsync(new Dunning
                {
                    ContractId = contractId, DunnedOn = on, Method = method, Content = content, DunnedBy = cm.DisplayName, RecordedBy = cm.Id,
                    RecordedAt = ctx.DaysAgo(1, 10),
                }, token: ct);

            // 指定日期结算型, with the signed contract file.
            var first = await Add(ContractKind.Contract, ContractNo(), customerIds[0], SettlementType.FixedDate, today.AddMonths(-3), today.AddDays(15), null, 85, [],
                "年度寄递服务合同");
            var pdf = Pdf($"邮政寄递服务合同 {first}");
            var file = await ctx.SaveFileAsync(cm, "邮政寄递服务合同.pdf", pdf, FilePolicy.ContractFiles(), ct);
            await db.GetTable<Contract>().Where(c => c.Id == first).Set(c => c.FileId, file.Id).UpdateAsync(ct);
            // 定期结算型 (monthly, 九折).
            await Add(ContractKind.Contract, ContractNo(), customerIds[1], SettlementType.Periodic, today.AddMonths(-6), today.AddMonths(-6).AddDays(4), 1, 90, []);
            // 分期付款: two instalments past due, only the first paid → in arrears, dunned.
            var arrears = await Add(ContractKind.Contract, ContractNo(), customerIds[2], SettlementType.Instalments, today.AddMonths(-5), null, null, null,
                [(today.AddMonths(-4), y), (today.AddMonths(-1), y), (today.AddMonths(2), y)]);
            await Pay(arrears, today.AddMonths(-4).AddDays(2), y, "转账");
            await Dun(arrears, today.AddDays(-20), "电话", "第二期款项已逾期,请尽快安排付款。");
            // 分期付款协议, all instalments in the future → not in arrears.
            await Add(ContractKind.Agreement, AgreementNo(), customerIds[3], SettlementType.Instalments, today.AddDays(-10), null, null, null,
                [(today.AddMonths(2), 50_000_00), (today.AddMonths(5), 50_000_00), (today.AddMonths(8), 50_000_00)]);
            // 一次付款型, past due and unpaid → in arrears.
            await Add(ContractKind.Contract, ContractNo(), customerIds[4], SettlementType.OneOff, today.AddMonths(-2), today.AddDays(-15), null, null,
                [(today.AddDays(-15), 36_800_00)]);
            // 一次付款型协议, paid in full.
            var paid = await Add(ContractKind.Agreement, AgreementNo(), customerIds[5], SettlementType.OneOff, today.AddMonths(-4), today.AddMonths(-3), null, null,
                [(today.AddMonths(-3), 12_500_00)]);
            await Pay(paid, today.AddMonths(-3), 12_500_00, "支票");
            // 分期付款, partly paid: 1.5 of 2 due instalments → in arrears for half of one; dunned twice.
            var partly = await Add(ContractKind.Contract, ContractNo(), customerIds[6], SettlementType.Instalments, today.AddMonths(-8), null, null, null,
                [(today.AddMonths(-6), 20_000_00), (today.AddMonths(-2), 20_000_00), (today.AddMonths(4), 20_000_00)]);
            await Pay(partly, today.AddMonths(-6), 20_000_00, "转账");
            await Pay(partly, today.AddMonths(-2).AddDays(3), 10_000_00, "现金");
            await Dun(partly, today.AddMonths(-1), "上门", "客户承诺月底前补缴第二期余款。");
            await Dun(partly, today.AddDays(-5), "函件", "寄送催缴函,请于十日内付清欠款。");
            // 分期付款 协议 due within 30 days (the home-page alert's second line).
            await Add(ContractKind.Agreement, AgreementNo(), customerIds[7], SettlementType.Instalments, today.AddMonths(-1), null, null, null,
                [(today.AddDays(10), 8_000_00), (today.AddMonths(3), 8_000_00)]);
        }
        await db.GetTable<Counter>().Where(c => c.Name == "agreement").Set(c => c.NextValue, serial).UpdateAsync(ct);
    }

    private static string AreaCode(SeedContext ctx, PostalCrm.Sdk.Organisation.OrgUnit unit) => ctx.AreaOf(unit).Code;

    /// <summary>A small, valid one-page PDF.</summary>
    public static byte[] Pdf(string title)
    {
        var text = new string([.. title.Where(char.IsAscii)]);
        var body = $"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
            + "3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\n"
            + $"% {text}\ntrailer<</Root 1 0 R>>\n%%EOF\n";
        return Encoding.ASCII.GetBytes(body);
    }
}
