using System.Globalization;
using LinqToDB.Data;
using PostalCrm.Plugins.Registration.Data;
using PostalCrm.Sdk.Customers;
using PostalCrm.Sdk.Data;
using PostalCrm.Sdk.Organisation;
using PostalCrm.Sdk.Security;

namespace PostalCrm.Plugins.Registration.Demo;

/// <summary>
/// Demo registrations and data-access requests over the host's demo customers. For each customer manager: the
/// 开发成功 history of a dozen of their customers (application, reviews, and the customer code an approval gives), and
/// open work at every stage — 待预审 (also one from the e-branch channel and one for an existing customer), 预审通过
/// (where a district dept reviews), 初审通过, 开发失败, a rejection awaiting 重新申请 and a re-applied round 2. Reviewers are
/// the district dept and the city key-account centre of the application, as the review rules require. Access requests
/// ask for customers outside the requester's scope; some pending, some approved (all or part) or rejected by the
/// key-account centre of the customer's city.
/// </summary>
public sealed class RegistrationDemoData : IDemoData
{
    public const int DevelopedHistoryPerManager = 12;

    private static readonly string[] PreApprove = ["情况属实,同意上报", "客户资料齐全,同意", "经核实客户经营正常,同意"];
    private static readonly string[] InitialApprove = ["同意,请尽快签订合作协议", "同意进入终审", "客户用邮需求明确,同意"];
    private static readonly string[] FinalApprove = ["已签订正式合作协议,开发成功", "合作协议已签署,同意开发成功"];
    private static readonly string[] FinalReject = ["客户已与其他快递公司签约,开发失败", "客户暂无合作意向,开发失败"];
    private static readonly string[] PreReject = ["客户地址与营业执照不符,请核实后重新申请", "联系人电话无法接通,请补充正确联系方式"];
    private static readonly string[] InitialReject = ["业务量预估不足,请补充客户用邮需求说明", "客户名称与工商登记不一致,请修改后重新申请"];
    private static readonly string[] AccessReasons =
    [
        "拟开展联合营销,需了解客户基本情况", "客户总部在我区,需核对分支机构用邮信息", "客户提出新增速递业务,需了解已有合作情况",
        "核实客户是否已在其他区县注册", "年度走访计划需要客户联系人信息",
    ];
    private static readonly string[] AccessRejections = ["该客户正由本市客户经理跟进,暂不开放", "申请理由不充分,请补充说明"];

    public async Task SeedAsync(DemoContext ctx, CancellationToken ct)
    {
        var db = ctx.Db;
        var r = ctx.Random;
        var lines = (await (from p in db.ProductLines
                            join t in db.BusinessTypes on p.Id equals t.ProductLineId
                            where p.Active && t.Active
                            orderby p.Sort, t.Id
                            select new { p.Name, LineId = p.Id, TypeId = t.Id }).ToListAsync(ct))
            .GroupBy(x => x.LineId).Select(g => g.First()).ToList();
        var industries = (await db.Industries.ToListAsync(ct)).ToDictionary(i => i.Name, i => i.Id);
        var levels = (await db.CustomerLevels.OrderBy(l => l.Sort).ToListAsync(ct)).Select(l => l.Id).ToList();
        var taken = (await db.BusinessCustomers.Select(c => c.NameKey).ToListAsync(ct)).ToHashSet(StringComparer.Ordinal);
        var relationships = await db.BusinessRelationships.Where(b => b.Approved).ToListAsync(ct);
        var customers = (await db.BusinessCustomers.ToListAsync(ct)).ToDictionary(c => c.Id);
        var accounts = (await db.KeyAccounts.ToListAsync(ct)).ToDictionary(k => k.Id);
        var contacts = (await db.Contacts.Where(c => !c.Deleted).OrderBy(c => c.Id).ToListAsync(ct)).ToLookup(c => c.CustomerId);

        var applications = new List<Draft>();
        var managers = ctx.UsersInRole(RoleCodes.CustomerManager);
        foreach (var (cm, index) in managers.Select((m, i) => (m, i)))
        {
            var unit = ctx.Unit(cm.OrgUnitId);
            var city = ctx.CityOf(unit);
            if (city is null) continue;
            var area = ctx.AreaOf(unit);
            var districts = area.Level == OrgLevel.District ? [area] : ctx.Districts.Where(d => d.ParentId == city.Id).ToList();
            if (districts.Count == 0) continue;
            var centre = CentreOf(ctx, city);
            if (centre is null) continue;

            // 开发成功 history of the manager's own (recent) customers: the approval that created them.
            var own = relationships.Where(b => b.ManagerUserId == cm.Id && customers[b.CustomerId].CreatedBy == cm.Id)
                .GroupBy(b => b.CustomerId).Select(g => (Customer: customers[g.Key], Links: g.ToList()))
                .OrderByDescending(x => x.Customer.CreatedAt).ThenBy(x => x.Customer.Id).ToList();
            foreach (var (customer, links) in own.Take(DevelopedHistoryPerManager))
            {
                var account = accounts[links.OrderBy(l => l.Id).First().KeyAccountId!.Value];
                var contact = contacts[customer.Id].FirstOrDefault();
                var app = FromCustomer(customer, cm, city);
                app.Status = ApplicationStatus.Approved;
                app.NewKeyAccountName = account.Name;
                Typed(app, contact);
                app.ResultCustomerId = customer.Id;
                app.ResultKeyAccountId = account.Id;
                app.KeyAccountNo = account.Number;
                var final = customer.CreatedAt;
                app.CreatedAt = final.AddDays(-r.Next(6, 20)).AddHours(-r.Next(0, 5));
                app.UpdatedAt = final;
                var d = new Draft(app, [.. links.Where(l => l.KeyAccountId == account.Id).Select(l => (l.ProductLineId, l.BusinessTypeId ?? 0)).Distinct()]);
                var dept = DeptOf(ctx, ctx.Unit(customer.DistrictOrgId));
                if (dept is not null) d.Review(1, ReviewStage.Pre, true, ctx.Pick(PreApprove), dept, ctx, app.CreatedAt.AddDays(1));
                d.Review(1, ReviewStage.Initial, true, ctx.Pick(InitialApprove), centre, ctx, app.CreatedAt.AddDays(3));
                d.Review(1, ReviewStage.Final, true, ctx.Pick(FinalApprove), centre, ctx, final);
                d.DevelopedCustomer = customer;
                applications.Add(d);
            }

            // Open work at every stage, for new customers (F-3.1).
            Draft New(ApplicationStatus status, int minDaysAgo, int maxDaysAgo)
            {
                var district = ctx.Pick(districts);
                var (name, shortName, industry) = DemoText.Company(r, city, district, taken);
                var (address, postcode) = DemoText.Address(r, city, district);
                var hq = r.Next(15) == 0;
                var app = new RegistrationApplication
                {
                    Source = ApplicationSource.Portal, Status = status, ApplicantUserId = cm.Id, ApplicantOrgUnitId = cm.OrgUnitId,
                    CityOrgId = city.Id, DistrictOrgId = district.Id, CustomerName = name, CustomerShortName = shortName,
                    IndustryId = industries.GetValueOrDefault(industry), LevelId = hq ? levels[0] : levels[1 + r.Next(levels.Count - 1)],
                    IsHeadquarters = hq, Address = address, Postcode = postcode, Phone = DemoText.Landline(r, city),
                    LegalPerson = DemoText.PersonName(r), PostalOrgUnitId = cm.OrgUnitId, ManagerUserId = cm.Id, NewKeyAccountName = name,
                };
                var (department, title) = DemoText.ContactRole(r);
                app.ContactName = DemoText.PersonName(r);
                app.ContactDepartment = department;
                app.ContactTitle = title;
                app.ContactPhone = DemoText.Landline(r, city);
                app.ContactMobile = DemoText.Mobile(r);
                app.CreatedAt = app.UpdatedAt = ctx.DaysAgo(minDaysAgo, maxDaysAgo);
                var first = lines[Math.Min(lines.Count - 1, r.Next(4))];
                List<(int, int)> picked = [(first.LineId, first.TypeId)];
                if (r.Next(3) == 0)
                {
                    var second = ctx.Pick(lines);
                    if (second.LineId != first.LineId) picked.Add((second.LineId, second.TypeId));
                }
                var draft = new Draft(app, picked);
                applications.Add(draft);
                return draft;
            }

            for (var i = 0; i < 3; i++) New(ApplicationStatus.Submitted, 0, 12);
            if (index == 0)
            {
                var eb = New(ApplicationStatus.Submitted, 0, 5);
                eb.App.Source = ApplicationSource.EBranch;
                eb.App.ExternalRef = "EB" + eb.App.CreatedAt.ToString("yyyyMMdd", CultureInfo.InvariantCulture) + "0001";
            }
            foreach (var _ in Enumerable.Range(0, 2))
            {
                var draft = New(ApplicationStatus.PreApproved, 3, 20);
                var dept = DeptOf(ctx, ctx.Unit(draft.App.DistrictOrgId));
                if (dept is null) draft.App.Status = ApplicationStatus.Submitted; // no district dept user: still awaiting review
                else draft.Review(1, ReviewStage.Pre, true, ctx.Pick(PreApprove), dept, ctx, draft.App.CreatedAt.AddDays(1));
            }
            foreach (var _ in Enumerable.Range(0, 2))
            {
                var draft = New(ApplicationStatus.InitialApproved, 5, 30);
                PreThenInitial(draft, true, ctx.Pick(InitialApprove));
            }
            {
                var failed = New(ApplicationStatus.Rejected, 20, 90);
                PreThenInitial(failed, true, ctx.Pick(InitialApprove));
                failed.App.RejectedStage = ReviewStage.Final;
                failed.Review(1, ReviewStage.Final, false, ctx.Pick(FinalReject), centre, ctx, failed.App.CreatedAt.AddDays(8));
            }
            {
                // Rejected, waiting for the manager's 重新申请.
                var back = New(ApplicationStatus.Rejected, 6, 25);
                var dept = DeptOf(ctx, ctx.Unit(back.App.DistrictOrgId));
                if (dept is not null)
                {
                    back.App.RejectedStage = ReviewStage.Pre;
                    back.Review(1, ReviewStage.Pre, false, ctx.Pick(PreReject), dept, ctx, back.App.CreatedAt.AddDays(1));
                }
                else
                {
                    back.App.RejectedStage = ReviewStage.Initial;
                    back.Review(1, ReviewStage.Initial, false, ctx.Pick(InitialReject), centre, ctx, back.App.CreatedAt.AddDays(2));
                }
            }
            {
                // Re-applied after an initial-review rejection: round 2, awaiting pre-review again.
                var again = New(ApplicationStatus.Submitted, 10, 40);
                again.App.Round = 2;
                again.Review(1, ReviewStage.Initial, false, ctx.Pick(InitialReject), centre, ctx, again.App.CreatedAt.AddDays(2));
                again.App.UpdatedAt = again.App.SubmittedAt = again.App.CreatedAt.AddDays(4);
            }
            // An existing customer of the manager asking for another product line (F-3.2), awaiting pre-review.
            if (own.Skip(DevelopedHistoryPerManager).FirstOrDefault() is { Customer: not null } existing)
            {
                var account = accounts[existing.Links.OrderBy(l => l.Id).First().KeyAccountId!.Value];
                var has = existing.Links.Select(l => l.ProductLineId).ToHashSet();
                if (lines.FirstOrDefault(l => !has.Contains(l.LineId)) is { } extra)
                {
                    var app = FromCustomer(existing.Customer, cm, city);
                    app.Status = ApplicationStatus.Submitted;
                    app.ExistingCustomerId = existing.Customer.Id;
                    app.ExistingKeyAccountId = account.Id;
                    if (contacts[existing.Customer.Id].FirstOrDefault() is { } contact) app.ExistingContactId = contact.Id;
                    else Typed(app, null);
                    app.CreatedAt = app.UpdatedAt = ctx.DaysAgo(0, 10);
                    applications.Add(new Draft(app, [(extra.LineId, extra.TypeId)]));
                }
            }

            void PreThenInitial(Draft draft, bool approve, string opinion)
            {
                var dept = DeptOf(ctx, ctx.Unit(draft.App.DistrictOrgId));
                if (dept is not null) draft.Review(1, ReviewStage.Pre, true, ctx.Pick(PreApprove), dept, ctx, draft.App.CreatedAt.AddDays(1));
                draft.Review(1, ReviewStage.Initial, approve, opinion, centre, ctx, draft.App.CreatedAt.AddDays(3));
            }
        }

        // Applications in bulk, oldest first (ids follow submission order); read back by customer name, unique among them.
        var bulk = new BulkCopyOptions { BulkCopyType = db.IsPostgres ? BulkCopyType.ProviderSpecific : BulkCopyType.MultipleRows };
        var ordered = applications.OrderBy(a => a.App.CreatedAt).ToList();
        // 提交时间: the submission itself unless a 重新申请 set it later.
        foreach (var d in ordered.Where(d => d.App.SubmittedAt == default)) d.App.SubmittedAt = d.App.CreatedAt;
        await db.BulkCopyAsync(bulk, ordered.Select(d => d.App), ct);
        var ids = (await db.GetTable<RegistrationApplication>().Select(a => new { a.Id, a.CustomerName }).ToListAsync(ct))
            .ToDictionary(a => a.CustomerName, a => a.Id, StringComparer.Ordinal);
        var codes = customers.Values.Select(c => c.Code).ToHashSet(StringComparer.Ordinal);
        var lineRows = new List<ApplicationLine>();
        var reviewRows = new List<ApplicationReview>();
        foreach (var d in ordered)
        {
            d.App.Id = ids[d.App.CustomerName];
            lineRows.AddRange(d.Lines.Select(l => new ApplicationLine { ApplicationId = d.App.Id, ProductLineId = l.LineId, BusinessTypeId = l.TypeId }));
            foreach (var review in d.Reviews) review.ApplicationId = d.App.Id;
            reviewRows.AddRange(d.Reviews);
            if (d.DevelopedCustomer is { } c)
            {
                // The code final approval gives a customer it creates: as KeyAccountNumberService.CustomerCodeAsync, without its query per customer.
                var code = "C" + ctx.Unit(c.DistrictOrgId).Code + d.App.Id.ToString("D8", CultureInfo.InvariantCulture);
                for (var i = 2; codes.Contains(code); i++) code = "C" + ctx.Unit(c.DistrictOrgId).Code + d.App.Id.ToString("D8", CultureInfo.InvariantCulture) + "-" + i.ToString(CultureInfo.InvariantCulture);
                codes.Add(code);
                await db.BusinessCustomers.Where(x => x.Id == c.Id).Set(x => x.Code, code).UpdateAsync(ct);
            }
        }
        await db.BulkCopyAsync(bulk, lineRows, ct);
        await db.BulkCopyAsync(bulk, reviewRows, ct);

        await db.BulkCopyAsync(bulk, AccessRequests(ctx, relationships, customers), ct);
    }

    /// <summary>Requests for customers outside each requester's scope (customer managers: not their own; district depts: other districts).</summary>
    private static List<AccessRequest> AccessRequests(DemoContext ctx, List<BusinessRelationship> relationships, Dictionary<int, BusinessCustomer> customers)
    {
        var r = ctx.Random;
        var requests = new List<AccessRequest>();
        var ownIds = relationships.ToLookup(b => b.ManagerUserId, b => b.CustomerId);
        var developed = customers.Values.Where(c => c.Developed).OrderBy(c => c.Id).ToList();
        var requesters = ctx.UsersInRole(RoleCodes.CustomerManager).Concat(ctx.UsersInRole(RoleCodes.DistrictDept)).ToList();
        foreach (var (user, index) in requesters.Select((u, i) => (u, i)))
        {
            var area = ctx.AreaOf(ctx.Unit(user.OrgUnitId));
            var mine = ownIds[user.Id].ToHashSet();
            var outside = developed.Where(c => !mine.Contains(c.Id) && !ctx.Lineage(ctx.Unit(c.DistrictOrgId)).Contains(area)).ToList();
            var used = new HashSet<int>();
            for (var k = 0; k < 3 && outside.Count > 0; k++)
            {
                var customer = outside[r.Next(outside.Count)];
                if (!used.Add(customer.Id)) continue;
                var city = ctx.Unit(customer.CityOrgId);
                var approver = CentreOf(ctx, city);
                if (approver is null) continue;
                var requested = (CustomerDetail)(1 + r.Next(3));
                var at = ctx.DaysAgo(k == 0 ? 0 : 5, k == 0 ? 6 : 60);
                var request = new AccessRequest
                {
                    RequesterUserId = user.Id, RequesterOrgUnitId = user.OrgUnitId, CustomerId = customer.Id, CustomerCityOrgId = customer.CityOrgId,
                    Requested = requested,
                    Granted = CustomerDetail.None, Reason = ctx.Pick(AccessReasons), Status = AccessRequestStatus.Pending, RequestedAt = at,
                };
                // The first of each requester stays pending; then approved (every other one only in part) or, now and then, rejected.
                if (k > 0)
                {
                    request.ApproverUserId = approver.Id;
                    request.DecidedAt = at.AddHours(2 + r.Next(40));
                    if (k == 2 && index % 2 == 1)
                    {
                        request.Status = AccessRequestStatus.Rejected;
                        request.Opinion = ctx.Pick(AccessRejections);
                    }
                    else
                    {
                        request.Status = AccessRequestStatus.Approved;
                        request.Granted = requested == CustomerDetail.All && index % 2 == 0 ? CustomerDetail.Basic : requested;
                        request.Opinion = request.Granted == requested ? "同意" : "同意查看基本信息";
                    }
                }
                requests.Add(request);
            }
        }
        return requests;
    }

    /// <summary>The key-account centre deciding for a city: its city centre user, else the provincial centre.</summary>
    private static UserAccount? CentreOf(DemoContext ctx, OrgUnit city) =>
        ctx.UsersInRole(RoleCodes.CityCentre).FirstOrDefault(u => ctx.AreaOf(ctx.Unit(u.OrgUnitId)).Id == city.Id)
        ?? ctx.UsersInRole(RoleCodes.ProvinceCentre) switch { [var first, ..] => first, _ => null };

    /// <summary>The district's key-account dept user (pre-review), if the district has one.</summary>
    private static UserAccount? DeptOf(DemoContext ctx, OrgUnit district) =>
        ctx.UsersInRole(RoleCodes.DistrictDept).FirstOrDefault(u => ctx.AreaOf(ctx.Unit(u.OrgUnitId)).Id == district.Id);

    private static RegistrationApplication FromCustomer(BusinessCustomer c, UserAccount cm, OrgUnit city) => new()
    {
        Source = ApplicationSource.Portal, ApplicantUserId = cm.Id, ApplicantOrgUnitId = cm.OrgUnitId, CityOrgId = city.Id,
        // Like a real F-3.2 application: only the customer's identity, its details stay in the customer row.
        DistrictOrgId = c.DistrictOrgId, CustomerName = c.Name, CustomerShortName = c.ShortName, PostalOrgUnitId = cm.OrgUnitId, ManagerUserId = cm.Id,
    };

    private static void Typed(RegistrationApplication app, Contact? c)
    {
        app.ContactName = c?.Name ?? "王经理";
        app.ContactDepartment = c?.Department;
        app.ContactTitle = c?.Title;
        app.ContactPhone = c?.Phone;
        app.ContactMobile = c?.Mobile;
        app.ContactEmail = c?.Email;
    }

    /// <summary>An application with its lines and review history, before it has an id.</summary>
    private sealed class Draft(RegistrationApplication app, List<(int LineId, int TypeId)> lines)
    {
        public RegistrationApplication App { get; } = app;
        public List<(int LineId, int TypeId)> Lines { get; } = lines;
        public List<ApplicationReview> Reviews { get; } = [];
        public BusinessCustomer? DevelopedCustomer { get; set; }

        public void Review(int round, ReviewStage stage, bool approved, string opinion, UserAccount reviewer, DemoContext ctx, DateTime at) =>
            Reviews.Add(new ApplicationReview
            {
                Round = round, Stage = stage, Approved = approved, Opinion = opinion, ReviewerUserId = reviewer.Id,
                ReviewerOrgUnitId = reviewer.OrgUnitId, ReviewedAt = at > ctx.Now ? ctx.Now : at,
            });
    }
}
