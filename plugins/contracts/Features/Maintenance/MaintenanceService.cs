using LinqToDB;
using PostalCrm.Plugins.Contracts.Common;
using PostalCrm.Plugins.Contracts.Data;
using PostalCrm.Sdk.Customers;
using PostalCrm.Sdk.Data;
using PostalCrm.Sdk.Excel;
using PostalCrm.Sdk.Lists;
using PostalCrm.Sdk.Organisation;
using PostalCrm.Sdk.Security;

namespace PostalCrm.Plugins.Contracts.Features.Maintenance;

/// <summary>F-5.3 list, filters and export, over <see cref="ContractAccess.InScope"/> only.</summary>
public sealed class MaintenanceService(PostalDb db, ContractAccess access, ICurrentUser me, DataScope scope, OrgTree tree, RegionChoicesCache regions, BoundedCounts counts)
{
    public const int PageSize = 20;

    public static readonly ExcelSheetSpec ExportSpec = new("合同协议",
    [
        ExcelColumn.Text("类别", "kind"), ExcelColumn.Text("编号", "number"), ExcelColumn.Text("客户名称", "customer"),
        ExcelColumn.Text("商务客户代码", "code"), ExcelColumn.Text("结算方式", "settlement"), ExcelColumn.Date("生效日期", "effective"),
        ExcelColumn.Date("失效日期", "expiry"), ExcelColumn.Money("合同金额", "total"), ExcelColumn.Money("已缴金额", "paid"),
        ExcelColumn.Text("签订单位", "unit"),
    ]);

    /// <summary>按地区查看: the user's own area and every area below it.</summary>
    public Task<IReadOnlyList<RegionChoice>> RegionsAsync() => regions.GetAsync(me.Area, async () =>
    {
        var rootDepth = OrgTree.ParsePath(me.Area.Path).Count;
        var units = await tree.SubtreeAsync(me.Area);
        return [.. units.Where(u => u.Active && u.Kind == OrgUnitKind.Area).Select(u => new RegionChoice(u.Id, u.Name, OrgTree.ParsePath(u.Path).Count - rootDepth))];
    });

    /// <summary>
    /// One page, newest first. Counted on the contracts alone; the page's ids are cut from the scope's (unit, created_at, id)
    /// index entries — unit by unit where the database can (ContractAccess.List: a city's 1,500 contracts are not sorted
    /// for 20) — before its contracts, customer and unit names are read, so those are read for 20 contracts only. Skip and
    /// Take stay SQL parameters inside that derived table, so the statement's SQL is rendered once (a list of ids passed
    /// back in was rendered again on every request).
    /// </summary>
    public async Task<MaintenancePage> ListAsync(MaintenanceFilter filter)
    {
        var filtered = await FilteredAsync(filter, db.GetTable<Contract>());
        var list = await access.ListAsync(filtered.Records, filtered.Few);
        var total = await counts.CountAsync(list.Rows, $"contracts/maintain|{me.Id}|{filter.CountKey()}");
        filter.Page = Math.Clamp(filter.Page, 1, Math.Max(1, (total + PageSize - 1) / PageSize));
        var ids = list.Page(q => q.OrderByDescending(c => c.CreatedAt).ThenByDescending(c => c.Id), (filter.Page - 1) * PageSize, PageSize).Select(c => c.Id);
        var page = from id in ids join c in db.GetTable<Contract>() on id equals c.Id select c;
        return new MaintenancePage { Filter = filter, Regions = await RegionsAsync(), Rows = await Rows(page).ToListAsync(), Total = total, PageSize = PageSize };
    }

    public async Task<IEnumerable<IReadOnlyList<object?>>> ExportRowsAsync(MaintenanceFilter filter) =>
        (await Rows((await FilteredAsync(filter)).Records).ToListAsync()).Select(r => (IReadOnlyList<object?>)
        [
            Names.Kind(r.Kind), r.Number, r.CustomerName, r.CustomerCode, Names.Settlement(r.SettlementType), r.EffectiveDate, r.ExpiryDate,
            Money.Yuan(r.TotalFen), Money.Yuan(r.PaidFen), r.Unit,
        ]);

    /// <summary>The filter's contracts of <paramref name="contracts"/> (by default those in scope); Few: a customer filter left few.</summary>
    private async Task<CustomerFilteredRecords<Contract>> FilteredAsync(MaintenanceFilter f, IQueryable<Contract>? contracts = null)
    {
        contracts ??= access.InScope();
        if (f.RegionId is { } regionId)
        {
            await scope.EnsureUnitAsync(regionId);
            var region = await tree.FindAsync(regionId) ?? throw new OutOfScopeException();
            var units = tree.Within(region).Select(u => u.Id);
            contracts = contracts.Where(c => units.Contains(c.OrgUnitId));
        }
        if (f.UseEffective)
        {
            if (f.EffectiveFrom is { } from) contracts = contracts.Where(c => SqlDates.OnOrAfter(c.EffectiveDate, from));
            if (f.EffectiveTo is { } to) contracts = contracts.Where(c => SqlDates.OnOrBefore(c.EffectiveDate, to));
        }
        if (f.UseExpiry)
        {
            if (f.ExpiryFrom is { } from) contracts = contracts.Where(c => SqlDates.OnOrAfter(c.ExpiryDate, from));
            if (f.ExpiryTo is { } to) contracts = contracts.Where(c => SqlDates.OnOrBefore(c.ExpiryDate, to));
        }
        if (f.Number?.Trim() is { Length: > 0 } number) contracts = contracts.Where(c => c.Number.Contains(Sql.Constant(number)));
        if (f.Kind is { } kind) contracts = contracts.Where(c => c.Kind == kind);
        if (CustomerSearchSql.CleanKeyword(f.Customer) is { Length: > 0 } k)
        {
            // Through the customer search index (issue 8): a LIKE over every customer of the province took 0.6 s a request.
            var customers = CustomerSearchSql.Candidates(db, k).Where(CustomerSearchSql.Like(db, k, withCode: true));
            return await CustomerSearchSql.RecordsOfCustomersAsync(db, contracts, c => c.CustomerId, customers);
        }
        return new(contracts, false);
    }

    /// <summary>The rows of these contracts, newest first, with customer and unit names.</summary>
    private IQueryable<ContractRow> Rows(IQueryable<Contract> contracts) =>
        from c in contracts
        join cu in db.BusinessCustomers on c.CustomerId equals cu.Id
        join u in db.OrgUnits on c.OrgUnitId equals u.Id
        orderby c.CreatedAt descending, c.Id descending
        select new ContractRow(c.Id, c.Kind, c.Number, cu.Id, cu.Name, cu.Code, c.SettlementType, c.EffectiveDate, c.ExpiryDate,
            c.TotalFen, c.PaidFen, c.FileId != null, u.Name, c.CreatedAt);

    /// <summary>The contract's customer (客户基本信息): whoever reaches the contract sees it; others 404.</summary>
    public async Task<ContractCustomerPage> CustomerAsync(int contractId)
    {
        var contract = await access.GetAsync(contractId);
        var c = await db.BusinessCustomers.FirstAsync(x => x.Id == contract.CustomerId);
        var city = await db.OrgUnits.Where(u => u.Id == c.CityOrgId).Select(u => u.Name).FirstOrDefaultAsync() ?? "";
        var district = await db.OrgUnits.Where(u => u.Id == c.DistrictOrgId).Select(u => u.Name).FirstOrDefaultAsync() ?? "";
        var industry = c.IndustryId is { } i ? await db.Industries.Where(x => x.Id == i).Select(x => x.Name).FirstOrDefaultAsync() : null;
        var level = c.LevelId is { } l ? await db.CustomerLevels.Where(x => x.Id == l).Select(x => x.Name).FirstOrDefaultAsync() : null;
        return new ContractCustomerPage(contract.Id, contract.Number, c, city, district, industry, level);
    }
}
