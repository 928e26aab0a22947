using LinqToDB;
using PostalCrm.Plugins.Contracts.Common;
using PostalCrm.Plugins.Contracts.Data;
using PostalCrm.Sdk.Audit;
using PostalCrm.Sdk.Customers;
using PostalCrm.Sdk.Data;
using PostalCrm.Sdk.Excel;
using PostalCrm.Sdk.Security;
using PostalCrm.Sdk.Time;

namespace PostalCrm.Plugins.Contracts.Features.Arrears;

/// <summary>
/// F-5.4. The arrears rule (SPEC F-5.4): an instalment or one-off contract is in arrears when the amounts due by today
/// (Beijing date) exceed what has been paid — i.e. some schedule line due today or earlier has a running total above the
/// paid amount. A contract not yet due is not in arrears however little is paid. Scope: <see cref="ContractAccess"/>.
/// The first such line's due date is kept on the contract (<see cref="Contract.UnpaidSince"/>), so the rule reads one indexed
/// column and the schedule is read only for the rows shown.
/// </summary>
public sealed class ArrearsService(TimeProvider clock, PostalDb db, ContractAccess access, AuditLog audit, ICurrentUser me)
{
    public const int PageSize = 20;
    public const string PaymentAudit = "contracts_payment";
    public const string DunningAudit = "contracts_dunning";
    public const int DueSoonDays = 30;

    public static readonly ExcelSheetSpec ExportSpec = new("合同欠费",
    [
        ExcelColumn.Text("编号", "number"), ExcelColumn.Text("客户名称", "customer"), ExcelColumn.Text("商务客户代码", "code"),
        ExcelColumn.Text("结算方式", "settlement"), ExcelColumn.Money("合同金额", "total"), ExcelColumn.Money("应缴金额", "due"),
        ExcelColumn.Money("已缴金额", "paid"), ExcelColumn.Money("欠费金额", "arrears"), ExcelColumn.Date("欠费日期", "since"),
    ]);

    /// <summary>Contracts in scope that are in arrears today.</summary>
    public IQueryable<Contract> InArrears(DateOnly today) =>
        access.InScope().Where(c => SqlDates.OnOrBefore(c.UnpaidSince, today));

    public async Task<ArrearsPage> ListAsync(ArrearsFilter filter)
    {
        var today = clock.Today();
        filter.Page = Math.Max(1, filter.Page);
        var (rows, total) = await PageAsync(filter, today);
        var pages = Math.Max(1, (total + PageSize - 1) / PageSize);
        if (rows.Count == 0 && filter.Page > 1)
        {
            // Past the end (the rows carried no count): the count alone, then the last page.
            total = await (await FilteredAsync(filter, today)).CountAsync();
            pages = Math.Max(1, (total + PageSize - 1) / PageSize);
            filter.Page = Math.Min(filter.Page, pages);
            (rows, total) = await PageAsync(filter, today);
        }
        return new ArrearsPage { Filter = filter, Rows = rows, Today = today, Total = total, PageSize = PageSize };
    }

    /// <summary>
    /// One page and the number of contracts the filter selects, in one statement: the page's ids are cut from the
    /// (unit, unpaid_since) index entries with the count beside them (COUNT(*) OVER (), taken before the cut), and only those
    /// 20 contracts, their customers and what is due are read — not every contract in arrears before the sort (issue 10).
    /// Skip and Take as lambdas over locals stay SQL parameters inside the derived table, so its SQL is rendered once.
    /// </summary>
    private async Task<(List<ArrearsRow> Rows, int Total)> PageAsync(ArrearsFilter filter, DateOnly today)
    {
        var skip = (filter.Page - 1) * PageSize;
        var take = PageSize;
        var ids = (await FilteredAsync(filter, today)).OrderBy(c => c.UnpaidSince).ThenBy(c => c.Id)
            .Select(c => new { c.Id, Total = Sql.Window.Count(w => w) }).Skip(() => skip).Take(() => take);
        var schedule = db.GetTable<Instalment>();
        var page = await (from p in ids
                          join c in db.GetTable<Contract>() on p.Id equals c.Id
                          join cu in db.BusinessCustomers on c.CustomerId equals cu.Id
                          let due = schedule.Where(i => i.ContractId == c.Id && SqlDates.OnOrBefore(i.DueDate, today)).Max(i => (long?)i.CumulativeFen)
                          orderby c.UnpaidSince, c.Id
                          select new
                          {
                              Row = new ArrearsRow(c.Id, c.Kind, c.Number, cu.Id, cu.Name, cu.Code, c.SettlementType, c.TotalFen, due ?? 0, c.PaidFen, c.UnpaidSince),
                              p.Total,
                          }).ToListAsync();
        return ([.. page.Select(p => p.Row)], page.Count == 0 ? 0 : page[0].Total);
    }

    public async Task<IEnumerable<IReadOnlyList<object?>>> ExportRowsAsync(ArrearsFilter filter) =>
        (await (await QueryAsync(filter, clock.Today())).ToListAsync()).Select(r => (IReadOnlyList<object?>)
        [
            r.Number, r.CustomerName, r.CustomerCode, Names.Settlement(r.SettlementType), Money.Yuan(r.TotalFen), Money.Yuan(r.DueFen),
            Money.Yuan(r.PaidFen), Money.Yuan(r.ArrearsFen), r.ArrearsSince,
        ]);

    /// <summary>The contracts in arrears that the filter selects (查找条件 + 关键字, 欠费日期 when ticked).</summary>
    private async Task<IQueryable<Contract>> FilteredAsync(ArrearsFilter f, DateOnly today)
    {
        var contracts = InArrears(today);
        if (CustomerSearchSql.CleanKeyword(f.Keyword) is { Length: > 0 } k)
        {
            switch (f.Field)
            {
                case ArrearsFilter.ByCode:
                {
                    // Customers through the search index (issue 8), not a LIKE over every customer of the province.
                    var customers = CustomerSearchSql.Candidates(db, k).Where(c => c.Code.Contains(Sql.Constant(k)));
                    contracts = (await CustomerSearchSql.RecordsOfCustomersAsync(db, contracts, c => c.CustomerId, customers)).Records;
                    break;
                }
                case ArrearsFilter.ByNumber: contracts = contracts.Where(c => c.Number.Contains(Sql.Constant(k))); break;
                default:
                {
                    var customers = CustomerSearchSql.Candidates(db, k).Where(CustomerSearchSql.Like(db, k, withCode: false));
                    contracts = (await CustomerSearchSql.RecordsOfCustomersAsync(db, contracts, c => c.CustomerId, customers)).Records;
                    break;
                }
            }
        }
        if (f.UseDate)
        {
            if (f.From is { } from) contracts = contracts.Where(c => c.UnpaidSince >= from);
            if (f.To is { } to) contracts = contracts.Where(c => c.UnpaidSince <= to);
        }
        return contracts;
    }

    private async Task<IQueryable<ArrearsRow>> QueryAsync(ArrearsFilter f, DateOnly today) => Rows(await FilteredAsync(f, today), today);

    /// <summary>The rows of these contracts, in arrears order, with their customer and what is due by today.</summary>
    private IQueryable<ArrearsRow> Rows(IQueryable<Contract> contracts, DateOnly today)
    {
        var schedule = db.GetTable<Instalment>();
        var rows = from c in contracts
                   join cu in db.BusinessCustomers on c.CustomerId equals cu.Id
                   let due = schedule.Where(i => i.ContractId == c.Id && SqlDates.OnOrBefore(i.DueDate, today)).Max(i => (long?)i.CumulativeFen)
                   select new { c, cu, due };
        return rows.OrderBy(r => r.c.UnpaidSince).ThenBy(r => r.c.Id).Select(r => new ArrearsRow(r.c.Id, r.c.Kind, r.c.Number, r.cu.Id, r.cu.Name, r.cu.Code,
            r.c.SettlementType, r.c.TotalFen, r.due ?? 0, r.c.PaidFen, r.c.UnpaidSince));
    }

    /// <summary>The contract (in scope, else 404) with its schedule and what is due by today.</summary>
    public async Task<ContractStatus> StatusAsync(int id)
    {
        var contract = await access.GetAsync(id);
        var customer = await db.BusinessCustomers.Where(c => c.Id == contract.CustomerId).Select(c => new { c.Name, c.Code }).FirstAsync();
        var schedule = await access.ScheduleAsync(id);
        var today = clock.Today();
        var due = schedule.Where(i => i.DueDate <= today).Select(i => i.CumulativeFen).DefaultIfEmpty(0).Max();
        return new ContractStatus(contract, customer.Name, customer.Code, schedule, due, today);
    }

    /// <summary>
    /// 缴费: amount (exact, at most 2 decimals) not above what is still unpaid on the contract, date not in the future. The paid
    /// total moves by a conditional UPDATE, so two payments at once can never together exceed the contract.
    /// </summary>
    public async Task PayAsync(int id, PaymentForm form)
    {
        var contract = await access.GetAsync(id);
        if (!contract.HasSchedule) throw new BusinessRuleException("只有指定日期分期付款型和一次付款型的合同/协议可以缴费");
        var missing = new List<string>();
        if (form.PaidOn is null) missing.Add("缴费日期");
        if (string.IsNullOrWhiteSpace(form.Amount)) missing.Add("缴费金额");
        if (string.IsNullOrWhiteSpace(form.Method)) missing.Add("缴费方式");
        if (missing.Count > 0) throw new BusinessRuleException("以下必填项还未填写:" + string.Join("、", missing));
        var fen = Money.ParseFen(form.Amount, "缴费金额");
        if (form.PaidOn > clock.Today()) throw new BusinessRuleException("缴费日期不能晚于今天");
        if (!Names.PaymentMethods.Contains(form.Method!.Trim())) throw new BusinessRuleException("请选择缴费方式");
        var receipt = Input.OptionalText(form.ReceiptNo, "收据号", 50);
        var outstanding = contract.TotalFen - contract.PaidFen;
        if (fen > outstanding) throw new BusinessRuleException($"缴费金额不能超过未缴金额 {Money.Format(outstanding)} 元");

        await using var tx = await db.BeginTransactionAsync();
        var updated = await db.GetTable<Contract>().Where(c => c.Id == id && c.PaidFen + fen <= c.TotalFen)
            .Set(c => c.PaidFen, c => c.PaidFen + fen).UpdateAsync();
        if (updated == 0) throw new BusinessRuleException("缴费金额超过了未缴金额(可能刚有他人登记了缴费),请刷新后重试");
        await UnpaidSince.RefreshAsync(db, id);
        var payment = new Payment
        {
            ContractId = id, PaidOn = form.PaidOn!.Value, AmountFen = fen, Method = form.Method.Trim(), ReceiptNo = receipt,
            RecordedBy = me.Id, RecordedAt = clock.UtcNow(),
        };
        await audit.InsertAsync(payment, PaymentAudit, (p, newId) => p.Id = newId);
        await tx.CommitAsync();
    }

    /// <summary>催缴: date (not in the future), method, content and who dunned.</summary>
    public async Task DunAsync(int id, DunningForm form)
    {
        var contract = await access.GetAsync(id);
        var missing = new List<string>();
        if (form.DunnedOn is null) missing.Add("催缴日期");
        if (string.IsNullOrWhiteSpace(form.Method)) missing.Add("催缴方式");
        if (string.IsNullOrWhiteSpace(form.Content)) missing.Add("催缴内容");
        if (string.IsNullOrWhiteSpace(form.DunnedBy)) missing.Add("催缴人");
        if (missing.Count > 0) throw new BusinessRuleException("以下必填项还未填写:" + string.Join("、", missing));
        if (form.DunnedOn > clock.Today()) throw new BusinessRuleException("催缴日期不能晚于今天");
        if (!Names.DunningMethods.Contains(form.Method!.Trim())) throw new BusinessRuleException("请选择催缴方式");
        var dunning = new Dunning
        {
            ContractId = contract.Id, DunnedOn = form.DunnedOn!.Value, Method = form.Method.Trim(),
            Content = Input.RequireText(form.Content, "催缴内容", 500), DunnedBy = Input.RequireText(form.DunnedBy, "催缴人", 50),
            RecordedBy = me.Id, RecordedAt = clock.UtcNow(),
        };
        await using var tx = await db.BeginTransactionAsync();
        await audit.InsertAsync(dunning, DunningAudit, (d, newId) => d.Id = newId);
        await tx.CommitAsync();
    }

    public async Task<HistoryPage<PaymentLine>> PaymentsAsync(int id)
    {
        var status = await StatusAsync(id);
        var lines = await (from p in db.GetTable<Payment>()
                           where p.ContractId == id
                           join u in db.Users on p.RecordedBy equals u.Id
                           orderby p.PaidOn, p.Id
                           select new PaymentLine(p.PaidOn, p.AmountFen, p.Method, p.ReceiptNo, u.DisplayName, p.RecordedAt)).ToListAsync();
        return new HistoryPage<PaymentLine> { Status = status, Lines = lines };
    }

    public async Task<HistoryPage<DunningLine>> DunningsAsync(int id)
    {
        var status = await StatusAsync(id);
        var lines = await (from d in db.GetTable<Dunning>()
                           where d.ContractId == id
                           join u in db.Users on d.RecordedBy equals u.Id
                           orderby d.DunnedOn, d.Id
                           select new DunningLine(d.DunnedOn, d.Method, d.Content, d.DunnedBy, u.DisplayName, d.RecordedAt)).ToListAsync();
        return new HistoryPage<DunningLine> { Status = status, Lines = lines };
    }

    /// <summary>The home-page alert: contracts in arrears, and unpaid amounts falling due in the next 30 days.</summary>
    public async Task<ArrearsSummary> SummaryAsync()
    {
        var today = clock.Today();
        var schedule = db.GetTable<Instalment>();
        var arrears = InArrears(today);
        // One row per contract in arrears (a customer manager has a handful): counted and summed here, one statement on the
        // home page instead of a count and a sum.
        var owed = await arrears.Select(c => schedule.Where(i => i.ContractId == c.Id && SqlDates.OnOrBefore(i.DueDate, today)).Max(i => i.CumulativeFen) - c.PaidFen).ToListAsync();
        var (count, dueFen) = (owed.Count, owed.Sum());
        var soonEnd = today.AddDays(DueSoonDays);
        var soon = from c in access.InScope()
                   where SqlDates.OnOrBefore(c.UnpaidSince, soonEnd)
                   join i in schedule on c.Id equals i.ContractId
                   where SqlDates.After(i.DueDate, today) && SqlDates.OnOrBefore(i.DueDate, soonEnd) && i.CumulativeFen > c.PaidFen
                   select new { i.AmountFen, Unpaid = i.CumulativeFen - c.PaidFen };
        var soonList = await soon.ToListAsync();
        return new ArrearsSummary(count, dueFen, soonList.Count, soonList.Sum(s => Math.Min(s.AmountFen, s.Unpaid)));
    }
}
