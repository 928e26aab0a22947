using LinqToDB;
using PostalCrm.Plugins.Registration.Data;
using PostalCrm.Sdk.Customers;
using PostalCrm.Sdk.Data;
using PostalCrm.Sdk.Organisation;
using PostalCrm.Sdk.Security;

namespace PostalCrm.Plugins.Registration.Demo;

/// <summary>
/// Registration's part of the generated province (issue 8): the 开发成功 history of every generated customer (the
/// application its manager filed, 预审 by the district dept, 初审 and 终审 by the city centre, the key account number it
/// got), and open work at every stage for each customer manager (2 待预审, 1 预审通过, 1 初审通过, 1 驳回), and two data-access
/// requests per manager (one pending, one decided) for customers of another district. Customers are read in pages;
/// rows carry their own ids (the tables are empty) and are streamed to the bulk copy.
/// </summary>
public sealed class RegistrationProvinceData : IProvinceData
{
    public const int PageSize = 20_000;

    private static readonly string[] PreApprove = ["情况属实,同意上报", "客户资料齐全,同意", "经核实客户经营正常,同意"];
    private static readonly string[] InitialApprove = ["同意,请尽快签订合作协议", "同意进入终审", "客户用邮需求明确,同意"];
    private static readonly string[] FinalApprove = ["已签订正式合作协议,开发成功", "合作协议已签署,同意开发成功"];
    private static readonly string[] PreReject = ["客户地址与营业执照不符,请核实后重新申请", "联系人电话无法接通,请补充正确联系方式"];
    private static readonly string[] AccessReasons = ["拟开展联合营销,需了解客户基本情况", "客户总部在我区,需核对分支机构用邮信息", "核实客户是否已在其他区县注册"];

    public async Task GenerateAsync(ProvinceContext ctx, CancellationToken ct)
    {
        var db = ctx.Db;
        var applications = db.GetTable<RegistrationApplication>();
        if (await applications.AnyAsync(ct)) throw new InvalidOperationException("registration: applications exist already");
        var r = ctx.Random;
        var centres = ctx.UsersInRole(RoleCodes.CityCentre).GroupBy(u => ctx.CityOf(ctx.Unit(u.OrgUnitId))!.Id).ToDictionary(g => g.Key, g => g.ToList());
        var depts = ctx.UsersInRole(RoleCodes.DistrictDept).GroupBy(u => ctx.AreaOf(ctx.Unit(u.OrgUnitId)).Id).ToDictionary(g => g.Key, g => g.ToList());
        var line = await (from p in db.ProductLines
                          join t in db.BusinessTypes on p.Id equals t.ProductLineId
                          orderby p.Sort, t.Id
                          select new { LineId = p.Id, TypeId = t.Id }).FirstAsync(ct);

        var usersById = ctx.Users.ToDictionary(u => u.Id);
        var appId = 0;
        var lineId = 0;
        var reviewId = 0;
        var lines = new List<ApplicationLine>();
        var reviews = new List<ApplicationReview>();

        ApplicationReview Review(int app, int round, ReviewStage stage, bool approved, string opinion, UserAccount reviewer, DateTime at) => new()
        {
            Id = ++reviewId, ApplicationId = app, Round = round, Stage = stage, Approved = approved, Opinion = opinion, ReviewerUserId = reviewer.Id,
            ReviewerOrgUnitId = reviewer.OrgUnitId, ReviewedAt = at > ctx.Now ? ctx.Now : at,
        };

        // — 开发成功 history of every customer, page by page —
        var history = 0;
        for (var last = 0; ;)
        {
            var lo = last;
            var page = await (from c in db.BusinessCustomers
                              where c.Id > lo
                              orderby c.Id
                              select c).Take(PageSize).ToListAsync(ct);
            if (page.Count == 0) break;
            var to = page[^1].Id;
            last = to;
            var accounts = (await db.KeyAccounts.Where(k => k.CustomerId > lo && k.CustomerId <= to).ToListAsync(ct))
                .GroupBy(k => k.CustomerId).ToDictionary(g => g.Key, g => g.OrderBy(k => k.Id).First());
            var links = (await db.BusinessRelationships.Where(b => b.CustomerId > lo && b.CustomerId <= to && b.Approved).ToListAsync(ct))
                .ToLookup(b => b.KeyAccountId ?? 0);
            var contacts = (await db.Contacts.Where(c => c.CustomerId > lo && c.CustomerId <= to).ToListAsync(ct))
                .GroupBy(c => c.CustomerId).ToDictionary(g => g.Key, g => g.OrderBy(c => c.Id).First());
            var apps = new List<RegistrationApplication>(page.Count);
            foreach (var c in page)
            {
                if (!accounts.TryGetValue(c.Id, out var account)) continue;
                var own = links[account.Id].Where(b => b.ManagerUserId == c.CreatedBy).OrderBy(b => b.Id).ToList();
                if (own.Count == 0 || !centres.TryGetValue(c.CityOrgId, out var cityCentres)) continue;
                var cm = usersById[own[0].ManagerUserId];
                var final = c.CreatedAt;
                var created = final.AddDays(-r.Next(6, 20)).AddHours(-r.Next(0, 5));
                contacts.TryGetValue(c.Id, out var contact);
                var app = new RegistrationApplication
                {
                    Id = ++appId, Source = ApplicationSource.Portal, Status = ApplicationStatus.Approved, ApplicantUserId = cm.Id,
                    ApplicantOrgUnitId = cm.OrgUnitId, CityOrgId = c.CityOrgId, DistrictOrgId = c.DistrictOrgId, CustomerName = c.Name,
                    CustomerShortName = c.ShortName, IndustryId = c.IndustryId, LevelId = c.LevelId, IsHeadquarters = c.IsHeadquarters, Address = c.Address,
                    Postcode = c.Postcode, Phone = c.Phone, LegalPerson = c.LegalPerson, PostalOrgUnitId = cm.OrgUnitId, ManagerUserId = cm.Id,
                    NewKeyAccountName = account.Name, ContactName = contact?.Name ?? "王经理", ContactDepartment = contact?.Department,
                    ContactTitle = contact?.Title, ContactPhone = contact?.Phone, ContactMobile = contact?.Mobile, ContactEmail = contact?.Email,
                    ResultCustomerId = c.Id, ResultKeyAccountId = account.Id, KeyAccountNo = account.Number,
                    CreatedAt = created, SubmittedAt = created, UpdatedAt = final,
                };
                apps.Add(app);
                foreach (var b in own.DistinctBy(b => b.ProductLineId))
                    lines.Add(new ApplicationLine { Id = ++lineId, ApplicationId = app.Id, ProductLineId = b.ProductLineId, BusinessTypeId = b.BusinessTypeId ?? line.TypeId });
                if (depts.TryGetValue(c.DistrictOrgId, out var dept))
                    reviews.Add(Review(app.Id, 1, ReviewStage.Pre, true, ctx.Pick(PreApprove), ctx.Pick(dept), created.AddDays(1)));
                var centre = ctx.Pick(cityCentres);
                reviews.Add(Review(app.Id, 1, ReviewStage.Initial, true, ctx.Pick(InitialApprove), centre, created.AddDays(3)));
                reviews.Add(Review(app.Id, 1, ReviewStage.Final, true, ctx.Pick(FinalApprove), centre, final));
            }
            history += apps.Count;
            await ctx.BulkInsertAsync(apps, keepIdentity: true, ct);
            await FlushAsync();
            ctx.Progress($"history {history:N0} applications");
        }

        // — open work of every customer manager (new customers, F-3.1) —
        var open = new List<RegistrationApplication>();
        var taken = new HashSet<string>(StringComparer.Ordinal);
        foreach (var cm in ctx.UsersInRole(RoleCodes.CustomerManager))
        {
            var district = ctx.AreaOf(ctx.Unit(cm.OrgUnitId));
            var city = ctx.CityOf(district);
            if (city is null || !centres.TryGetValue(city.Id, out var cityCentres)) continue;
            depts.TryGetValue(district.Id, out var dept);
            foreach (var status in (ApplicationStatus[])[ApplicationStatus.Submitted, ApplicationStatus.Submitted, ApplicationStatus.PreApproved, ApplicationStatus.InitialApproved, ApplicationStatus.Rejected])
            {
                var (name, shortName, _) = DemoText.Company(r, city, district, taken);
                var (address, postcode) = DemoText.Address(r, city, district);
                var at = ctx.DaysAgo(1, 40);
                var app = new RegistrationApplication
                {
                    Id = ++appId, Source = ApplicationSource.Portal, Status = status, ApplicantUserId = cm.Id, ApplicantOrgUnitId = cm.OrgUnitId,
                    CityOrgId = city.Id, DistrictOrgId = district.Id, CustomerName = "拟" + name, CustomerShortName = shortName, Address = address,
                    Postcode = postcode, Phone = DemoText.Landline(r, city), LegalPerson = DemoText.PersonName(r), PostalOrgUnitId = cm.OrgUnitId,
                    ManagerUserId = cm.Id, NewKeyAccountName = "拟" + name, ContactName = DemoText.PersonName(r), ContactMobile = DemoText.Mobile(r),
                    CreatedAt = at, SubmittedAt = at, UpdatedAt = at,
                };
                open.Add(app);
                lines.Add(new ApplicationLine { Id = ++lineId, ApplicationId = app.Id, ProductLineId = line.LineId, BusinessTypeId = line.TypeId });
                var centre = ctx.Pick(cityCentres);
                if (status is ApplicationStatus.PreApproved or ApplicationStatus.InitialApproved && dept is not null)
                    reviews.Add(Review(app.Id, 1, ReviewStage.Pre, true, ctx.Pick(PreApprove), ctx.Pick(dept), at.AddDays(1)));
                if (status == ApplicationStatus.InitialApproved)
                    reviews.Add(Review(app.Id, 1, ReviewStage.Initial, true, ctx.Pick(InitialApprove), centre, at.AddDays(2)));
                if (status == ApplicationStatus.Rejected)
                {
                    app.RejectedStage = ReviewStage.Pre;
                    reviews.Add(Review(app.Id, 1, ReviewStage.Pre, false, ctx.Pick(PreReject), dept is null ? centre : ctx.Pick(dept), at.AddDays(1)));
                }
            }
        }
        await ctx.BulkInsertAsync(open, keepIdentity: true, ct);
        await FlushAsync();
        ctx.Progress($"{open.Count:N0} open applications");

        // — data-access requests: customers of another district, decided by the centre of the customer's city —
        var customers = await db.BusinessCustomers.OrderBy(c => c.Id).Select(c => new { c.Id, c.CityOrgId, c.DistrictOrgId }).ToListAsync(ct);
        var requests = new List<AccessRequest>();
        if (customers.Count > 0)
        {
            foreach (var cm in ctx.UsersInRole(RoleCodes.CustomerManager))
            {
                var district = ctx.AreaOf(ctx.Unit(cm.OrgUnitId)).Id;
                for (var k = 0; k < 2; k++)
                {
                    var c = customers[r.Next(customers.Count)];
                    if (c.DistrictOrgId == district || !centres.TryGetValue(c.CityOrgId, out var cityCentres)) continue;
                    var at = ctx.DaysAgo(k == 0 ? 0 : 5, k == 0 ? 6 : 60);
                    var requested = (CustomerDetail)(1 + r.Next(3));
                    requests.Add(new AccessRequest
                    {
                        Id = requests.Count + 1, RequesterUserId = cm.Id, RequesterOrgUnitId = cm.OrgUnitId, CustomerId = c.Id, CustomerCityOrgId = c.CityOrgId, Requested = requested,
                        Granted = k == 0 ? CustomerDetail.None : requested, Reason = ctx.Pick(AccessReasons),
                        Status = k == 0 ? AccessRequestStatus.Pending : AccessRequestStatus.Approved, RequestedAt = at,
                        ApproverUserId = k == 0 ? null : ctx.Pick(cityCentres).Id, Opinion = k == 0 ? null : "同意", DecidedAt = k == 0 ? null : at.AddHours(3),
                    });
                }
            }
        }
        await ctx.BulkInsertAsync(requests, keepIdentity: true, ct);
        ctx.Progress($"{requests.Count:N0} access requests");

        async Task FlushAsync()
        {
            await ctx.BulkInsertAsync(lines, keepIdentity: true, ct);
            await ctx.BulkInsertAsync(reviews, keepIdentity: true, ct);
            lines.Clear();
            reviews.Clear();
        }
    }
}
