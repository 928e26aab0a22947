using System.Linq.Expressions;
using LinqToDB;
using PostalCrm.Plugins.Usage.Common;
using PostalCrm.Plugins.Usage.Data;
using PostalCrm.Sdk.Customers;
using PostalCrm.Sdk.Data;
using PostalCrm.Sdk.Lists;
using PostalCrm.Sdk.Security;
using PostalCrm.Sdk.Time;

namespace PostalCrm.Plugins.Usage.Features.Records;

/// <summary>
/// F-5.7 手工录入用邮信息明细查询: the records in scope (org roles: their area and below; a customer manager: their own), filtered,
/// paginated and exported; the customer and manager pages its links open; corrections within the entry window.
/// </summary>
public sealed class RecordService(PostalDb db, DataScope scope, ICurrentUser me, CustomerDirectory customers, UsageWriter writer, TimeProvider clock, BoundedCounts counts, DisplayNames names)
{
    public const int PageSize = 50;

    /// <summary>Records counted at most per list request; more show as "10,000+" (and no total).</summary>
    public const int CountLimit = BoundedCount.Limit;

    /// <summary>Records in scope: SPEC §2 — org roles by the record's department, everyone their own (as the manager).</summary>
    public IQueryable<UsageRecord> InScope() => scope.Records(db.GetTable<UsageRecord>(), r => r.OrgUnitId, r => r.ManagerUserId);

    public async Task<RecordsPage> PageAsync(RecordFilter filter)
    {
        Normalise(filter);
        // A city's records are millions: the list reads them through the unit index (DataScope.RecordListAsync).
        // A bounded count (issue 8): at most CountLimit rows (or up to the asked page), read off the (unit | manager, date)
        // index; beyond that the page says "10,000+". A city's two months are ~35,000 rows. The count, the total and
        // whether the user owns any of the rows are remembered per user and filter until the next write (BoundedCounts).
        var countKey = $"usage/records|{me.Id}|{filter.Manager}|{filter.ShortName}|{filter.DateFrom:yyyy-MM-dd}|{filter.DateTo:yyyy-MM-dd}|{filter.BusinessTypeId}|{filter.Source}";
        var list = await scope.RecordListAsync(Filtered(filter, db.GetTable<UsageRecord>()), r => r.OrgUnitId, r => r.ManagerUserId, counts, countKey + "|owns");
        var filtered = list.Rows;
        var (count, more, pageNo, _) = await counts.OfAsync(filtered, filter.Page, PageSize, countKey);
        // The page's ids are cut first, unit by unit where the database can (a city's month is 17,000 records to sort
        // otherwise), in a derived table, and only that page's rows are joined: joining every record of the period before
        // sorting took a second for a city. One statement whose SQL stays the same: the ids read first and passed back
        // as a list made new SQL on every request, which PostgreSQL planned again with its eight joins.
        var pageIds = list.Page(q => q.OrderByDescending(r => r.UsageDate).ThenByDescending(r => r.Id), (pageNo - 1) * PageSize, PageSize).Select(r => r.Id);
        var items = count == 0 ? [] : await NamedAsync(await Columns((from id in pageIds join r in db.GetTable<UsageRecord>() on id equals r.Id select r).Select(Listed))
            .OrderByDescending(x => x.Record.UsageDate).ThenByDescending(x => x.Record.Id).ToListAsync());
        var page = new Paged<RecordRow>(items, pageNo, PageSize, count);
        // The total of at most the counted rows (from the same covering index); past the bound it is not summed.
        long? total = more ? null : count == 0 ? 0 : await counts.FigureAsync(countKey + "|sum", () => filtered.SumAsync(r => (long?)r.ActualFen)) ?? 0;
        return new RecordsPage
        {
            Filter = filter, Rows = page, TotalIsAtLeast = more, TotalActualFen = total, FixedManager = scope.IsOrgWide ? null : await MyNameAsync(),
            BusinessTypes = await counts.FigureAsync("usage/business-types", BusinessTypesAsync), CanCorrect = me.Has(UsagePermissions.Correct),
        };
    }

    /// <summary>Every row of the filter, streamed from the database (for the export); the names are read first.</summary>
    public async Task<IEnumerable<IReadOnlyList<object?>>> ExportRowsAsync(RecordFilter filter)
    {
        Normalise(filter);
        var known = await RecordNames.ReadAsync(names, null);
        var rows = Columns(Filtered(filter)).OrderByDescending(x => x.Record.UsageDate).ThenByDescending(x => x.Record.Id);
        return rows.AsEnumerable().Select(known.Row).Select(Exported);
    }

    private static IReadOnlyList<object?> Exported(RecordRow r) =>
        [r.UsageDate, r.CustomerCode, r.CustomerName, r.KeyAccountNumber, r.ProductLine, r.BusinessType, r.Manager, r.Department,
            r.Volume, Money.ToYuan(r.ReceivableFen), Money.ToYuan(r.ActualFen), Sources.Name(r.Source), r.BatchSequence];

    /// <summary>One record in scope, for the correction page (404 otherwise).</summary>
    public async Task<CorrectPage> CorrectPageAsync(long id, CorrectForm? form = null)
    {
        var row = (await NamedAsync([await Columns(InScope().Where(r => r.Id == id)).SingleInScopeAsync()]))[0];
        form ??= new CorrectForm
        {
            UsageDate = row.UsageDate, Volume = row.Volume, Receivable = Money.ToYuan(row.ReceivableFen), Actual = Money.ToYuan(row.ActualFen), Remarks = row.Remarks,
        };
        return new CorrectPage { Record = row, Form = form, Window = UsageDateWindow.Of(clock) };
    }

    /// <summary>Corrects a record in scope: the old date must still be inside the entry window, the new one too; summary kept in step.</summary>
    public async Task CorrectAsync(long id, CorrectForm form)
    {
        var record = await InScope().Where(r => r.Id == id).SingleInScopeAsync();
        var window = UsageDateWindow.Of(clock);
        if (!window.Contains(record.UsageDate)) throw new BusinessRuleException($"只能更正用邮日期在上月一日({UsageDateWindow.Show(window.From)})之后的记录");
        if (form.UsageDate is not { } date) throw new BusinessRuleException("请选择用邮日期");
        if (form.Actual is not { } actual) throw new BusinessRuleException("请输入实际收入");
        var actualFen = Money.CheckFen(actual, "实际收入");
        long? receivableFen = form.Receivable is { } receivable ? Money.CheckFen(receivable, "应收收入") : null;
        if (form.Volume is < 0) throw new BusinessRuleException("业务量不能为负数");
        await writer.CorrectAsync(record, date, form.Volume, receivableFen, actualFen, Input.OptionalText(form.Remarks, "备注", 200));
    }

    /// <summary>A customer's basic information (scope or an approved grant, else 404).</summary>
    public Task<BusinessCustomer> CustomerAsync(int id) => customers.GetAsync(id, CustomerDetail.Basic);

    /// <summary>A manager's card: the user themselves, or a user of a unit in the caller's area (else 404).</summary>
    public async Task<ManagerInfo> ManagerAsync(int id)
    {
        var users = db.Users.Where(u => u.Id == id);
        if (id != me.Id) users = scope.UnitAndBelow(users, u => u.OrgUnitId);
        return await (from u in users
                      join o in db.OrgUnits on u.OrgUnitId equals o.Id
                      select new ManagerInfo(u.Id, u.DisplayName, u.EmployeeNo, o.Name, u.Phone)).SingleInScopeAsync();
    }

    private void Normalise(RecordFilter f)
    {
        if (f.DateFrom is null && f.DateTo is null)
        {
            var w = UsageDateWindow.Of(clock);
            f.DateFrom = w.From;
            f.DateTo = w.To;
        }
        if (f.DateFrom is { } a && f.DateTo is { } b && a > b) (f.DateFrom, f.DateTo) = (b, a);
        f.Manager = string.IsNullOrWhiteSpace(f.Manager) ? null : f.Manager.Trim();
        f.ShortName = string.IsNullOrWhiteSpace(f.ShortName) ? null : f.ShortName.Trim();
    }

    /// <summary>The filter's records of <paramref name="records"/> (by default those in scope).</summary>
    private IQueryable<UsageRecord> Filtered(RecordFilter f, IQueryable<UsageRecord>? records = null)
    {
        var q = records ?? InScope();
        if (!scope.IsOrgWide)
        {
            var meId = me.Id;
            q = q.Where(r => r.ManagerUserId == meId);
        }
        else if (f.Manager is { } m)
        {
            var managers = db.Users.Where(u => u.EmployeeNo == m || u.Login == m || u.DisplayName.Contains(Sql.Constant(m))).Select(u => u.Id);
            q = q.Where(r => managers.Contains(r.ManagerUserId));
        }
        if (f.ShortName is { } s)
        {
            // Through the customer search index (FTS5 trigram / bigram table on SQLite) where it narrows, the LIKE decides:
            // the same customers as a LIKE over all 200,000 short names, which took 0.1–0.3 s per query.
            var customers = CustomerSearchSql.CleanKeyword(s) == s && CustomerSearchSql.UsesIndex(db, s) ? CustomerSearchSql.Candidates(db, s) : db.BusinessCustomers;
            var matching = customers.Where(c => c.ShortName.Contains(Sql.Constant(s))).Select(c => c.Id);
            q = q.Where(r => matching.Contains(r.CustomerId));
        }
        // The bare column (SqlDates.OnOrAfter): linq2db's Date(usage_date) on SQLite made every date range a scan of the
        // scope's whole history (a city: 1.2 million index entries per request).
        if (f.DateFrom is { } from) q = q.Where(r => SqlDates.OnOrAfter(r.UsageDate, from));
        if (f.DateTo is { } to) q = q.Where(r => SqlDates.OnOrBefore(r.UsageDate, to));
        if (f.BusinessTypeId is { } type) q = q.Where(r => r.BusinessTypeId == type);
        if (f.Source is { } source) q = q.Where(r => r.Source == source);
        return q;
    }

    /// <summary>
    /// The records with their customer, key account and batch, in one statement; the names of product line, business
    /// type, manager and department come from <see cref="DisplayNames"/> (issue 8: four index lookups less per row).
    /// </summary>
    private IQueryable<RecordColumns> Columns(IQueryable<UsageRecord> records) =>
        from r in records
        join c in db.BusinessCustomers on r.CustomerId equals c.Id
        join k in db.KeyAccounts on r.KeyAccountId equals k.Id
        from b in db.GetTable<UsageBatch>().LeftJoin(b => b.Id == r.BatchId)
        select new RecordColumns(r, c.Code, c.Name, k.Number ?? "", b.Sequence);

    /// <summary>
    /// The record's columns the list shows, not the ones only the export and 更正 show (业务量, 应收收入, 备注, who entered
    /// it and when): issue 8, five columns fewer to read for each of the page's rows (one of them a date parsed from text on SQLite).
    /// </summary>
    private static readonly Expression<Func<UsageRecord, UsageRecord>> Listed = r => new UsageRecord
    {
        Id = r.Id, UsageDate = r.UsageDate, CustomerId = r.CustomerId, KeyAccountId = r.KeyAccountId, ProductLineId = r.ProductLineId,
        BusinessTypeId = r.BusinessTypeId, ManagerUserId = r.ManagerUserId, OrgUnitId = r.OrgUnitId, ActualFen = r.ActualFen,
        Source = r.Source, BatchId = r.BatchId,
    };

    private async Task<IReadOnlyList<RecordRow>> NamedAsync(IReadOnlyList<RecordColumns> rows)
    {
        var known = await RecordNames.ReadAsync(names, rows);
        return [.. rows.Select(known.Row)];
    }

    private Task<string> MyNameAsync() => counts.FigureAsync($"usage/my-name|{me.Id}", async () =>
    {
        var id = me.Id;
        var u = await db.Users.Where(x => x.Id == id).Select(x => new { x.DisplayName, x.EmployeeNo }).FirstAsync();
        return $"{u.DisplayName}({u.EmployeeNo})";
    });

    private async Task<IReadOnlyList<(int Id, string Name)>> BusinessTypesAsync() =>
        (await (from t in db.BusinessTypes
                join p in db.ProductLines on t.ProductLineId equals p.Id
                orderby p.Sort, t.Id
                select new { t.Id, Name = p.Name + " · " + t.Name }).ToListAsync()).Select(x => (x.Id, x.Name)).ToList();
}

/// <summary>A record's own columns and those of its customer, key account and batch (<see cref="RecordService"/>).</summary>
internal sealed record RecordColumns(UsageRecord Record, string CustomerCode, string CustomerName, string KeyAccountNumber, string? BatchSequence);

/// <summary>The names a page of records shows, and its rows made with them.</summary>
internal sealed record RecordNames(IReadOnlyDictionary<int, string> Users, IReadOnlyDictionary<int, string> Units,
    IReadOnlyDictionary<int, string> ProductLines, IReadOnlyDictionary<int, string> BusinessTypes)
{
    /// <summary>The names <paramref name="rows"/> need, or all of them read now when null (an export).</summary>
    public static async Task<RecordNames> ReadAsync(DisplayNames names, IReadOnlyList<RecordColumns>? rows) => new(
        await names.UsersAsync(rows?.Select(x => x.Record.ManagerUserId)),
        await names.OrgUnitsAsync(rows?.Select(x => x.Record.OrgUnitId)),
        await names.ProductLinesAsync(rows?.Select(x => x.Record.ProductLineId)),
        await names.BusinessTypesAsync(rows?.Select(x => x.Record.BusinessTypeId)));

    /// <summary>A page's names hold every id it needs (DisplayNames reads them again otherwise); an export's were read before
    /// it streams, and a record written meanwhile by a user added meanwhile exports without that name rather than failing.</summary>
    public RecordRow Row(RecordColumns x)
    {
        var r = x.Record;
        return new RecordRow
        {
            Id = r.Id, UsageDate = r.UsageDate, CustomerId = r.CustomerId, CustomerCode = x.CustomerCode, CustomerName = x.CustomerName,
            KeyAccountNumber = x.KeyAccountNumber, ProductLine = ProductLines.GetValueOrDefault(r.ProductLineId, ""), BusinessType = BusinessTypes.GetValueOrDefault(r.BusinessTypeId, ""),
            ManagerUserId = r.ManagerUserId, Manager = Users.GetValueOrDefault(r.ManagerUserId, ""), Department = Units.GetValueOrDefault(r.OrgUnitId, ""), Volume = r.Volume,
            ReceivableFen = r.ReceivableFen, ActualFen = r.ActualFen, Source = r.Source, BatchSequence = x.BatchSequence, BatchId = r.BatchId,
            Remarks = r.Remarks,
        };
    }
}
