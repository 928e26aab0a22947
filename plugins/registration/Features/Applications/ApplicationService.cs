using PostalCrm.Plugins.Registration.Data;
using PostalCrm.Sdk.Audit;
using PostalCrm.Sdk.Customers;
using PostalCrm.Sdk.Data;
using PostalCrm.Sdk.Lists;
using PostalCrm.Sdk.Organisation;
using PostalCrm.Sdk.Reference;
using PostalCrm.Sdk.Security;
using PostalCrm.Sdk.Time;

namespace PostalCrm.Plugins.Registration.Applications;

/// <summary>Who applies: the customer manager, their unit, and their city (a customer's district must lie in it).</summary>
public sealed record Applicant(UserAccount User, OrgUnit Unit, OrgUnit City);

/// <summary>
/// The one place that validates and saves a registration application (F-3.1/3.2 portal and F-3.11 e-branch), edits
/// it while unreviewed (修改, F-3.5) and re-applies it after a rejection (F-3.6). Every write is audited in its
/// transaction.
/// </summary>
public sealed class ApplicationService(TimeProvider clock, PostalDb db, ICurrentUser me, AuditLog audit, CustomerDirectory directory, DataScope scope,
    BoundedCounts remembered)
{
    public const string AuditEntity = "registration_application";

    // ————— the applicant —————

    /// <summary>The signed-in customer manager as applicant.</summary>
    public async Task<Applicant> CurrentApplicantAsync() =>
        await ApplicantAsync(me.Id) ?? throw new BusinessRuleException("您所在的单位不属于任何市(州),不能进行客户注册申报");

    /// <summary>A user as applicant: null when the user does not exist, is disabled or belongs to no city.</summary>
    public async Task<Applicant?> ApplicantAsync(int userId)
    {
        var user = await db.Users.FirstOrDefaultAsync(u => u.Id == userId && !u.Disabled);
        if (user is null) return null;
        var unit = await db.OrgUnits.FirstAsync(u => u.Id == user.OrgUnitId);
        var lineage = await new OrgTree(db).LineageAsync(unit);
        var city = lineage.FirstOrDefault(u => u.Level == OrgLevel.City && u.Kind == OrgUnitKind.Area);
        return city is null ? null : new Applicant(user, unit, city);
    }

    /// <summary>True when the user's roles grant 客户注册申报 (the e-branch API applies on behalf of such a user only).</summary>
    public async Task<bool> MayApplyAsync(int userId)
    {
        var roles = db.UserRoles.Where(r => r.UserId == userId).Select(r => r.RoleCode);
        return await db.RoleGrants.AnyAsync(g => roles.Contains(g.RoleCode) && g.Permission == RegistrationPermissions.Apply);
    }

    // ————— choices for the forms —————

    /// <summary>The districts (区县) of the city: the only choices of 所在地区.</summary>
    public Task<List<OrgUnit>> DistrictsAsync(int cityId) =>
        db.OrgUnits.Where(u => u.ParentId == cityId && u.Level == OrgLevel.District && u.Kind == OrgUnitKind.Area && u.Active)
            .OrderBy(u => u.Sort).ThenBy(u => u.Code).ToListAsync();

    /// <summary>邮政部门: the city and every active unit below it.</summary>
    public async Task<List<OrgUnit>> DepartmentsAsync(int cityId)
    {
        var city = await db.OrgUnits.FirstAsync(u => u.Id == cityId);
        return await new OrgTree(db).Within(city).Where(u => u.Active).OrderBy(u => u.Path).ToListAsync();
    }

    /// <summary>邮政客户经理 of one department: active users of that very unit holding the customer-manager role.</summary>
    public Task<List<UserAccount>> ManagersAsync(int departmentId) =>
        (from u in db.Users
         where u.OrgUnitId == departmentId && !u.Disabled
               && db.UserRoles.Any(r => r.UserId == u.Id && r.RoleCode == RoleCodes.CustomerManager)
         orderby u.DisplayName
         select u).ToListAsync();

    /// <summary>The industries, remembered until the next write (on every view of 客户注册维护 and the apply form).</summary>
    public Task<IReadOnlyList<Industry>> IndustriesAsync() =>
        remembered.FigureAsync<IReadOnlyList<Industry>>("registration/industries", async () => await db.Industries.OrderBy(i => i.Sort).ToListAsync());

    public Task<List<CustomerLevel>> LevelsAsync() => db.CustomerLevels.OrderBy(l => l.Sort).ToListAsync();

    public async Task<List<(ProductLine Line, List<BusinessType> Types)>> ProductLinesAsync()
    {
        var lines = await db.ProductLines.Where(p => p.Active).OrderBy(p => p.Sort).ToListAsync();
        var types = await db.BusinessTypes.Where(t => t.Active).OrderBy(t => t.Id).ToListAsync();
        return [.. lines.Select(l => (l, types.Where(t => t.ProductLineId == l.Id).ToList()))];
    }

    /// <summary>The existing customer's key accounts, when the user may see its business details (else none to pick).</summary>
    public async Task<List<KeyAccount>> KeyAccountChoicesAsync(int customerId)
    {
        var c = await db.BusinessCustomers.FirstOrDefaultAsync(x => x.Id == customerId);
        if (c is null || (await directory.VisibleDetailAsync(c) & CustomerDetail.Business) == 0) return [];
        return await db.KeyAccounts.Where(k => k.CustomerId == customerId).OrderBy(k => k.Name).ToListAsync();
    }

    /// <summary>The existing customer's contacts (not deleted), when the user may see its basic details.</summary>
    public async Task<List<Contact>> ContactChoicesAsync(int customerId)
    {
        var c = await db.BusinessCustomers.FirstOrDefaultAsync(x => x.Id == customerId);
        if (c is null || (await directory.VisibleDetailAsync(c) & CustomerDetail.Basic) == 0) return [];
        return await db.Contacts.Where(k => k.CustomerId == customerId && !k.Deleted).OrderBy(k => k.Name).ToListAsync();
    }

    // ————— rules —————

    /// <summary>Checks the customer part and writes it into <paramref name="app"/>. For an existing customer only its identity is copied from its row: posted values are ignored.</summary>
    public async Task<List<FieldError>> CheckCustomerAsync(ApplicationInput input, Applicant applicant, RegistrationApplication app)
    {
        var errors = new List<FieldError>();
        app.CityOrgId = applicant.City.Id;
        app.ExistingCustomerId = input.ExistingCustomerId;
        if (input.ExistingCustomerId is { } customerId)
        {
            var c = await db.BusinessCustomers.FirstOrDefaultAsync(x => x.Id == customerId);
            if (c is null)
            {
                errors.Add(new(Fields.Customer, "所选目标客户不存在"));
                return errors;
            }
            if (c.CityOrgId != applicant.City.Id)
            {
                errors.Add(new(Fields.Customer, $"该客户不属于{applicant.City.Name},不能跨市申报"));
                return errors;
            }
            // Only the identity (name, 简称, district; the code through the id): the applicant may see no more than that,
            // and the application is shown to viewers of other scopes. Details are read from the customer where allowed.
            app.CustomerName = c.Name;
            app.CustomerShortName = c.ShortName;
            app.DistrictOrgId = c.DistrictOrgId;
            app.IndustryId = app.LevelId = null;
            app.IsHeadquarters = false;
            app.Address = app.Postcode = app.Phone = app.LegalPerson = app.Remarks = null;
            return errors;
        }

        app.CustomerName = Text(errors, Fields.CustomerName, input.CustomerName, "客户名称", 200, required: true) ?? "";
        app.CustomerShortName = Text(errors, Fields.ShortName, input.CustomerShortName, "客户简称", 100, required: true) ?? "";
        if (await SameNameAsync(app) is { } sameName) errors.Add(new(Fields.CustomerName, sameName));

        if (input.IndustryId is null) errors.Add(new(Fields.Industry, "请选择所属行业"));
        else if (!await db.Industries.AnyAsync(i => i.Id == input.IndustryId)) errors.Add(new(Fields.Industry, "所属行业不存在"));
        app.IndustryId = input.IndustryId;

        app.IsHeadquarters = input.IsHeadquarters;
        if (input.IsHeadquarters)
        {
            // 总部客户 is always 钻石级 (F-3.1), whatever level was posted.
            var diamond = await db.CustomerLevels.Where(l => l.Name == CustomerLevel.Diamond).Select(l => (int?)l.Id).FirstOrDefaultAsync();
            if (diamond is null) errors.Add(new(Fields.Level, "系统中没有“钻石级”客户级别,请联系管理员"));
            app.LevelId = diamond;
        }
        else
        {
            if (input.LevelId is null) errors.Add(new(Fields.Level, "请选择客户级别"));
            else if (!await db.CustomerLevels.AnyAsync(l => l.Id == input.LevelId)) errors.Add(new(Fields.Level, "客户级别不存在"));
            app.LevelId = input.LevelId;
        }

        if (input.DistrictOrgId is not { } districtId) errors.Add(new(Fields.District, "请选择所在地区的区县"));
        else if (!await db.OrgUnits.AnyAsync(u => u.Id == districtId && u.ParentId == applicant.City.Id && u.Level == OrgLevel.District && u.Kind == OrgUnitKind.Area))
            errors.Add(new(Fields.District, $"所在地区只能选择{applicant.City.Name}的区县,不能跨市申报"));
        else app.DistrictOrgId = districtId;

        app.Address = Text(errors, Fields.Address, input.Address, "地址", 300);
        app.Postcode = Text(errors, Fields.Postcode, input.Postcode, "邮编", 10);
        if (app.Postcode is { } pc && (pc.Length != 6 || !pc.All(char.IsAsciiDigit))) errors.Add(new(Fields.Postcode, "邮编须为6位数字"));
        app.Phone = Text(errors, Fields.Phone, input.Phone, "电话", 30);
        app.LegalPerson = Text(errors, Fields.LegalPerson, input.LegalPerson, "法人代表", 50);
        app.Remarks = Text(errors, Fields.Remarks, input.Remarks, "备注", 500);
        return errors;
    }

    /// <summary>
    /// Why a new customer of this name cannot be applied for, or null: a customer of that name exists (pick it through
    /// 查询目标客户), or another pending application carries it (say which). Names compare by <see cref="CustomerNames.Key"/>
    /// (full-width/half-width, spaces, brackets). 终审 checks again, and the unique name key refuses what slips through.
    /// </summary>
    public async Task<string?> SameNameAsync(RegistrationApplication app)
    {
        var key = CustomerNames.Key(app.CustomerName);
        if (key.Length == 0) return null;
        if (await db.BusinessCustomers.Where(c => c.NameKey == key).Select(c => c.Name).FirstOrDefaultAsync() is { } existing)
            return $"系统中已有商务客户“{existing}”,请在“查询目标客户”中选择该客户";
        var pending = await db.GetTable<RegistrationApplication>()
            .Where(a => a.CustomerNameKey == key && a.ExistingCustomerId == null && a.Id != app.Id
                        && (a.Status == ApplicationStatus.Submitted || a.Status == ApplicationStatus.PreApproved || a.Status == ApplicationStatus.InitialApproved))
            .OrderBy(a => a.Id).FirstOrDefaultAsync();
        return pending is null ? null
            : $"已有新客户“{pending.CustomerName}”的注册申请在审批中(申请编号 {pending.Id},{ApplicationStatusNames.Of(pending)}),请勿重复申报";
    }

    /// <summary>Checks the business relationship (step 2) and writes it into <paramref name="app"/>; returns the product lines.</summary>
    public async Task<(List<FieldError> Errors, List<ApplicationLine> Lines)> CheckRelationshipAsync(ApplicationInput input, Applicant applicant, RegistrationApplication app)
    {
        var errors = new List<FieldError>();
        var lines = new List<ApplicationLine>();

        OrgUnit? dept = null;
        if (input.PostalOrgUnitId is not { } deptId) errors.Add(new(Fields.Department, "请选择邮政部门"));
        else
        {
            dept = await db.OrgUnits.FirstOrDefaultAsync(u => u.Id == deptId && u.Active);
            if (dept is null || !OrgTree.IsWithin(dept, applicant.City))
            {
                errors.Add(new(Fields.Department, $"邮政部门须为{applicant.City.Name}的单位"));
                dept = null;
            }
            else app.PostalOrgUnitId = dept.Id;
        }

        if (input.ManagerUserId is not { } managerId) errors.Add(new(Fields.Manager, "请选择邮政客户经理"));
        else if (dept is not null)
        {
            var ok = await db.Users.AnyAsync(u => u.Id == managerId && !u.Disabled && u.OrgUnitId == dept.Id
                                                  && db.UserRoles.Any(r => r.UserId == u.Id && r.RoleCode == RoleCodes.CustomerManager));
            if (!ok) errors.Add(new(Fields.Manager, $"邮政客户经理须为“{dept.Name}”的客户经理"));
            else app.ManagerUserId = managerId;
        }

        var productLineIds = input.ProductLineIds.Distinct().ToList();
        if (productLineIds.Count == 0) errors.Add(new(Fields.Lines, "请至少选择一个专业及其业务类型"));
        foreach (var plId in productLineIds)
        {
            var pl = await db.ProductLines.FirstOrDefaultAsync(p => p.Id == plId && p.Active);
            if (pl is null)
            {
                errors.Add(new(Fields.Lines, "所选专业不存在"));
                continue;
            }
            var typeIds = input.BusinessTypes.GetValueOrDefault(plId)?.Distinct().ToList() ?? [];
            if (typeIds.Count == 0)
            {
                errors.Add(new(Fields.Lines, $"请选择专业“{pl.Name}”的业务类型"));
                continue;
            }
            var valid = await db.BusinessTypes.CountAsync(t => typeIds.Contains(t.Id) && t.ProductLineId == plId && t.Active);
            if (valid != typeIds.Count)
            {
                errors.Add(new(Fields.Lines, $"所选业务类型不属于专业“{pl.Name}”"));
                continue;
            }
            lines.AddRange(typeIds.Select(btId => new ApplicationLine { ProductLineId = plId, BusinessTypeId = btId }));
        }

        // 大客户: an existing key account of this customer (its number is reused) or a new, named one.
        app.ExistingKeyAccountId = null;
        app.NewKeyAccountName = null;
        if (input.ExistingKeyAccountId is { } kaId)
        {
            var ka = app.ExistingCustomerId is { } cid ? await db.KeyAccounts.FirstOrDefaultAsync(k => k.Id == kaId && k.CustomerId == cid) : null;
            if (ka is null || !await MaySeeAsync(applicant, ka.CustomerId, CustomerDetail.Business)) errors.Add(new(Fields.KeyAccount, "所选大客户不属于该客户"));
            else app.ExistingKeyAccountId = ka.Id;
        }
        else app.NewKeyAccountName = Text(errors, Fields.NewKeyAccount, input.NewKeyAccountName, "新大客户名称", 200, required: true, verb: "请输入新大客户名称或选择该客户已有的大客户");

        // 客户联系人: picked from the customer's contacts (kept by id, read-only) or typed here.
        app.ExistingContactId = null;
        app.ContactName = app.ContactDepartment = app.ContactTitle = app.ContactPhone = app.ContactMobile = app.ContactEmail = null;
        if (input.ExistingContactId is { } contactId)
        {
            var contact = app.ExistingCustomerId is { } cid ? await db.Contacts.FirstOrDefaultAsync(c => c.Id == contactId && c.CustomerId == cid && !c.Deleted) : null;
            if (contact is null || !await MaySeeAsync(applicant, contact.CustomerId, CustomerDetail.Basic)) errors.Add(new(Fields.Contact, "所选联系人不属于该客户"));
            else app.ExistingContactId = contact.Id;
        }
        else
        {
            app.ContactName = Text(errors, Fields.ContactName, input.ContactName, "联系人姓名", 50, required: true);
            app.ContactDepartment = Text(errors, Fields.ContactDetails, input.ContactDepartment, "联系人部门", 100);
            app.ContactTitle = Text(errors, Fields.ContactDetails, input.ContactTitle, "联系人职务", 50);
            app.ContactPhone = Text(errors, Fields.ContactDetails, input.ContactPhone, "联系人电话", 30);
            app.ContactMobile = Text(errors, Fields.ContactDetails, input.ContactMobile, "联系人手机", 30);
            app.ContactEmail = Text(errors, Fields.ContactDetails, input.ContactEmail, "联系人邮箱", 100);
            if (app.ContactEmail is { } mail && !mail.Contains('@', StringComparison.Ordinal)) errors.Add(new(Fields.ContactDetails, "联系人邮箱格式不正确"));
        }
        return (errors, lines);
    }

    /// <summary>In the portal the applicant picks only what they may see of the customer; the e-branch system (no signed-in user) names what it knows.</summary>
    private async Task<bool> MaySeeAsync(Applicant applicant, int customerId, CustomerDetail needed)
    {
        if (!me.IsAuthenticated || me.Id != applicant.User.Id) return true;
        var c = await db.BusinessCustomers.FirstAsync(x => x.Id == customerId);
        return (await directory.VisibleDetailAsync(c) & needed) == needed;
    }

    private static string? Text(List<FieldError> errors, string field, string? value, string label, int max, bool required = false, string? verb = null)
    {
        var v = (value ?? "").Trim();
        if (v.Length == 0)
        {
            if (required) errors.Add(new(field, verb ?? $"请输入{label}"));
            return null;
        }
        if (v.Length > max) errors.Add(new(field, $"{label}最多 {max} 个字符"));
        return v;
    }

    // ————— submit (F-3.1/3.2, F-3.11) —————

    /// <summary>Validates everything and, only if all is well, saves the application (Submitted, round 1) with its lines. Throws <see cref="ApplicationInvalidException"/>.</summary>
    public async Task<RegistrationApplication> SubmitAsync(ApplicationInput input, Applicant applicant, ApplicationSource source = ApplicationSource.Portal, string? externalRef = null,
        string? ebranchClient = null)
    {
        var app = new RegistrationApplication
        {
            Source = source, Status = ApplicationStatus.Submitted, Round = 1, ApplicantUserId = applicant.User.Id,
            ApplicantOrgUnitId = applicant.Unit.Id, ExternalRef = externalRef, EBranchClient = ebranchClient,
        };
        var errors = await CheckCustomerAsync(input, applicant, app);
        var (relErrors, lines) = await CheckRelationshipAsync(input, applicant, app);
        errors.AddRange(relErrors);
        if (errors.Count > 0) throw new ApplicationInvalidException(errors);

        app.CreatedAt = app.UpdatedAt = app.SubmittedAt = clock.UtcNow();
        await using var tx = await db.BeginTransactionAsync();
        app.Id = await db.InsertWithInt32IdentityAsync(app);
        foreach (var l in lines)
        {
            l.ApplicationId = app.Id;
            l.Id = await db.InsertWithInt32IdentityAsync(l);
        }
        await audit.WriteAsync(AuditEntity, app.Id, "create", null, Snapshot(app, lines));
        await tx.CommitAsync();
        return app;
    }

    private static object Snapshot(RegistrationApplication app, IEnumerable<ApplicationLine> lines) =>
        new { Application = app, Lines = lines.Select(l => new { l.ProductLineId, l.BusinessTypeId }).ToList() };

    // ————— own applications (F-3.5/3.6) —————

    /// <summary>One of the current user's own applications; anyone else's id answers 404.</summary>
    public Task<RegistrationApplication> OwnAsync(int id) =>
        Own().Where(a => a.Id == id).SingleInScopeAsync();

    /// <summary>The current user's own applications (the SDK's "owned" rule).</summary>
    public IQueryable<RegistrationApplication> Own() => scope.Owned(db.GetTable<RegistrationApplication>(), a => a.ApplicantUserId);

    /// <summary>Submitted and no reviewer has acted on it in the current round: 修改 is still possible.</summary>
    public async Task<bool> IsUnreviewedAsync(RegistrationApplication app) =>
        app.Status == ApplicationStatus.Submitted
        && !await db.GetTable<ApplicationReview>().AnyAsync(r => r.ApplicationId == app.Id && r.Round == app.Round);

    public Task<List<ApplicationLine>> LinesAsync(int applicationId) =>
        db.GetTable<ApplicationLine>().Where(l => l.ApplicationId == applicationId).OrderBy(l => l.Id).ToListAsync();

    /// <summary>修改 (F-3.5): the typed customer info of an unreviewed application.</summary>
    public async Task EditCustomerAsync(int id, ApplicationInput input)
    {
        var app = await OwnAsync(id);
        if (!app.IsNewCustomer) throw new BusinessRuleException("已有客户的基本信息只能在“客户信息维护管理”中修改");
        if (!await IsUnreviewedAsync(app)) throw new BusinessRuleException("该申请已进入审批,不能再修改");
        await SaveCustomerAsync(app, input, "update");
    }

    /// <summary>重新申请 step 1 提交: the customer info of a rejected application (new customers only).</summary>
    public async Task ReapplyCustomerAsync(int id, ApplicationInput input)
    {
        var app = await RejectedOwnAsync(id);
        if (!app.IsNewCustomer) throw new BusinessRuleException("已有客户的基本信息只能在“客户信息维护管理”中修改");
        await SaveCustomerAsync(app, input, "reapply-customer");
    }

    /// <summary>重新申请 step 2 提交: the business relationship of a rejected application.</summary>
    public async Task ReapplyRelationshipAsync(int id, ApplicationInput input)
    {
        var app = await RejectedOwnAsync(id);
        var applicant = await StoredApplicantAsync(app);
        var before = Clone(app);
        var beforeLines = await LinesAsync(app.Id);
        var (errors, lines) = await CheckRelationshipAsync(input, applicant, app);
        if (errors.Count > 0) throw new ApplicationInvalidException(errors);
        app.UpdatedAt = clock.UtcNow();
        await using var tx = await db.BeginTransactionAsync();
        await db.UpdateAsync(app);
        await db.GetTable<ApplicationLine>().Where(l => l.ApplicationId == app.Id).DeleteAsync();
        foreach (var l in lines)
        {
            l.ApplicationId = app.Id;
            l.Id = await db.InsertWithInt32IdentityAsync(l);
        }
        await audit.WriteAsync(AuditEntity, app.Id, "reapply-relationship", Snapshot(before, beforeLines), Snapshot(app, lines));
        await tx.CommitAsync();
    }

    /// <summary>重新申请 step 3 确定: back to awaiting pre-review in a new round; the history stays.</summary>
    public async Task ReapplyAsync(int id)
    {
        var app = await RejectedOwnAsync(id);
        // Back in the queue: another application or customer may have taken the name since the rejection.
        if (app.IsNewCustomer && await SameNameAsync(app) is { } sameName) throw new BusinessRuleException(sameName);
        var before = Clone(app);
        app.Status = ApplicationStatus.Submitted;
        app.RejectedStage = null;
        app.Round += 1;
        app.UpdatedAt = app.SubmittedAt = clock.UtcNow();
        await using var tx = await db.BeginTransactionAsync();
        await db.UpdateAsync(app);
        await audit.WriteAsync(AuditEntity, app.Id, "reapply", before, app);
        await tx.CommitAsync();
    }

    public async Task<RegistrationApplication> RejectedOwnAsync(int id)
    {
        var app = await OwnAsync(id);
        if (app.Status != ApplicationStatus.Rejected) throw new BusinessRuleException("只有被驳回的客户注册申请才能重新申请");
        return app;
    }

    private async Task SaveCustomerAsync(RegistrationApplication app, ApplicationInput input, string action)
    {
        var applicant = await StoredApplicantAsync(app);
        var before = Clone(app);
        input.ExistingCustomerId = null; // a typed customer stays typed
        var errors = await CheckCustomerAsync(input, applicant, app);
        if (errors.Count > 0) throw new ApplicationInvalidException(errors);
        app.UpdatedAt = clock.UtcNow();
        await using var tx = await db.BeginTransactionAsync();
        await db.UpdateAsync(app);
        await audit.WriteAsync(AuditEntity, app.Id, action, before, app);
        await tx.CommitAsync();
    }

    /// <summary>The applicant as recorded on the application (its city stays the application's city).</summary>
    public async Task<Applicant> StoredApplicantAsync(RegistrationApplication app)
    {
        var user = await db.Users.FirstAsync(u => u.Id == app.ApplicantUserId);
        var unit = await db.OrgUnits.FirstAsync(u => u.Id == app.ApplicantOrgUnitId);
        var city = await db.OrgUnits.FirstAsync(u => u.Id == app.CityOrgId);
        return new Applicant(user, unit, city);
    }

    /// <summary>A detached copy: the "before" of an audit row.</summary>
    private static RegistrationApplication Clone(RegistrationApplication a) =>
        System.Text.Json.JsonSerializer.Deserialize<RegistrationApplication>(System.Text.Json.JsonSerializer.Serialize(a))!;

    /// <summary>The application's values as form input (pre-filling 修改 and 重新申请).</summary>
    public static ApplicationInput InputOf(RegistrationApplication a, IEnumerable<ApplicationLine> lines) => new()
    {
        ExistingCustomerId = a.ExistingCustomerId, CustomerName = a.CustomerName, CustomerShortName = a.CustomerShortName,
        IndustryId = a.IndustryId, LevelId = a.LevelId, IsHeadquarters = a.IsHeadquarters, DistrictOrgId = a.DistrictOrgId,
        Address = a.Address, Postcode = a.Postcode, Phone = a.Phone, LegalPerson = a.LegalPerson, Remarks = a.Remarks,
        PostalOrgUnitId = a.PostalOrgUnitId, ManagerUserId = a.ManagerUserId,
        ProductLineIds = [.. lines.Select(l => l.ProductLineId).Distinct()],
        BusinessTypes = lines.GroupBy(l => l.ProductLineId).ToDictionary(g => g.Key, g => g.Select(l => l.BusinessTypeId).ToList()),
        ExistingKeyAccountId = a.ExistingKeyAccountId, NewKeyAccountName = a.NewKeyAccountName, ExistingContactId = a.ExistingContactId,
        ContactName = a.ContactName, ContactDepartment = a.ContactDepartment, ContactTitle = a.ContactTitle,
        ContactPhone = a.ContactPhone, ContactMobile = a.ContactMobile, ContactEmail = a.ContactEmail,
    };
}
