using LinqToDB;
using PostalCrm.Plugins.Registration.Data;
using PostalCrm.Plugins.Registration.CustomerInfo;
using PostalCrm.Sdk.Audit;
using PostalCrm.Sdk.Customers;
using PostalCrm.Sdk.Data;
using PostalCrm.Sdk.Lists;
using PostalCrm.Sdk.Security;
using PostalCrm.Sdk.Time;

namespace PostalCrm.Plugins.Registration.CustomerAccess;

/// <summary>
/// F-3.8 客户资料调取申请 / 审批 and F-3.9 共享客户信息查看. A user asks for a customer outside their scope (found by
/// identity only); the key-account centre of the customer's city — or the provincial centre — approves all, part or
/// rejects. An approved request opens exactly its granted part, through <see cref="CustomerAccessGrantsService"/>.
/// </summary>
public sealed class CustomerAccessService(TimeProvider clock, PostalDb db, CustomerDirectory directory, ICurrentUser me, DataScope scope, AuditLog audit,
    CustomerProfileService profiles, BoundedCounts counts, DisplayNames names)
{
    public const string AuditEntity = "registration_access_request";
    public const int MaxReason = 500;
    public const int MaxOpinion = 500;

    private ITable<AccessRequest> Requests => db.GetTable<AccessRequest>();

    /// <summary>The current user's own requests (the SDK's "owned" rule).</summary>
    private IQueryable<AccessRequest> Own() => scope.Owned(Requests, r => r.RequesterUserId);

    // ——— 申请 ———

    /// <summary>The pick-list: identity of any customer (FindAsync), marked when the user already sees it by role.</summary>
    public async Task<CustomerChoices> SearchAsync(string? keyword, int selectedId = 0)
    {
        var found = (await directory.FindAsync(keyword)).ToList();
        if (selectedId > 0 && found.All(f => f.Id != selectedId))
        {
            var selected = await IdentityAsync(selectedId);
            if (selected is not null) found.Insert(0, selected);
        }
        var ids = found.Select(f => f.Id).ToList();
        var inScope = (await directory.InScope().Where(c => ids.Contains(c.Id)).Select(c => c.Id).ToListAsync()).ToHashSet();
        return new CustomerChoices
        {
            Keyword = (keyword ?? "").Trim(), SelectedId = selectedId,
            Items = [.. found.Select(f => new CustomerChoice(f, inScope.Contains(f.Id)))],
        };
    }

    public async Task<AccessNewPage> NewPageAsync(AccessRequestForm? form = null)
    {
        form ??= new AccessRequestForm();
        return new AccessNewPage { Form = form, Choices = await SearchAsync(form.Keyword, form.CustomerId), Requester = me.DisplayName };
    }

    /// <summary>Creates a pending request; refused for a customer already in scope, a duplicate pending one, or content already granted.</summary>
    public async Task<int> CreateAsync(AccessRequestForm form)
    {
        var cityOrgId = form.CustomerId <= 0 ? null
            : await db.BusinessCustomers.Where(c => c.Id == form.CustomerId).Select(c => (int?)c.CityOrgId).FirstOrDefaultAsync();
        if (cityOrgId is null) throw new BusinessRuleException("请选择申请客户");
        if (form.Content is not (CustomerDetail.Basic or CustomerDetail.Business or CustomerDetail.All))
            throw new BusinessRuleException("请选择申请内容");
        var reason = Input.RequireText(form.Reason, "申请原因", MaxReason);
        var customerId = form.CustomerId;
        if (await directory.InScope().AnyAsync(c => c.Id == customerId))
            throw new BusinessRuleException("该客户属于您的权限范围,可直接在“客户信息维护管理”中查看,无需申请调取");
        var myId = me.Id;
        if (await Requests.AnyAsync(r => r.RequesterUserId == myId && r.CustomerId == customerId && r.Status == AccessRequestStatus.Pending))
            throw new BusinessRuleException("您已有该客户待审批的调取申请,请等待审批");
        var granted = await new CustomerAccessGrantsService(db).GrantedAsync(myId, customerId);
        if ((granted & form.Content) == form.Content)
            throw new BusinessRuleException($"您已获准查看该客户的{AccessNames.Of(granted)},无需重复申请");

        var request = new AccessRequest
        {
            RequesterUserId = myId, RequesterOrgUnitId = me.OrgUnit.Id, CustomerId = customerId, CustomerCityOrgId = cityOrgId.Value,
            Requested = form.Content,
            Granted = CustomerDetail.None, Reason = reason, Status = AccessRequestStatus.Pending, RequestedAt = clock.UtcNow(),
        };
        return await audit.InsertAsync(request, AuditEntity, (r, id) => r.Id = id);
    }

    // ——— 共享客户信息查看 ———

    public Task<IReadOnlyList<AccessRequestRow>> MineAsync() => RowsAsync(Own());

    /// <summary>基本信息 of an own, approved request that granted it; anything else 404.</summary>
    public async Task<(AccessRequestRow Request, CustomerBasicInfo Basic)> BasicAsync(int requestId)
    {
        var (row, customer) = await GrantedCustomerAsync(requestId, CustomerDetail.Basic);
        return (row, await profiles.BasicAsync(customer));
    }

    /// <summary>业务信息 of an own, approved request that granted it; anything else 404.</summary>
    public async Task<(AccessRequestRow Request, CustomerBusinessInfo Business)> BusinessAsync(int requestId)
    {
        var (row, customer) = await GrantedCustomerAsync(requestId, CustomerDetail.Business);
        return (row, await profiles.BusinessAsync(customer));
    }

    private async Task<(AccessRequestRow, BusinessCustomer)> GrantedCustomerAsync(int requestId, CustomerDetail part)
    {
        var row = await RowAsync(Own().Where(r => r.Id == requestId && r.Status == AccessRequestStatus.Approved)) ?? throw new OutOfScopeException();
        if ((row.Granted & part) != part) throw new OutOfScopeException();
        return (row, await directory.GetAsync(row.CustomerId, part));
    }

    // ——— 审批 ———

    /// <summary>Requests per page of 审批, pending or decided (a city centre has hundreds of each in a province, issue 8).</summary>
    public const int ReviewPageSize = 50;

    /// <summary>One page of 待审批 (newest first), or of 已审批 when <paramref name="decided"/>: two tabs, not one page with both.</summary>
    public async Task<AccessReviewList> ReviewListAsync(int page = 1, bool decided = false)
    {
        var reviewable = await ReviewableAsync();
        // The scope's condition is on the request's own columns (M2026120180): the count reads one index range per status.
        var requests = decided
            ? reviewable.Where(r => r.Status == AccessRequestStatus.Approved || r.Status == AccessRequestStatus.Rejected)
            : reviewable.Where(r => r.Status == AccessRequestStatus.Pending);
        var total = await counts.CountAsync(requests, $"registration/access-review|{me.Id}|{decided}");
        var pages = Math.Max(1, (total + ReviewPageSize - 1) / ReviewPageSize);
        page = Math.Clamp(page, 1, pages);
        var skip = (page - 1) * ReviewPageSize;
        var take = ReviewPageSize;
        // Each page is chosen off the requests' indexes alone (a sub-query with its own order and limit), then joined to
        // names: with the joins in the same query SQLite drove the 已审批 list from every customer of the city (issue 8).
        // A join, not "id in (sub-query)": linq2db writes the sub-query's limit as a literal there and renders the SQL
        // again on every request. Skip and take from locals stay parameters.
        var ordered = decided && !db.IsPostgres
            ? requests.OrderByDescending(r => NotFromAnIndex(r.RequestedAt)).ThenByDescending(r => r.Id)
            : Newest(requests);
        // The page's ids alone first: the (city, status, time, id) index covers them, so no request row is read or sorted
        // but the page's own 50 (a city has hundreds decided).
        var pageIds = ordered.Skip(() => skip).Take(() => take).Select(r => r.Id);
        return new AccessReviewList
        {
            Decided = decided,
            Rows = await RowsAsync(from pageId in pageIds join r in Requests on pageId equals r.Id select r),
            Page = page, Pages = pages, Total = total,
        };
    }

    private static IQueryable<AccessRequest> Newest(IQueryable<AccessRequest> requests) =>
        requests.OrderByDescending(r => r.RequestedAt).ThenByDescending(r => r.Id);

    /// <summary>
    /// SQLite: the time as an ORDER BY term no index serves (unary plus is SQLite's no-op for that). For the 已审批 list
    /// SQLite walked the date index through the province's requests, newest first, until 50 of the city turned up (1.6 ms
    /// at province scale); from the (city, status) index it sorts the city's few hundred instead (0.1 ms). Same order.
    /// </summary>
    [Sql.Expression("+{0}", ServerSideOnly = true)]
    private static DateTime NotFromAnIndex(DateTime at) => throw new InvalidOperationException("server-side only");

    public async Task<AccessReviewPage> ReviewPageAsync(int id, AccessDecisionForm? form = null)
    {
        var row = await RowAsync((await ReviewableAsync()).Where(r => r.Id == id)) ?? throw new OutOfScopeException();
        return new AccessReviewPage
        {
            Request = row,
            Form = form ?? new AccessDecisionForm
            {
                GrantBasic = row.Requested.HasFlag(CustomerDetail.Basic), GrantBusiness = row.Requested.HasFlag(CustomerDetail.Business),
            },
        };
    }

    /// <summary>Approves all or part of what was asked, or rejects (an opinion is then required). Call inside a transaction.</summary>
    public async Task DecideAsync(int id, AccessDecisionForm form)
    {
        var before = await (await ReviewableAsync()).FirstOrDefaultAsync(r => r.Id == id) ?? throw new OutOfScopeException();
        if (before.Status != AccessRequestStatus.Pending) throw new BusinessRuleException("该申请已审批,不能重复审批");
        var opinion = Input.OptionalText(form.Opinion, "审批意见", MaxOpinion);
        var after = await Requests.FirstAsync(r => r.Id == id);
        switch (form.Decision)
        {
            case "approve":
                var granted = (form.GrantBasic ? CustomerDetail.Basic : CustomerDetail.None) | (form.GrantBusiness ? CustomerDetail.Business : CustomerDetail.None);
                if (granted == CustomerDetail.None) throw new BusinessRuleException("请选择批准查看的内容(基本信息或业务信息)");
                if ((granted & before.Requested) != granted)
                    throw new BusinessRuleException($"批准内容不能超出申请内容({AccessNames.Of(before.Requested)})");
                after.Status = AccessRequestStatus.Approved;
                after.Granted = granted;
                after.Opinion = opinion ?? "同意";
                break;
            case "reject":
                after.Status = AccessRequestStatus.Rejected;
                after.Granted = CustomerDetail.None;
                after.Opinion = opinion ?? throw new BusinessRuleException("驳回时请填写审批意见");
                break;
            default:
                throw new BusinessRuleException("请选择批准或驳回");
        }
        after.ApproverUserId = me.Id;
        after.DecidedAt = clock.UtcNow();
        // Only a still pending row changes: two approvers deciding at once cannot both win.
        var changed = await Requests.Where(r => r.Id == id && r.Status == AccessRequestStatus.Pending)
            .Set(r => r.Status, after.Status).Set(r => r.Granted, after.Granted).Set(r => r.Opinion, after.Opinion)
            .Set(r => r.ApproverUserId, after.ApproverUserId).Set(r => r.DecidedAt, after.DecidedAt)
            .UpdateAsync();
        if (changed != 1) throw new BusinessRuleException("该申请已审批,不能重复审批");
        await audit.WriteAsync(AuditEntity, id, after.Status == AccessRequestStatus.Approved ? "approve" : "reject", before, after);
    }

    /// <summary>
    /// Requests this user may decide: a city key-account centre those for customers of its city, the provincial
    /// centre those of customers in its area. Nobody else. The SDK's unit-and-below rule on the customer's city the
    /// request carries (M2026120180; the province's root: no filter), a condition the review indexes serve (issue 8).
    /// </summary>
    private Task<IQueryable<AccessRequest>> ReviewableAsync() =>
        Task.FromResult(MayReview ? scope.UnitAndBelowForList(Requests, r => r.CustomerCityOrgId) : Requests.Where(_ => false));

    /// <summary>Only a city's key-account centre and the provincial centre decide requests.</summary>
    private bool MayReview => me.IsInRole(RoleCodes.CityCentre) || me.IsInRole(RoleCodes.ProvinceCentre);

    private async Task<CustomerIdentity?> IdentityAsync(int customerId) =>
        await (from c in db.BusinessCustomers
               where c.Id == customerId
               join d in db.OrgUnits on c.DistrictOrgId equals d.Id
               select new CustomerIdentity(c.Id, c.Code, c.Name, c.ShortName, c.DistrictOrgId, d.Name)).FirstOrDefaultAsync();

    /// <summary>The requests' rows, newest first: their own columns and the customer's in one statement, the other names
    /// (district, requester, unit, approver) from <see cref="DisplayNames"/> (issue 8: four index lookups less per row).</summary>
    private async Task<IReadOnlyList<AccessRequestRow>> RowsAsync(IQueryable<AccessRequest> requests) =>
        await NamedAsync(await Columns(requests).ToListAsync());

    private async Task<AccessRequestRow?> RowAsync(IQueryable<AccessRequest> requests) =>
        await Columns(requests).FirstOrDefaultAsync() is { } row ? (await NamedAsync([row]))[0] : null;

    private IQueryable<RowColumns> Columns(IQueryable<AccessRequest> requests) =>
        from r in requests
        join c in db.BusinessCustomers on r.CustomerId equals c.Id
        orderby r.RequestedAt descending, r.Id descending
        select new RowColumns(r, c.Name, c.Code, c.DistrictOrgId);

    private sealed record RowColumns(AccessRequest Request, string CustomerName, string CustomerCode, int DistrictOrgId);

    private async Task<IReadOnlyList<AccessRequestRow>> NamedAsync(IReadOnlyList<RowColumns> rows)
    {
        var users = await names.UsersAsync(rows.Select(x => x.Request.RequesterUserId).Concat(rows.Select(x => x.Request.ApproverUserId).OfType<int>()));
        var units = await names.OrgUnitsAsync(rows.Select(x => x.DistrictOrgId).Concat(rows.Select(x => x.Request.RequesterOrgUnitId)));
        return [.. rows.Select(x =>
        {
            var r = x.Request;
            return new AccessRequestRow
            {
                Id = r.Id, RequestedAt = r.RequestedAt, CustomerId = r.CustomerId, CustomerName = x.CustomerName, CustomerCode = x.CustomerCode,
                District = units[x.DistrictOrgId], Requested = r.Requested, Granted = r.Granted, Requester = users[r.RequesterUserId],
                RequesterUnit = units[r.RequesterOrgUnitId], Reason = r.Reason, Status = r.Status,
                Approver = r.ApproverUserId is { } a ? users[a] : null, Opinion = r.Opinion, DecidedAt = r.DecidedAt,
            };
        })];
    }
}
