using System.Data.Common;
using PostalCrm.Plugins.Registration.Data;
using PostalCrm.Plugins.Registration.Applications;
using PostalCrm.Sdk.Data;
using PostalCrm.Sdk.Organisation;

namespace PostalCrm.Plugins.Registration.EBranch;

/// <summary>F-3.11: turns an e-branch request (codes, names, logins) into an application through <see cref="ApplicationService"/>.</summary>
public sealed class EBranchService(PostalDb db, ApplicationService applications)
{
    private IQueryable<RegistrationApplication> EBranchApplications =>
        db.GetTable<RegistrationApplication>().Where(a => a.Source == ApplicationSource.EBranch);

    /// <summary>
    /// The application the client submitted under this reference; another client's answers null (404), so one
    /// configured system cannot read another's applications.
    /// </summary>
    public Task<RegistrationApplication?> FindAsync(string client, string externalRef) =>
        EBranchApplications.FirstOrDefaultAsync(a => a.ExternalRef == externalRef && a.EBranchClient == client);

    /// <summary>Creates the application, or returns the one already made under this externalRef (Created = false). Throws <see cref="ApplicationInvalidException"/>.</summary>
    public async Task<(RegistrationApplication App, bool Created)> SubmitAsync(string client, EBranchApplicationRequest r)
    {
        var errors = new List<FieldError>();
        var externalRef = (r.ExternalRef ?? "").Trim();
        if (externalRef.Length == 0) errors.Add(new("externalRef", "请提供电子化支局申请编号(externalRef)"));
        else if (externalRef.Length > 64) errors.Add(new("externalRef", "电子化支局申请编号(externalRef)最多 64 个字符"));
        else if (await FindAsync(client, externalRef) is { } existing) return (existing, false);
        else if (await EBranchApplications.AnyAsync(a => a.ExternalRef == externalRef))
            errors.Add(new("externalRef", $"电子化支局申请编号“{externalRef}”已被其他接入系统使用,请换一个编号"));

        Applicant? applicant = null;
        var login = (r.ApplicantLogin ?? "").Trim();
        if (login.Length == 0) errors.Add(new(Fields.Applicant, "请提供申请客户经理的登录号(applicantLogin)"));
        else
        {
            var userId = await db.Users.Where(u => u.Login == login).Select(u => (int?)u.Id).FirstOrDefaultAsync();
            applicant = userId is { } uid ? await applications.ApplicantAsync(uid) : null;
            if (applicant is null || !await applications.MayApplyAsync(applicant.User.Id))
            {
                errors.Add(new(Fields.Applicant, $"申请人“{login}”不存在、已停用或无客户注册申报权限"));
                applicant = null;
            }
        }

        var (input, mapErrors) = await MapAsync(r);
        errors.AddRange(mapErrors);
        if (applicant is not null)
        {
            // The same rules as the portal; a field that did not even resolve keeps only its own message.
            var scratch = new RegistrationApplication();
            var rules = await applications.CheckCustomerAsync(input, applicant, scratch);
            rules.AddRange((await applications.CheckRelationshipAsync(input, applicant, scratch)).Errors);
            var unresolved = mapErrors.Select(e => e.Field).ToHashSet();
            errors.AddRange(rules.Where(e => !unresolved.Contains(e.Field)));
        }
        if (errors.Count > 0) throw new ApplicationInvalidException(errors);

        try
        {
            return (await applications.SubmitAsync(input, applicant!, ApplicationSource.EBranch, externalRef, client), true);
        }
        catch (DbException)
        {
            // The same externalRef arrived twice at once: the unique index kept one.
            if (await FindAsync(client, externalRef) is { } raced) return (raced, false);
            throw;
        }
    }

    private async Task<(ApplicationInput Input, List<FieldError> Errors)> MapAsync(EBranchApplicationRequest r)
    {
        var errors = new List<FieldError>();
        var input = new ApplicationInput
        {
            CustomerName = r.CustomerName, CustomerShortName = r.CustomerShortName, IsHeadquarters = r.IsHeadquarters,
            Address = r.Address, Postcode = r.Postcode, Phone = r.Phone, LegalPerson = r.LegalPerson, Remarks = r.Remarks,
            NewKeyAccountName = r.NewKeyAccountName, ContactName = r.ContactName, ContactDepartment = r.ContactDepartment,
            ContactTitle = r.ContactTitle, ContactPhone = r.ContactPhone, ContactMobile = r.ContactMobile, ContactEmail = r.ContactEmail,
        };

        if (Trim(r.CustomerCode) is { } code)
        {
            input.ExistingCustomerId = await db.BusinessCustomers.Where(c => c.Code == code).Select(c => (int?)c.Id).FirstOrDefaultAsync();
            if (input.ExistingCustomerId is null) errors.Add(new(Fields.Customer, $"商务客户代码“{code}”不存在"));
        }
        else
        {
            if (Trim(r.Industry) is { } industry)
            {
                input.IndustryId = await db.Industries.Where(i => i.Name == industry).Select(i => (int?)i.Id).FirstOrDefaultAsync();
                if (input.IndustryId is null) errors.Add(new(Fields.Industry, $"所属行业“{industry}”不存在"));
            }
            if (Trim(r.Level) is { } level && !r.IsHeadquarters)
            {
                input.LevelId = await db.CustomerLevels.Where(l => l.Name == level).Select(l => (int?)l.Id).FirstOrDefaultAsync();
                if (input.LevelId is null) errors.Add(new(Fields.Level, $"客户级别“{level}”不存在"));
            }
            if (Trim(r.DistrictCode) is { } district)
            {
                input.DistrictOrgId = await db.OrgUnits.Where(u => u.Code == district && u.Level == OrgLevel.District && u.Kind == OrgUnitKind.Area)
                    .Select(u => (int?)u.Id).FirstOrDefaultAsync();
                if (input.DistrictOrgId is null) errors.Add(new(Fields.District, $"区县代码“{district}”不存在"));
            }
        }

        if (Trim(r.DepartmentCode) is { } dept)
        {
            input.PostalOrgUnitId = await db.OrgUnits.Where(u => u.Code == dept).Select(u => (int?)u.Id).FirstOrDefaultAsync();
            if (input.PostalOrgUnitId is null) errors.Add(new(Fields.Department, $"邮政部门代码“{dept}”不存在"));
        }
        if (Trim(r.ManagerLogin) is { } manager)
        {
            input.ManagerUserId = await db.Users.Where(u => u.Login == manager).Select(u => (int?)u.Id).FirstOrDefaultAsync();
            if (input.ManagerUserId is null) errors.Add(new(Fields.Manager, $"邮政客户经理“{manager}”不存在"));
        }

        foreach (var line in r.Lines ?? [])
        {
            var plName = Trim(line.ProductLine) ?? "";
            var pl = await db.ProductLines.Where(p => p.Name == plName && p.Active).Select(p => (int?)p.Id).FirstOrDefaultAsync();
            if (pl is null)
            {
                errors.Add(new(Fields.Lines, $"专业“{plName}”不存在"));
                continue;
            }
            var btName = Trim(line.BusinessType) ?? "";
            var bt = await db.BusinessTypes.Where(t => t.ProductLineId == pl && t.Name == btName && t.Active).Select(t => (int?)t.Id).FirstOrDefaultAsync();
            if (bt is null)
            {
                errors.Add(new(Fields.Lines, $"业务类型“{btName}”不属于专业“{plName}”"));
                continue;
            }
            // Several lines may name one product line with different business types (F-3.1).
            if (!input.ProductLineIds.Contains(pl.Value)) input.ProductLineIds.Add(pl.Value);
            if (!input.BusinessTypes.TryGetValue(pl.Value, out var types)) input.BusinessTypes[pl.Value] = types = [];
            types.Add(bt.Value);
        }

        if (Trim(r.KeyAccountNumber) is { } number)
        {
            input.ExistingKeyAccountId = await db.KeyAccounts.Where(k => k.Number == number).Select(k => (int?)k.Id).FirstOrDefaultAsync();
            if (input.ExistingKeyAccountId is null) errors.Add(new(Fields.KeyAccount, $"大客户号“{number}”不存在"));
        }
        return (input, errors);
    }

    private static string? Trim(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();

    /// <summary>The status for the e-branch system; customer details and 大客户号 only after final approval.</summary>
    public async Task<EBranchApplicationStatus?> StatusAsync(string client, string externalRef)
    {
        var a = await FindAsync(client, externalRef);
        if (a is null) return null;
        var last = await db.GetTable<ApplicationReview>().Where(r => r.ApplicationId == a.Id).OrderByDescending(r => r.ReviewedAt).ThenByDescending(r => r.Id)
            .Select(r => r.Opinion).FirstOrDefaultAsync();
        EBranchCustomer? customer = null;
        var approved = a.Status == ApplicationStatus.Approved;
        if (approved && a.ResultCustomerId is { } cid && await db.BusinessCustomers.FirstOrDefaultAsync(c => c.Id == cid) is { } c)
        {
            var units = await db.OrgUnits.Where(u => u.Id == c.CityOrgId || u.Id == c.DistrictOrgId).ToDictionaryAsync(u => u.Id, u => u.Name);
            customer = new EBranchCustomer(c.Code, c.Name, c.ShortName,
                await db.Industries.Where(i => i.Id == c.IndustryId).Select(i => i.Name).FirstOrDefaultAsync(),
                await db.CustomerLevels.Where(l => l.Id == c.LevelId).Select(l => l.Name).FirstOrDefaultAsync(),
                c.IsHeadquarters, units.GetValueOrDefault(c.CityOrgId, ""), units.GetValueOrDefault(c.DistrictOrgId, ""),
                c.Address, c.Postcode, c.Phone, c.LegalPerson);
        }
        return new EBranchApplicationStatus(a.ExternalRef!, a.Id, a.Status.ToString(), ApplicationStatusNames.Of(a), a.Round, a.CreatedAt,
            last, approved ? a.KeyAccountNo : null, customer);
    }
}
