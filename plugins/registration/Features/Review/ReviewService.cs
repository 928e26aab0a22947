using System.Data.Common;
using LinqToDB;
using PostalCrm.Plugins.Registration.Applications;
using PostalCrm.Plugins.Registration.Data;
using PostalCrm.Plugins.Registration.KeyAccountNumbers;
using PostalCrm.Sdk.Audit;
using PostalCrm.Sdk.Customers;
using PostalCrm.Sdk.Data;
using PostalCrm.Sdk.Lists;
using PostalCrm.Sdk.Organisation;
using PostalCrm.Sdk.Security;
using PostalCrm.Sdk.Time;

namespace PostalCrm.Plugins.Registration.Review;

/// <summary>
/// F-3.3 客户注册审批 with every rule on the server:
/// 预审 by the key-account dept (district_dept) of the application's district, or — for applications of city-level
/// units — by the city specialist bureau (city_bureau) of a product line the application contains;
/// 初审 by the key-account centre of the application's city only, from 预审通过 or straight from 已提交;
/// 终审 by that centre or the provincial one: 开发成功 creates customer, key account (number), relationships and contact in one
/// transaction, 开发失败 rejects. Every decision needs an opinion and leaves a history row and audit rows.
/// </summary>
public sealed class ReviewService(TimeProvider clock, PostalDb db, ICurrentUser me, DataScope scope, OrgTree tree, AuditLog audit,
    KeyAccountNumberService numbers, CustomerDirectory directory, BoundedCounts counts, DisplayNames names)
{
    public const string ApplicationEntity = "registration_application";
    public const string ReviewEntity = "registration_review";
    public const int OpinionMax = 500;

    private ITable<RegistrationApplication> Applications => db.GetTable<RegistrationApplication>();
    private ITable<ApplicationLine> Lines => db.GetTable<ApplicationLine>();

    // ————————————————————————————— rights —————————————————————————————

    /// <summary>What the current user may review, computed once per request; unit sets are sub-queries the database evaluates.</summary>
    private sealed class Rights
    {
        /// <summary>district_dept: the district (the user's area) whose applications it pre-reviews.</summary>
        public int? DeptDistrictId { get; init; }
        /// <summary>city_bureau: its city, product line, and the units whose area is that city (city-level applicants).</summary>
        public int? BureauCityId { get; init; }
        public int BureauProductLineId { get; init; }
        public IQueryable<int> CityLevelUnitIds { get; init; } = Enumerable.Empty<int>().AsQueryable();
        public bool Initial { get; init; }
        public bool Final { get; init; }
        public bool AssignNumber { get; init; }

        public bool Pre => DeptDistrictId is not null || BureauCityId is not null;
        public bool Centre => Initial || Final;
    }

    private Rights? _rights;

    private Task<Rights> RightsAsync()
    {
        if (_rights is not null) return Task.FromResult(_rights);
        int? deptDistrict = null, bureauCity = null;
        var bureauLine = 0;
        IQueryable<int>? cityLevel = null;
        if (me.Has(RegistrationPermissions.PreReview))
        {
            if (me.IsInRole(RoleCodes.DistrictDept) && me.Area.Level == OrgLevel.District) deptDistrict = me.Area.Id;
            if (me.IsInRole(RoleCodes.CityBureau) && me.Area.Level == OrgLevel.City && me.OrgUnit.ProductLineId is { } pl)
            {
                bureauCity = me.Area.Id;
                bureauLine = pl;
                cityLevel = tree.UnitsOfArea(me.Area);
            }
        }
        // 初审 belongs to the city key-account centre alone; 终审 to the city or the provincial centre (manual §3.1).
        var initial = me.IsInRole(RoleCodes.CityCentre) && me.Has(RegistrationPermissions.InitialReview);
        var final = (me.IsInRole(RoleCodes.CityCentre) || me.IsInRole(RoleCodes.ProvinceCentre)) && me.Has(RegistrationPermissions.FinalReview);
        _rights = new Rights
        {
            DeptDistrictId = deptDistrict, BureauCityId = bureauCity, BureauProductLineId = bureauLine,
            CityLevelUnitIds = cityLevel ?? db.OrgUnits.Where(_ => false).Select(u => u.Id),
            Initial = initial, Final = final,
            AssignNumber = final && me.Has(RegistrationPermissions.AssignNumber),
        };
        return Task.FromResult(_rights);
    }

    /// <summary>Whether the user may act on the application at the stage now: the same query as the stage list.</summary>
    private Task<bool> CanStageAsync(Rights r, ReviewStage stage, int applicationId) =>
        StageQuery(r, stage).AnyAsync(a => a.Id == applicationId);

    /// <summary>The statuses a stage acts on: 初审 also takes a submitted application straight (skipping 预审).</summary>
    public static IReadOnlyList<ApplicationStatus> StatusesFor(ReviewStage stage) => stage switch
    {
        ReviewStage.Pre => [ApplicationStatus.Submitted],
        ReviewStage.Initial => [ApplicationStatus.Submitted, ApplicationStatus.PreApproved],
        ReviewStage.Final => [ApplicationStatus.InitialApproved],
        _ => [],
    };

    /// <summary>Applications the user may pre-review at some time (any status).</summary>
    /// <remarks>
    /// Only the branches the user has are written (issue 8): "(false and …) or …" in the SQL kept the database from the
    /// district and city indexes, so a district's 预审 list read every application of the province.
    /// </remarks>
    private IQueryable<RegistrationApplication> PreScope(IQueryable<RegistrationApplication> q, Rights r)
    {
        var deptId = r.DeptDistrictId ?? 0;
        var cityId = r.BureauCityId ?? 0;
        var line = r.BureauProductLineId;
        var cityUnits = r.CityLevelUnitIds;
        var lines = Lines;
        return (r.DeptDistrictId is not null, r.BureauCityId is not null) switch
        {
            (true, false) => q.Where(a => a.DistrictOrgId == deptId),
            (false, true) => q.Where(a => a.CityOrgId == cityId && cityUnits.Contains(a.ApplicantOrgUnitId)
                                          && lines.Any(l => l.ApplicationId == a.Id && l.ProductLineId == line)),
            (true, true) => q.Where(a => a.DistrictOrgId == deptId
                                         || (a.CityOrgId == cityId && cityUnits.Contains(a.ApplicantOrgUnitId)
                                             && lines.Any(l => l.ApplicationId == a.Id && l.ProductLineId == line))),
            _ => q.Where(_ => false),
        };
    }

    /// <summary>初审/终审: the key-account centre of the application's city (终审 also the province above it) — the SDK's unit-and-below rule.</summary>
    private IQueryable<RegistrationApplication> CentreScope(IQueryable<RegistrationApplication> q, bool on) =>
        on ? scope.UnitAndBelowForList(q, a => a.CityOrgId) : q.Where(_ => false);

    /// <summary>Every application the user reviews at one stage or another (the scope of the summary and of the detail page).</summary>
    private IQueryable<RegistrationApplication> ReviewScope(Rights r) =>
        r.Centre ? PreScope(Applications, r).Union(CentreScope(Applications, true)) : PreScope(Applications, r);

    /// <summary>
    /// The applications at a stage (<see cref="StatusesFor"/>) that the user decides. The statuses are written as constants:
    /// an IN list of local values made linq2db render the SQL of every statement of the list again per request (issue 8).
    /// </summary>
    private IQueryable<RegistrationApplication> StageQuery(Rights r, ReviewStage stage) => stage switch
    {
        ReviewStage.Pre => PreScope(Applications.Where(a => a.Status == ApplicationStatus.Submitted), r),
        ReviewStage.Initial => CentreScope(Applications.Where(a => AwaitsInitialReview(a.Status)), r.Initial),
        _ => CentreScope(Applications.Where(a => a.Status == ApplicationStatus.InitialApproved), r.Final),
    };

    /// <summary>
    /// 初审's statuses, <see cref="ApplicationStatus.Submitted"/> (0) and <see cref="ApplicationStatus.PreApproved"/> (1), as
    /// an IN of two constants written into the SQL. Not an OR: PostgreSQL seeks the (status, city, …) index once per status
    /// and city with the IN, and scanned the whole index for each city with the OR (初审 fell to 12 req/s on the province).
    /// Not an array's Contains: linq2db reads that as a list of local values and renders the SQL of each of the list's
    /// statements again on every request. Not a range (<c>status &lt;= 1</c>): SQLite then seeks the status-only index.
    /// The values are the stored ones (the enum's explicit numbers).
    /// </summary>
    [Sql.Expression("{0} IN (0, 1)", IsPredicate = true, ServerSideOnly = true)]
    private static bool AwaitsInitialReview(ApplicationStatus status) => throw new InvalidOperationException("SQL only");

    public async Task<bool> MayEnterAsync(ReviewStage stage)
    {
        var r = await RightsAsync();
        return stage switch { ReviewStage.Pre => r.Pre, ReviewStage.Initial => r.Initial, _ => r.Final };
    }

    // ————————————————————————————— pages —————————————————————————————

    /// <summary>Per 合作部门: 申请客户数目 (submitted), 预审通过客户数目, 初审通过客户数目 — only applications in the user's scope.</summary>
    public async Task<ReviewSummary> SummaryAsync()
    {
        var r = await RightsAsync();
        var open = new[] { ApplicationStatus.Submitted, ApplicationStatus.PreApproved, ApplicationStatus.InitialApproved };
        var counts = await (from a in ReviewScope(r)
                            where open.Contains(a.Status)
                            group a by new { a.PostalOrgUnitId, a.Status } into g
                            select new { g.Key.PostalOrgUnitId, g.Key.Status, Count = g.Count() }).ToListAsync();
        var ids = counts.Select(c => c.PostalOrgUnitId).Distinct().ToList();
        var units = await db.OrgUnits.Where(u => ids.Contains(u.Id)).ToListAsync();
        var rows = units.OrderBy(u => u.Path, StringComparer.Ordinal).Select(u => new ReviewSummaryRow
        {
            DepartmentId = u.Id,
            Department = u.Name,
            Submitted = counts.Where(c => c.PostalOrgUnitId == u.Id && c.Status == ApplicationStatus.Submitted).Sum(c => c.Count),
            PreApproved = counts.Where(c => c.PostalOrgUnitId == u.Id && c.Status == ApplicationStatus.PreApproved).Sum(c => c.Count),
            InitialApproved = counts.Where(c => c.PostalOrgUnitId == u.Id && c.Status == ApplicationStatus.InitialApproved).Sum(c => c.Count),
        }).ToList();
        return new ReviewSummary { Rows = rows, CanPre = r.Pre, CanInitial = r.Initial, CanFinal = r.Final };
    }

    /// <summary>Applications per page of a stage list.</summary>
    public const int StagePageSize = 50;

    /// <summary>The applications awaiting the stage that the user may decide, optionally of one 合作部门, a page at a time (oldest first).</summary>
    public async Task<ReviewStageList> StageListAsync(ReviewStage stage, int? departmentId, int page = 1)
    {
        var r = await RightsAsync();
        if (!await MayEnterAsync(stage)) throw new OutOfScopeException();
        var q = StageQuery(r, stage);
        if (departmentId is { } dep) q = q.Where(a => a.PostalOrgUnitId == dep);
        // A page at a time (issue 8): a city centre has hundreds of applications waiting at a stage in a province.
        // Remembered until the next write (BoundedCounts): a page turn or a return to the list counts no more.
        var total = await counts.CountAsync(q, $"registration/review|{me.Id}|{stage}|{departmentId}");
        var pages = Math.Max(1, (total + StagePageSize - 1) / StagePageSize);
        page = Math.Clamp(page, 1, pages);
        var skip = (page - 1) * StagePageSize;
        var take = StagePageSize;
        // The page's ids alone first: the stage's index holds them and the order's columns, so the sort reads no table row.
        // With the list's columns in the same sub-query SQLite read and sorted every application awaiting the stage in the
        // city (~700 for 初审 in a province) to keep 50 (issue 8). Then only the columns the list shows, for those 50 rows;
        // the page joined as a sub-query (an IN list of the page's ids, or "id in (sub-query)" with its limit written as a
        // literal, makes linq2db render the SQL again on every request). Skip and take from locals stay parameters. The
        // district, department and applicant names come from DisplayNames, not three joins per row; the product lines' names
        // from the remembered product lines (ApplicationLineIds).
        var pageIds = q.OrderBy(a => a.SubmittedAt).ThenBy(a => a.Id).Skip(() => skip).Take(() => take).Select(a => a.Id);
        var apps = await (from pageId in pageIds
                          join a in Applications on pageId equals a.Id
                          orderby a.SubmittedAt, a.Id
                          select new
                          {
                              a.Id, a.CustomerName, a.ExistingCustomerId, a.Status, a.RejectedStage, a.SubmittedAt,
                              a.DistrictOrgId, a.PostalOrgUnitId, a.ApplicantUserId, ProductLineIds = ApplicationLineIds.Of(a.Id),
                          }).ToListAsync();
        var units = await names.OrgUnitsAsync(apps.Select(x => x.DistrictOrgId).Concat(apps.Select(x => x.PostalOrgUnitId))
            .Concat(departmentId is { } chosen ? new[] { chosen } : []));
        var users = await names.UsersAsync(apps.Select(x => x.ApplicantUserId));
        var lineIds = apps.ToDictionary(x => x.Id, x => ApplicationLineIds.Parse(x.ProductLineIds));
        var productLines = await SortedProductLinesAsync([.. lineIds.Values.SelectMany(ids => ids).Distinct()]);
        string? departmentName = departmentId is { } id ? units.GetValueOrDefault(id) : null;
        return new ReviewStageList
        {
            Stage = stage,
            DepartmentId = departmentId,
            Department = departmentName,
            Page = page,
            Pages = pages,
            Total = total,
            Rows = [.. apps.Select(x => new ReviewListRow
            {
                Id = x.Id, CustomerName = x.CustomerName, IsNewCustomer = x.ExistingCustomerId is null, District = units[x.DistrictOrgId],
                Department = units[x.PostalOrgUnitId], Applicant = users[x.ApplicantUserId],
                Status = ApplicationStatusNames.Of(x.Status, x.RejectedStage),
                SubmittedAt = x.SubmittedAt,
                ProductLines = string.Join("、", productLines.Where(p => lineIds[x.Id].Contains(p.Id)).Select(p => p.Name)),
            })],
        };
    }

    private sealed record ProductLineName(int Id, string Name);

    /// <summary>
    /// Every product line (专业) in its sort order, remembered until the next write through the portal (BoundedCounts); read
    /// again at once when a row names one it lacks (written outside the portal since).
    /// </summary>
    private Task<IReadOnlyList<ProductLineName>> SortedProductLinesAsync(int[] needed) =>
        counts.FigureAsync("registration/product-lines-sorted",
            async () => (IReadOnlyList<ProductLineName>)await db.ProductLines.OrderBy(p => p.Sort).ThenBy(p => p.Id).Select(p => new ProductLineName(p.Id, p.Name)).ToListAsync(),
            lines => needed.All(id => lines.Any(p => p.Id == id)));

    /// <summary>The application in the user's review scope, else <see cref="OutOfScopeException"/> (404).</summary>
    private async Task<RegistrationApplication> LoadAsync(int id, Rights r) =>
        await ReviewScope(r).FirstOrDefaultAsync(a => a.Id == id) ?? throw new OutOfScopeException();

    public async Task<ReviewDetail> DetailAsync(int id)
    {
        var r = await RightsAsync();
        var a = await LoadAsync(id, r);
        var unitIds = new[] { a.CityOrgId, a.DistrictOrgId, a.PostalOrgUnitId, a.ApplicantOrgUnitId };
        var units = await db.OrgUnits.Where(u => unitIds.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.Name);
        var userIds = new[] { a.ApplicantUserId, a.ManagerUserId };
        var users = await db.Users.Where(u => userIds.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.DisplayName);
        var lines = await (from l in Lines
                           join p in db.ProductLines on l.ProductLineId equals p.Id
                           join t in db.BusinessTypes on l.BusinessTypeId equals t.Id
                           where l.ApplicationId == id
                           orderby p.Sort
                           select new ReviewLineView(p.Name, t.Name)).ToListAsync();
        var existing = a.ExistingCustomerId is { } cid ? await db.BusinessCustomers.FirstOrDefaultAsync(c => c.Id == cid) : null;
        var ka = a.ExistingKeyAccountId is { } kid ? await db.KeyAccounts.FirstOrDefaultAsync(k => k.Id == kid) : null;
        ContactView? contact = null;
        if (a.ExistingContactId is { } contactId)
        {
            contact = await db.Contacts.Where(c => c.Id == contactId)
                .Select(c => new ContactView(c.Name, c.Department, c.Title, c.Phone, c.Mobile, c.Email)).FirstOrDefaultAsync();
        }
        else if (!string.IsNullOrWhiteSpace(a.ContactName))
        {
            contact = new ContactView(a.ContactName, a.ContactDepartment, a.ContactTitle, a.ContactPhone, a.ContactMobile, a.ContactEmail);
        }
        var history = await (from v in db.GetTable<ApplicationReview>()
                             join u in db.Users on v.ReviewerUserId equals u.Id
                             join o in db.OrgUnits on v.ReviewerOrgUnitId equals o.Id
                             where v.ApplicationId == id
                             orderby v.ReviewedAt, v.Id
                             select new { v, Reviewer = u.DisplayName, Unit = o.Name }).ToListAsync();
        var actions = new List<ReviewStage>();
        foreach (var stage in Enum.GetValues<ReviewStage>())
            if (StatusesFor(stage).Contains(a.Status) && await CanStageAsync(r, stage, a.Id)) actions.Add(stage);
        return new ReviewDetail
        {
            Application = a,
            Status = ApplicationStatusNames.Of(a),
            City = units.GetValueOrDefault(a.CityOrgId, ""),
            District = units.GetValueOrDefault(a.DistrictOrgId, ""),
            Customer = await ApplicationCustomerView.ReadAsync(db, directory, a),
            ExistingCustomerCode = existing?.Code,
            PostalDepartment = units.GetValueOrDefault(a.PostalOrgUnitId, ""),
            Manager = users.GetValueOrDefault(a.ManagerUserId, ""),
            Lines = lines,
            KeyAccountName = ka?.Name ?? a.NewKeyAccountName ?? a.CustomerName,
            ExistingKeyAccountNumber = ka?.Number,
            NeedsNumber = ka?.Number is null,
            Contact = contact,
            ContactPicked = a.ExistingContactId is not null,
            Applicant = users.GetValueOrDefault(a.ApplicantUserId, ""),
            ApplicantUnit = units.GetValueOrDefault(a.ApplicantOrgUnitId, ""),
            History = [.. history.Select(h => new ReviewHistoryView(h.v.Round, ApplicationStatusNames.Of(h.v.Stage), h.v.Approved,
                Decision(h.v.Stage, h.v.Approved), h.v.Opinion, h.Reviewer, h.Unit, h.v.ReviewedAt))],
            Actions = actions,
            CanAssignNumber = r.AssignNumber && actions.Contains(ReviewStage.Final) && ka?.Number is null,
        };
    }

    public static string Decision(ReviewStage stage, bool approved) => (stage, approved) switch
    {
        (ReviewStage.Final, true) => "开发成功",
        (ReviewStage.Final, false) => "开发失败",
        (_, true) => "通过",
        _ => "驳回",
    };

    /// <summary>检查客户信息: fuzzy search of existing customers' identities (open to every reviewer).</summary>
    public async Task<DuplicateCheck> CheckCustomersAsync(string? keyword)
    {
        var k = (keyword ?? "").Trim();
        var key = CustomerNames.Key(k);
        if (key.Length == 0) return new DuplicateCheck { Keyword = k };
        var pending = await (from a in Applications
                             join d in db.OrgUnits on a.DistrictOrgId equals d.Id
                             where a.ExistingCustomerId == null && a.CustomerNameKey.Contains(key)
                                   && (a.Status == ApplicationStatus.Submitted || a.Status == ApplicationStatus.PreApproved || a.Status == ApplicationStatus.InitialApproved)
                             orderby a.SubmittedAt descending
                             select new { a.Id, a.CustomerName, District = d.Name, a.Status, a.SubmittedAt }).Take(50).ToListAsync();
        return new DuplicateCheck
        {
            Keyword = k,
            Matches = await directory.FindAsync(k, 50),
            Pending = [.. pending.Select(p => new PendingNameMatch(p.Id, p.CustomerName, p.District, ApplicationStatusNames.Of(p.Status, null), p.SubmittedAt))],
        };
    }

    // ————————————————————————————— decisions —————————————————————————————

    /// <summary>
    /// Approves or rejects the application at <paramref name="stage"/>. <paramref name="manualNumber"/> (F-3.4
    /// 手工赋码) is only for 开发成功 of an application whose key account has no number yet.
    /// </summary>
    public async Task DecideAsync(int id, ReviewStage stage, bool approve, string? opinion, string? manualNumber = null)
    {
        var r = await RightsAsync();
        var a = await LoadAsync(id, r);
        var stageName = ApplicationStatusNames.Of(stage);
        if (!StatusesFor(stage).Contains(a.Status))
            throw new BusinessRuleException($"该申请当前状态为“{ApplicationStatusNames.Of(a)}”,不能进行{stageName}");
        if (!await CanStageAsync(r, stage, a.Id)) throw new BusinessRuleException($"您无权对该申请进行{stageName}");
        var text = Input.RequireText(opinion, "审批意见", OpinionMax);

        string? manual = null;
        if (manualNumber is not null)
        {
            if (stage != ReviewStage.Final || !approve) throw new BusinessRuleException("只有终审“开发成功”时才能手工赋大客户号");
            if (!r.AssignNumber) throw new BusinessRuleException("您无权手工赋大客户号");
            if (a.ExistingKeyAccountId is { } kid
                && await db.KeyAccounts.Where(k => k.Id == kid).Select(k => k.Number).FirstOrDefaultAsync() is { } kept)
                throw new BusinessRuleException($"该申请延用已有的大客户号 {kept},无需赋码");
            manual = await numbers.CheckManualAsync(manualNumber, a.DistrictOrgId);
        }

        try
        {
            await DecideInTransactionAsync(a, stage, approve, text, manual);
        }
        catch (DbException) when (manual is not null || (a.IsNewCustomer && stage == ReviewStage.Final && approve))
        {
            // The unique indexes are the last guard against a concurrent act: the same customer name created by another
            // 终审 or an import, or the same hand-given number assigned.
            if (a.IsNewCustomer && await NameTakenAsync(a) is { } taken) throw new BusinessRuleException(SameNameRefusal(taken));
            if (manual is not null && await numbers.NumberTakenAsync(manual)) throw new BusinessRuleException(KeyAccountNumberService.Taken(manual));
            throw;
        }
    }

    private async Task DecideInTransactionAsync(RegistrationApplication a, ReviewStage stage, bool approve, string opinion, string? manual)
    {
        var before = Snapshot(a);
        var to = !approve ? ApplicationStatus.Rejected : stage switch
        {
            ReviewStage.Pre => ApplicationStatus.PreApproved,
            ReviewStage.Initial => ApplicationStatus.InitialApproved,
            _ => ApplicationStatus.Approved,
        };
        ReviewStage? rejected = approve ? null : stage;
        var now = clock.UtcNow();

        await using var tx = await db.BeginTransactionAsync();
        // Conditional on the status (and round) this reviewer saw: of two reviewers acting at once, only one succeeds.
        var seen = a.Status;
        var round = a.Round;
        var updated = await Applications
            .Where(x => x.Id == a.Id && x.Status == seen && x.Round == round)
            .Set(x => x.Status, to)
            .Set(x => x.RejectedStage, rejected)
            .Set(x => x.UpdatedAt, now)
            .UpdateAsync();
        if (updated == 0) throw new BusinessRuleException("该申请已被其他审批人处理,请刷新页面查看其当前状态");
        a.Status = to;
        a.RejectedStage = rejected;
        a.UpdatedAt = now;

        if (approve && stage == ReviewStage.Final) await DevelopAsync(a, manual);

        var review = new ApplicationReview
        {
            ApplicationId = a.Id, Round = a.Round, Stage = stage, Approved = approve, Opinion = opinion,
            ReviewerUserId = me.Id, ReviewerOrgUnitId = me.OrgUnit.Id, ReviewedAt = now,
        };
        await audit.InsertAsync(review, ReviewEntity, (x, id) => x.Id = id);
        await audit.WriteAsync(ApplicationEntity, a.Id, approve ? "approve" : "reject", before, Snapshot(a));
        await tx.CommitAsync();
    }

    private static object Snapshot(RegistrationApplication a) => new
    {
        a.Status, a.RejectedStage, a.Round, a.ResultCustomerId, a.ResultKeyAccountId, a.KeyAccountNo,
    };

    private Task<string?> NameTakenAsync(RegistrationApplication a)
    {
        var key = CustomerNames.Key(a.CustomerName);
        return db.BusinessCustomers.Where(c => c.NameKey == key).Select(c => c.Name).FirstOrDefaultAsync();
    }

    private static string SameNameRefusal(string taken) =>
        $"系统中已有同名商务客户“{taken}”(可能由另一申请或导入刚刚建立),不能再以新客户开发成功;请驳回本申请,或由申请人改为对已有客户申报";

    /// <summary>开发成功: customer (new), key account with its number, approved relationships and the typed contact.</summary>
    private async Task DevelopAsync(RegistrationApplication a, string? manual)
    {
        int customerId;
        if (a.IsNewCustomer)
        {
            // Checked again inside the transaction: two applications for one new name may both have reached 终审.
            if (await NameTakenAsync(a) is { } taken) throw new BusinessRuleException(SameNameRefusal(taken));
            var customer = new BusinessCustomer
            {
                Code = await numbers.CustomerCodeAsync(a.DistrictOrgId, a.Id),
                Name = a.CustomerName, ShortName = a.CustomerShortName, IndustryId = a.IndustryId, LevelId = a.LevelId,
                IsHeadquarters = a.IsHeadquarters, CityOrgId = a.CityOrgId, DistrictOrgId = a.DistrictOrgId, Address = a.Address,
                Postcode = a.Postcode, Phone = a.Phone, LegalPerson = a.LegalPerson, Remarks = a.Remarks,
                Developed = true, CreatedBy = a.ApplicantUserId, CreatedAt = clock.UtcNow(),
            };
            customerId = await audit.InsertAsync(customer, "business_customer", (c, id) => c.Id = id);
        }
        else
        {
            var existing = await db.BusinessCustomers.FirstOrDefaultAsync(c => c.Id == a.ExistingCustomerId)
                           ?? throw new BusinessRuleException("申请的商务客户已不存在,无法审批通过");
            customerId = existing.Id;
            if (!existing.Developed)
            {
                await db.BusinessCustomers.Where(c => c.Id == customerId).Set(c => c.Developed, true).UpdateAsync();
                await audit.WriteAsync("business_customer", customerId, "update", new { Developed = false }, new { Developed = true });
            }
        }

        int keyAccountId;
        string number;
        if (a.ExistingKeyAccountId is { } kid)
        {
            var ka = await db.KeyAccounts.FirstOrDefaultAsync(k => k.Id == kid && k.CustomerId == customerId)
                     ?? throw new BusinessRuleException("申请所选的大客户不属于该商务客户,无法审批通过");
            keyAccountId = ka.Id;
            if (ka.Number is { } kept)
            {
                number = kept;
            }
            else
            {
                // An existing key account without a number (e.g. imported) gets one now, as a new one would.
                number = manual ?? await numbers.AllocateAsync(a.DistrictOrgId);
                await db.KeyAccounts.Where(k => k.Id == kid).Set(k => k.Number, number).UpdateAsync();
                await audit.WriteAsync("key_account", kid, "update", new { Number = (string?)null }, new { Number = number });
            }
        }
        else
        {
            number = manual ?? await numbers.AllocateAsync(a.DistrictOrgId);
            var ka = new KeyAccount
            {
                CustomerId = customerId, Name = string.IsNullOrWhiteSpace(a.NewKeyAccountName) ? a.CustomerName : a.NewKeyAccountName,
                Number = number, OrgUnitId = a.DistrictOrgId, CreatedAt = clock.UtcNow(),
            };
            keyAccountId = await audit.InsertAsync(ka, "key_account", (k, id) => k.Id = id);
        }

        var lines = await Lines.Where(l => l.ApplicationId == a.Id).ToListAsync();
        foreach (var line in lines)
        {
            var duplicate = await db.BusinessRelationships.AnyAsync(b => b.CustomerId == customerId && b.KeyAccountId == keyAccountId
                && b.OrgUnitId == a.PostalOrgUnitId && b.ManagerUserId == a.ManagerUserId && b.ProductLineId == line.ProductLineId
                && b.BusinessTypeId == line.BusinessTypeId && b.Approved);
            if (duplicate) continue;
            await audit.InsertAsync(new BusinessRelationship
            {
                CustomerId = customerId, KeyAccountId = keyAccountId, OrgUnitId = a.PostalOrgUnitId, ManagerUserId = a.ManagerUserId,
                ProductLineId = line.ProductLineId, BusinessTypeId = line.BusinessTypeId, Approved = true, CreatedAt = clock.UtcNow(),
            }, "business_relationship", (b, id) => b.Id = id);
        }

        if (a.ExistingContactId is null && !string.IsNullOrWhiteSpace(a.ContactName))
        {
            await audit.InsertAsync(new Contact
            {
                CustomerId = customerId, Name = a.ContactName.Trim(), Department = a.ContactDepartment, Title = a.ContactTitle,
                Phone = a.ContactPhone, Mobile = a.ContactMobile, Email = a.ContactEmail,
            }, "contact", (c, id) => c.Id = id);
        }

        await Applications.Where(x => x.Id == a.Id)
            .Set(x => x.ResultCustomerId, customerId)
            .Set(x => x.ResultKeyAccountId, keyAccountId)
            .Set(x => x.KeyAccountNo, number)
            .UpdateAsync();
        a.ResultCustomerId = customerId;
        a.ResultKeyAccountId = keyAccountId;
        a.KeyAccountNo = number;
    }
}
