using System.ComponentModel.DataAnnotations;
using System.Globalization;
using LinqToDB;
using PostalCrm.Plugins.Registration.Data;
using PostalCrm.Sdk.Customers;
using PostalCrm.Sdk.Data;
using PostalCrm.Sdk.Lists;
using PostalCrm.Sdk.Security;

namespace PostalCrm.Plugins.Registration.Applications;

/// <summary>客户注册维护 filters (F-3.5): the date range applies only when its checkbox is ticked.</summary>
public sealed class ApplicationFilter
{
    [Display(Name = "客户名称")] public string? Name { get; set; }
    [Display(Name = "所属行业")] public int? IndustryId { get; set; }
    [Display(Name = "申请时间")] public bool UseDate { get; set; }
    [Display(Name = "开始日期")] public DateOnly? From { get; set; }
    [Display(Name = "结束日期")] public DateOnly? To { get; set; }
}

public sealed record ApplicationRow(int Id, string CustomerName, string Department, string? KeyAccountNo, string Status,
    bool ExistingCustomer, bool Editable, bool Rejected, DateTime CreatedAt);

public sealed record LineView(string ProductLine, string BusinessType);

public sealed record ReviewView(int Round, string Stage, bool Approved, string Opinion, string Reviewer, string ReviewerUnit, DateTime At);

/// <summary>Everything the basic-info page (客户基本信息) shows of one application.</summary>
public sealed record ApplicationDetails(
    RegistrationApplication App, string Status, string? CustomerCode, string City, string District, ApplicationCustomerView Customer,
    string Department, string Manager, IReadOnlyList<LineView> Lines, KeyAccount? KeyAccount, Contact? Contact,
    IReadOnlyList<ReviewView> Reviews, bool Editable)
{
    public bool Rejected => App.Status == ApplicationStatus.Rejected;
    /// <summary>The last reviewer's opinion (shown on 重新申请).</summary>
    public ReviewView? LastReview => Reviews.Count == 0 ? null : Reviews[^1];
}

/// <summary>Reads of the current customer manager's own applications (F-3.5): nobody else's.</summary>
public sealed class ApplicationQueryService(PostalDb db, ApplicationService applications, CustomerDirectory directory, DisplayNames names)
{
    private static readonly TimeSpan Beijing = TimeSpan.FromHours(8);

    public async Task<List<ApplicationRow>> ListAsync(ApplicationFilter f)
    {
        var q = applications.Own();
        if (!string.IsNullOrWhiteSpace(f.Name))
        {
            var k = f.Name.Trim();
            q = q.Where(a => a.CustomerName.Contains(Sql.Constant(k)) || a.CustomerShortName.Contains(Sql.Constant(k)));
        }
        if (f.IndustryId is { } ind) q = q.Where(a => a.IndustryId == ind);
        if (f.UseDate)
        {
            // Dates are Beijing days; stored times are UTC.
            if (f.From is { } from)
            {
                var start = from.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc) - Beijing;
                q = q.Where(a => a.CreatedAt >= start);
            }
            if (f.To is { } to)
            {
                var end = to.AddDays(1).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc) - Beijing;
                q = q.Where(a => a.CreatedAt < end);
            }
        }
        // Only the columns the list shows (a customer manager has dozens of applications; reading all 42 columns of each
        // cost a third of the page's CPU on SQLite), and whether this round has a review yet, in the same statement.
        var reviews = db.GetTable<ApplicationReview>();
        var rows = await (from a in q
                          orderby a.CreatedAt descending, a.Id descending
                          select new
                          {
                              a.Id, a.CustomerName, a.PostalOrgUnitId, a.KeyAccountNo, a.Status, a.RejectedStage, a.ExistingCustomerId, a.CreatedAt,
                              Reviewed = reviews.Any(r => r.ApplicationId == a.Id && r.Round == a.Round),
                          }).ToListAsync();
        var departments = await names.OrgUnitsAsync(rows.Select(r => r.PostalOrgUnitId));
        return [.. rows.Select(r => new ApplicationRow(r.Id, r.CustomerName, departments[r.PostalOrgUnitId], r.KeyAccountNo,
            ApplicationStatusNames.Of(r.Status, r.RejectedStage),
            r.ExistingCustomerId is not null,
            r.ExistingCustomerId is null && r.Status == ApplicationStatus.Submitted && !r.Reviewed,
            r.Status == ApplicationStatus.Rejected, r.CreatedAt))];
    }

    public async Task<ApplicationDetails> DetailsAsync(int id)
    {
        var app = await applications.OwnAsync(id);
        var units = await db.OrgUnits.Where(u => u.Id == app.CityOrgId || u.Id == app.DistrictOrgId || u.Id == app.PostalOrgUnitId)
            .ToDictionaryAsync(u => u.Id, u => u.Name);
        var code = app.ExistingCustomerId is { } cid ? await db.BusinessCustomers.Where(c => c.Id == cid).Select(c => c.Code).FirstOrDefaultAsync() : null;
        var customer = await ApplicationCustomerView.ReadAsync(db, directory, app);
        var manager = await db.Users.Where(u => u.Id == app.ManagerUserId).Select(u => u.DisplayName).FirstOrDefaultAsync() ?? "";
        var lines = await (from l in db.GetTable<ApplicationLine>()
                           join p in db.ProductLines on l.ProductLineId equals p.Id
                           join t in db.BusinessTypes on l.BusinessTypeId equals t.Id
                           where l.ApplicationId == app.Id
                           orderby p.Sort
                           select new LineView(p.Name, t.Name)).ToListAsync();
        var ka = app.ExistingKeyAccountId is { } kaId ? await db.KeyAccounts.FirstOrDefaultAsync(k => k.Id == kaId) : null;
        var contact = app.ExistingContactId is { } ctId ? await db.Contacts.FirstOrDefaultAsync(c => c.Id == ctId) : null;
        var reviews = await (from r in db.GetTable<ApplicationReview>()
                             join u in db.Users on r.ReviewerUserId equals u.Id
                             join o in db.OrgUnits on r.ReviewerOrgUnitId equals o.Id
                             where r.ApplicationId == app.Id
                             orderby r.ReviewedAt, r.Id
                             select new { Review = r, Reviewer = u.DisplayName, Unit = o.Name }).ToListAsync();
        return new ApplicationDetails(app, ApplicationStatusNames.Of(app), code, units.GetValueOrDefault(app.CityOrgId, ""),
            units.GetValueOrDefault(app.DistrictOrgId, ""), customer, units.GetValueOrDefault(app.PostalOrgUnitId, ""), manager,
            lines, ka, contact,
            [.. reviews.Select(r => new ReviewView(r.Review.Round, ApplicationStatusNames.Of(r.Review.Stage), r.Review.Approved, r.Review.Opinion, r.Reviewer, r.Unit, r.Review.ReviewedAt))],
            app.IsNewCustomer && await applications.IsUnreviewedAsync(app));
    }

    public static string Time(DateTime utc) => PostalCrm.Sdk.Time.BeijingTime.Display(utc);
}
