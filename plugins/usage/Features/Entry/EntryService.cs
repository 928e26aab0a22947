using LinqToDB;
using PostalCrm.Plugins.Usage.Common;
using PostalCrm.Plugins.Usage.Data;
using PostalCrm.Sdk.Customers;
using PostalCrm.Sdk.Data;
using PostalCrm.Sdk.Lists;
using PostalCrm.Sdk.Organisation;
using PostalCrm.Sdk.Security;
using PostalCrm.Sdk.Time;

namespace PostalCrm.Plugins.Usage.Features.Entry;

/// <summary>
/// F-5.6 客户用邮手工逐笔录入: customer list (a CM's own customers; a key-account centre searches first), the customer's key
/// accounts, and the entry form whose product lines and business types are only those registered for the key account.
/// </summary>
public sealed class EntryService(PostalDb db, DataScope scope, ICurrentUser me, CustomerDirectory customers, UsageAccounts accounts,
    UsageWriter writer, TimeProvider clock, BoundedCounts remembered)
{
    public const int PageSize = 20;

    public async Task<EntryCustomersPage> CustomersAsync(EntrySearch search)
    {
        var own = !scope.IsOrgWide;
        // The filter's choices are reference data read on every view: remembered until the next write through the portal
        // (BoundedCounts); the levels read again at once when a row names one they lack (they also name the rows).
        var districts = own ? [] : await remembered.FigureAsync($"usage/entry-districts|{me.Area.Id}", async () =>
            (IReadOnlyList<(int Id, string Name)>)(await scope.UnitAndBelow(db.OrgUnits.Where(u => u.Kind == OrgUnitKind.Area && u.Level == OrgLevel.District && u.Active), u => u.Id)
                .OrderBy(u => u.Path).Select(u => new { u.Id, u.Name }).ToListAsync()).Select(d => (d.Id, d.Name)).ToList());
        if (!own && !search.Search)
            return new EntryCustomersPage { Search = search, Levels = await LevelsAsync([]), Districts = districts };

        // The list form of the scope (an equality on the city or district for a centre that manages no customer): the
        // general rule's OR of two sub-queries, beside the keyword's parameter, made linq2db render the SQL on every request.
        var q = (await customers.InScopeForListAsync(remembered)).Rows;
        if (!own)
        {
            if (CustomerSearchSql.CleanKeyword(search.Keyword) is { Length: > 0 } k)
            {
                // Through the customer search index where one answers the keyword (issue 8): the LIKE alone read the whole
                // scope (a city's customers, 0.2 s). The code too, as this filter's LIKE. On PostgreSQL the few customers of
                // the province that match are read first (without the scope: with it the planner ANDed the bigram indexes
                // with the city's 10,000 entries, 2 ms) and the page takes them as one array; with the keyword written into
                // the page, linq2db built it and PostgreSQL planned it again on every run.
                var like = CustomerSearchSql.Like(db, k, withCode: true);
                // Only where an index answers the keyword (2+ characters): one character would read the province by LIKE.
                var readFirst = CustomerSearchSql.CharacterCount(k) >= 2
                    ? await CustomerSearchSql.RecordsOfCustomersAsync(db, q, c => c.Id, CustomerSearchSql.NarrowWithCode(db, db.BusinessCustomers, k).Where(like))
                    : null;
                q = readFirst is { Few: true } ? readFirst.Records : CustomerSearchSql.NarrowWithCode(db, q, k).Where(like);
            }
            if (search.LevelId is { } level) q = q.Where(c => c.LevelId == level);
            if (search.DistrictId is { } district) q = q.Where(c => c.DistrictOrgId == district);
        }
        var jan1 = new DateOnly(clock.Today().Year, 1, 1);
        var daily = db.GetTable<UsageDaily>();
        var relationships = db.BusinessRelationships.Where(r => r.Approved);
        // The level's name from the remembered levels, not a join: PostgreSQL plans this statement afresh on every run.
        var rows = from c in q
                   orderby c.ShortName, c.Id
                   select new EntryCustomerRow
                   {
                       Id = c.Id, Code = c.Code, Name = c.Name, ShortName = c.ShortName, LevelId = c.LevelId, Phone = c.Phone, Developed = c.Developed,
                       ThisYearFen = daily.Where(d => d.CustomerId == c.Id && d.UsageDate >= jan1).Sum(d => (long?)d.ActualFen) ?? 0,
                       Comprehensive = relationships.Where(r => r.CustomerId == c.Id).Select(r => r.ProductLineId).Distinct().Count() >= 2,
                   };
        // The page first: a search's few rows settle the total without a count statement.
        var page = await Paged.OfPageFirstAsync(rows, search.Page, PageSize);
        var levels = await LevelsAsync([.. page.Items.Select(r => r.LevelId)]);
        foreach (var row in page.Items) row.Level = levels.FirstOrDefault(l => l.Id == row.LevelId).Name;
        return new EntryCustomersPage { Search = search, OwnCustomersOnly = own, Levels = levels, Districts = districts, Customers = page };
    }

    /// <summary>客户级别 in their order, remembered; read again at once when one of <paramref name="named"/> is missing.</summary>
    private Task<IReadOnlyList<(int Id, string Name)>> LevelsAsync(int?[] named) =>
        remembered.FigureAsync("usage/entry-levels", async () =>
            (IReadOnlyList<(int Id, string Name)>)(await db.CustomerLevels.OrderBy(l => l.Sort).Select(l => new { l.Id, l.Name }).ToListAsync()).Select(l => (l.Id, l.Name)).ToList(),
            levels => named.All(id => id is not { } v || levels.Any(l => l.Id == v)));

    /// <summary>The customer's key accounts the user may book on (404 when the customer is not in scope).</summary>
    public async Task<EntryAccountsPage> AccountsAsync(int customerId)
    {
        var customer = await customers.InScope().Where(c => c.Id == customerId).SingleInScopeAsync();
        var jan1 = new DateOnly(clock.Today().Year, 1, 1);
        var records = db.GetTable<UsageRecord>();
        var list = await accounts.InScope().Where(k => k.CustomerId == customerId).OrderBy(k => k.Number)
            .Select(k => new EntryAccountRow
            {
                Id = k.Id, Number = k.Number!, Name = k.Name,
                ThisYearFen = records.Where(r => r.CustomerId == customerId && r.KeyAccountId == k.Id && r.UsageDate >= jan1).Sum(r => (long?)r.ActualFen) ?? 0,
            }).ToListAsync();
        return new EntryAccountsPage { CustomerId = customer.Id, CustomerName = customer.Name, CustomerShortName = customer.ShortName, Accounts = list };
    }

    public async Task<EntryFormPage> FormAsync(int keyAccountId, EntryForm? form = null)
    {
        var account = await accounts.InScope().Where(k => k.Id == keyAccountId).SingleInScopeAsync();
        var options = await accounts.OptionsAsync([account.Id]);
        var fixedManager = !scope.IsOrgWide;
        form ??= new EntryForm { UsageDate = clock.Today() };
        if (fixedManager) form.ManagerUserId = me.Id;
        else form.ManagerUserId ??= options.Select(o => (int?)o.ManagerUserId).FirstOrDefault();
        return new EntryFormPage
        {
            KeyAccountId = account.Id, CustomerId = account.CustomerId, KeyAccountName = account.Name, KeyAccountNumber = account.Number!,
            Form = form, Options = options, Window = UsageDateWindow.Of(clock), ManagerFixed = fixedManager,
        };
    }

    /// <summary>Checks every rule of F-5.6 on the server and books the record (record, summary, audit in one transaction).</summary>
    public async Task<long> SubmitAsync(int keyAccountId, EntryForm form)
    {
        var account = await accounts.InScope().Where(k => k.Id == keyAccountId).SingleInScopeAsync();
        var options = await accounts.OptionsAsync([account.Id]);
        if (options.Count == 0) throw new BusinessRuleException("该大客户没有通过客户注册审批的业务,不能录入用邮");
        if (form.UsageDate is not { } date) throw new BusinessRuleException("请选择用邮日期");
        if (UsageDateWindow.Of(clock).Check(date) is { } dateMessage) throw new BusinessRuleException(dateMessage);
        if (form.ProductLineId is not { } lineId) throw new BusinessRuleException("请选择专业类型");
        if (form.BusinessTypeId is not { } typeId) throw new BusinessRuleException("请选择业务类型");
        if (!options.Any(o => o.ProductLineId == lineId))
            throw new BusinessRuleException("该大客户没有通过客户注册审批登记此专业类型,请先通过客户注册审批流程添加新业务");
        if (!options.Any(o => o.ProductLineId == lineId && o.BusinessTypeId == typeId))
            throw new BusinessRuleException("所选业务类型不属于所选专业类型,或未通过客户注册审批登记");
        var managerId = scope.IsOrgWide ? form.ManagerUserId : me.Id;
        if (managerId is null) throw new BusinessRuleException("请选择客户经理");
        var option = options.FirstOrDefault(o => o.ProductLineId == lineId && o.BusinessTypeId == typeId && o.ManagerUserId == managerId)
                     ?? throw new BusinessRuleException("所选客户经理没有此大客户的该项业务,请选择登记该业务的客户经理");
        if (form.Actual is not { } actual) throw new BusinessRuleException("请输入实际收入");
        var actualFen = Money.CheckFen(actual, "实际收入");
        long? receivableFen = form.Receivable is { } receivable ? Money.CheckFen(receivable, "应收收入") : null;
        if (form.Volume is < 0) throw new BusinessRuleException("业务量不能为负数");
        var remarks = Input.OptionalText(form.Remarks, "备注", 200);
        return await writer.AddSingleAsync(account.CustomerId, account.Id, option.OrgUnitId,
            new UsageValues(date, lineId, typeId, option.ManagerUserId, form.Volume, receivableFen, actualFen, remarks));
    }
}
