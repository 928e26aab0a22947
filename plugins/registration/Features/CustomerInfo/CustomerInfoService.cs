using System.Data.Common;
using LinqToDB;
using PostalCrm.Plugins.Registration.Applications;
using PostalCrm.Plugins.Registration.Data;
using PostalCrm.Sdk.Audit;
using PostalCrm.Sdk.Customers;
using PostalCrm.Sdk.Data;
using PostalCrm.Sdk.Lists;
using PostalCrm.Sdk.Organisation;
using PostalCrm.Sdk.Reference;
using PostalCrm.Sdk.Security;

namespace PostalCrm.Plugins.Registration.CustomerInfo;

/// <summary>
/// F-3.7 客户信息维护管理. Maintainable customers: a customer manager's own (an approved business relationship names
/// them), an org role's customers of its area (and any it manages). Every read and write checks that, plus
/// <see cref="CustomerDirectory.GetAsync"/> for all details; an approved access grant (F-3.8) opens pages for
/// reading under 共享客户信息查看, never maintenance. Every change is audited before → after.
/// </summary>
public sealed class CustomerInfoService(PostalDb db, CustomerDirectory directory, DataScope scope, ICurrentUser me, AuditLog audit,
    CustomerProfileService profiles, ApplicationService applications, BoundedCounts counts, DisplayNames names)
{
    public const int PageSize = 20;

    /// <summary>Rows counted at most per list request; more show as "10,000+".</summary>
    public const int CountLimit = BoundedCount.Limit;
    public const string CustomerEntity = "business_customer";
    public const string RelationshipEntity = "business_relationship";
    public const string ContactEntity = "contact";

    // ——— list and details ———

    /// <summary>The name as a sort key the database computes (<c>name || ''</c>): same order, but no index is walked for it.</summary>
    [Sql.Expression("({0} || '')", ServerSideOnly = true)]
    private static string SortKey(string name) => throw new InvalidOperationException("server-side only");

    public async Task<CustomerListPage> ListAsync(CustomerFilter filter)
    {
        var (q, nameOrderIndexed) = await directory.InScopeForListAsync(counts);
        var k = CustomerSearchSql.CleanKeyword(filter.Name);
        if (k.Length > 0)
        {
            // Through the same search index as the live search (trigram / bigram), the LIKE decides (name or 简称).
            q = CustomerSearchSql.Narrow(db, q, k).Where(CustomerSearchSql.Like(db, k, withCode: false));
        }
        if (!string.IsNullOrWhiteSpace(filter.Number))
        {
            var n = filter.Number.Trim();
            var withNumber = db.KeyAccounts.Where(k => k.Number != null && k.Number.Contains(Sql.Constant(n))).Select(k => k.CustomerId);
            q = q.Where(c => withNumber.Contains(c.Id));
        }
        if (filter.IndustryId is { } industry) q = q.Where(c => c.IndustryId == industry);
        if (filter.LevelId is { } level) q = q.Where(c => c.LevelId == level);

        // Ordered by name. Where an index serves the scope's rule and the order (every customer, or one city's or
        // district's, DataScope.CustomerRowsForListAsync), the page is read straight off it. Otherwise (a CM's own, a name
        // filter) SQLite is kept off the name index, whose walk would pass most of the province (names begin with the city)
        // before a page fills, and sorts the few rows in scope; PostgreSQL's planner weighs both with its statistics.
        var indexedOrder = nameOrderIndexed && k.Length == 0 || db.IsPostgres;
        var ordered = indexedOrder
            ? q.OrderBy(c => c.Name).ThenBy(c => c.Id)
            : q.OrderBy(c => SortKey(c.Name)).ThenBy(c => c.Id);
        // The page in one statement (issue 8): the page's ids are chosen in a sub-query, then joined to the customers and
        // put in the same order again (20 rows); no IN list of the page's ids, which linq2db renders again on every request.
        // Ids only in the sub-query: a far page skips its offset inside the (city, name, id) index alone (PostgreSQL, page 50
        // of a city: 1.37 ms and 1,011 buffers with the whole rows, 0.17 ms index-only). The district's, industry's and
        // level's names come from remembered lists (DisplayNames, the filter's choices), not joins: PostgreSQL planned the
        // three joins afresh on every run (0.53 ms a plan with them, 0.17 without, the parameters' LIMIT keeps its plans custom).
        (IReadOnlyList<Choice> Industries, IReadOnlyList<Choice> Levels) choices = ([], []);
        async Task<List<CustomerRow>> PageAsync(int pageNo)
        {
            var pageIds = ordered.Skip((pageNo - 1) * PageSize).Take(PageSize).Select(c => c.Id);
            var page = from id in pageIds
                       join c in db.BusinessCustomers on id equals c.Id
                       select c;
            page = indexedOrder ? page.OrderBy(c => c.Name).ThenBy(c => c.Id) : page.OrderBy(c => SortKey(c.Name)).ThenBy(c => c.Id);
            // The key-account numbers come in the same statement (CustomerKeyAccounts.NumbersOf: 20 index lookups), not a second
            // statement naming the page's ids.
            var found = await page.Select(c => new
            {
                c.Id, c.Code, c.Name, c.ShortName, c.DistrictOrgId, c.Phone, c.IndustryId, c.LevelId,
                NumbersJoined = CustomerKeyAccounts.NumbersOf(c.Id),
            }).ToListAsync();
            var districts = await names.OrgUnitsAsync(found.Select(c => c.DistrictOrgId));
            // Kept for the filter's choices below: the page's rows are named from the same read.
            choices = await ChoicesAsync([.. found.Select(c => c.IndustryId)], [.. found.Select(c => c.LevelId)]);
            var (industries, levels) = choices;
            return [.. found.Select(c => new CustomerRow
            {
                Id = c.Id, Code = c.Code, Name = c.Name, ShortName = c.ShortName, District = districts.GetValueOrDefault(c.DistrictOrgId, ""),
                Phone = c.Phone, Industry = NameOf(industries, c.IndustryId), Level = NameOf(levels, c.LevelId), NumbersJoined = c.NumbersJoined,
            })];
        }

        // The page first, then a bounded count (issue 8) only where the page does not settle it (a name filter's few
        // rows need none): never more than CountLimit rows (or up to the asked page) are counted per request; beyond that
        // the page says "10,000+", remembered for a minute per user and filter.
        var asked = BoundedCount.AskedPage(filter.Page, PageSize);
        var rows = await PageAsync(asked);
        var countKey = $"registration/customers|{me.Id}|{k}|{filter.Number?.Trim()}|{filter.IndustryId}|{filter.LevelId}";
        var (total, more, pageNo, _) = await counts.OfReadPageAsync(q, asked, PageSize, rows.Count, countKey);
        if (pageNo != asked) rows = await PageAsync(pageNo);
        filter.Page = pageNo;
        var (industries, levels) = choices;
        return new CustomerListPage
        {
            Filter = filter, Rows = rows, Total = total, TotalIsAtLeast = more, PageSize = PageSize,
            Industries = industries, Levels = levels,
        };
    }

    /// <summary>The filter's 所属行业 and 客户级别 choices in one statement (each in its sort order); they also name the page's rows.</summary>
    // Reference data on every view of the list: remembered until the next write through the portal (BoundedCounts), read
    // again at once when a row names one they lack (written outside the portal since), so a row never shows a blank name.
    private Task<(IReadOnlyList<Choice> Industries, IReadOnlyList<Choice> Levels)> ChoicesAsync(int?[] industryIds, int?[] levelIds) =>
        counts.FigureAsync("registration/customer-choices", ReadChoicesAsync,
            c => Names(c.Industries, industryIds) && Names(c.Levels, levelIds));

    private static bool Names(IReadOnlyList<Choice> choices, int?[] ids) => ids.All(id => id is not { } v || choices.Any(x => x.Id == v));

    private static string? NameOf(IReadOnlyList<Choice> choices, int? id) => id is { } v ? choices.FirstOrDefault(x => x.Id == v)?.Name : null;

    private async Task<(IReadOnlyList<Choice> Industries, IReadOnlyList<Choice> Levels)> ReadChoicesAsync()
    {
        var all = await db.Industries.Select(i => new { Kind = 0, i.Id, i.Name, i.Sort })
            .Concat(db.CustomerLevels.Select(l => new { Kind = 1, l.Id, l.Name, l.Sort }))
            .ToListAsync();
        IReadOnlyList<Choice> Of(int kind) => [.. all.Where(x => x.Kind == kind).OrderBy(x => x.Sort).ThenBy(x => x.Id).Select(x => new Choice(x.Id, x.Name))];
        return (Of(0), Of(1));
    }

    public async Task<CustomerDetailsPage> DetailsAsync(int id)
    {
        var c = await GetAsync(id);
        return new CustomerDetailsPage { Basic = await profiles.BasicAsync(c), Business = await profiles.BusinessAsync(c) };
    }

    /// <summary>A maintainable customer with all details, else <see cref="OutOfScopeException"/> (404).</summary>
    public async Task<BusinessCustomer> GetAsync(int id)
    {
        // Maintainable = details in scope by role (a grant opens only the read-only shared view, never 修改).
        return await directory.InScope().Where(c => c.Id == id).SingleInScopeAsync();
    }

    // ——— basic info ———

    public async Task<CustomerEditPage> EditPageAsync(int id, CustomerEditForm? form = null)
    {
        var c = await GetAsync(id);
        form ??= new CustomerEditForm
        {
            Name = c.Name, ShortName = c.ShortName, IndustryId = c.IndustryId, LevelId = c.LevelId, IsHeadquarters = c.IsHeadquarters,
            DistrictOrgId = c.DistrictOrgId, Address = c.Address, Postcode = c.Postcode, Phone = c.Phone, LegalPerson = c.LegalPerson,
            Remarks = c.Remarks,
        };
        return new CustomerEditPage
        {
            CustomerId = c.Id, Code = c.Code, Form = form,
            City = await db.OrgUnits.Where(u => u.Id == c.CityOrgId).Select(u => u.Name).FirstAsync(),
            Industries = await IndustriesAsync(), Levels = await LevelsAsync(), Districts = await DistrictsAsync(c.CityOrgId),
            DiamondLevelId = await DiamondLevelIdAsync(),
        };
    }

    /// <summary>修改 客户基本信息: 总部客户 forces 钻石级; the district stays in the customer's city. Call inside a transaction.</summary>
    public async Task UpdateAsync(int id, CustomerEditForm form)
    {
        var before = await GetAsync(id);
        var name = Input.RequireText(form.Name, "客户名称", 200);
        var shortName = Input.RequireText(form.ShortName, "客户简称", 100);
        // The registration rules hold in maintenance too (F-3.1): industry required, a 6-digit postcode.
        if (form.IndustryId is not { } industry || !await db.Industries.AnyAsync(i => i.Id == industry)) throw new BusinessRuleException("请选择所属行业");
        if (Input.OptionalText(form.Postcode, "邮编", 10) is { } postcode && !(postcode.Length == 6 && postcode.All(char.IsAsciiDigit)))
            throw new BusinessRuleException("邮编必须是 6 位数字");
        int? level = form.IsHeadquarters ? await DiamondLevelIdAsync() : form.LevelId;
        if (level is null) throw new BusinessRuleException("请选择客户级别");
        if (!await db.CustomerLevels.AnyAsync(l => l.Id == level)) throw new BusinessRuleException("请选择客户级别");
        if (!(await DistrictsAsync(before.CityOrgId)).Any(d => d.Id == form.DistrictOrgId))
            throw new BusinessRuleException("所在地区只能选择本市的区县");
        if (scope.IsOrgWide && !await IsManagerAsync(id) && !await scope.CoversUnitAsync(form.DistrictOrgId))
            throw new BusinessRuleException("所在区县超出本单位的管辖范围");
        var key = CustomerNames.Key(name);
        if (await db.BusinessCustomers.Where(c => c.Id != id && c.NameKey == key).Select(c => c.Name).FirstOrDefaultAsync() is { } taken)
            throw new BusinessRuleException(SameName(name, taken));

        var after = await db.BusinessCustomers.FirstAsync(c => c.Id == id);
        after.Name = name;
        after.ShortName = shortName;
        after.IndustryId = form.IndustryId;
        after.LevelId = level;
        after.IsHeadquarters = form.IsHeadquarters;
        after.DistrictOrgId = form.DistrictOrgId;
        after.Address = Input.OptionalText(form.Address, "地址", 300);
        after.Postcode = Input.OptionalText(form.Postcode, "邮编", 10);
        after.Phone = Input.OptionalText(form.Phone, "联系电话", 30);
        after.LegalPerson = Input.OptionalText(form.LegalPerson, "法人代表", 50);
        after.Remarks = Input.OptionalText(form.Remarks, "备注", 500);
        try
        {
            await audit.UpdateAsync(before, after, CustomerEntity, id);
        }
        catch (DbException)
        {
            // Renamed elsewhere at the same moment: the unique name key refused it.
            if (await db.BusinessCustomers.AnyAsync(c => c.Id != id && c.NameKey == key)) throw new BusinessRuleException(SameName(name, name));
            throw;
        }
    }

    private static string SameName(string name, string taken) =>
        name == taken ? $"客户名称“{name}”已存在" : $"客户名称“{name}”与已有客户“{taken}”相同(全角/半角、空格、括号不同视为同名)";

    // ——— business relationships (客户业务关系管理) ———

    public async Task<RelationshipsPage> RelationshipsPageAsync(int id, RelationshipNewForm? form = null)
    {
        var c = await GetAsync(id);
        var departments = await NewRelationshipDepartmentsAsync(c);
        var deptIds = departments.Select(d => d.Id).ToList();
        return new RelationshipsPage
        {
            Business = await profiles.BusinessAsync(c),
            Departments = departments,
            Managers = await ManagersAsync(deptIds),
            ProductLines = await db.ProductLines.Where(p => p.Active).OrderBy(p => p.Sort).Select(p => new Choice(p.Id, p.Name)).ToListAsync(),
            BusinessTypes = await BusinessTypesAsync(null),
            NewForm = form ?? new RelationshipNewForm(),
        };
    }

    public async Task<RelationshipEditPage> RelationshipEditPageAsync(int id, int relationshipId, RelationshipEditForm? form = null)
    {
        var c = await GetAsync(id);
        var r = await EditableRelationshipAsync(c.Id, relationshipId);
        var row = await profiles.Relationships(db.BusinessRelationships.Where(x => x.Id == r.Id)).FirstAsync();
        return new RelationshipEditPage
        {
            CustomerId = c.Id, CustomerName = c.Name, Relationship = row,
            Form = form ?? new RelationshipEditForm { ManagerUserId = r.ManagerUserId, BusinessTypeId = r.BusinessTypeId, KeyAccountId = r.KeyAccountId },
            Managers = await ManagersAsync([r.OrgUnitId]),
            BusinessTypes = await BusinessTypesAsync(r.ProductLineId),
            KeyAccounts = await profiles.KeyAccountsAsync(c.Id),
        };
    }

    /// <summary>Manager (a CM of the relationship's department), business type (of its product line), key account (of the same customer).</summary>
    public async Task UpdateRelationshipAsync(int id, int relationshipId, RelationshipEditForm form)
    {
        var c = await GetAsync(id);
        var before = await EditableRelationshipAsync(c.Id, relationshipId);
        await CheckManagerAsync(form.ManagerUserId, before.OrgUnitId);
        await CheckBusinessTypeAsync(form.BusinessTypeId, before.ProductLineId);
        await CheckKeyAccountAsync(form.KeyAccountId, c.Id);
        var after = await db.BusinessRelationships.FirstAsync(x => x.Id == relationshipId);
        after.ManagerUserId = form.ManagerUserId;
        after.BusinessTypeId = form.BusinessTypeId;
        after.KeyAccountId = form.KeyAccountId;
        await audit.UpdateAsync(before, after, RelationshipEntity, after.Id);
    }

    /// <summary>
    /// A relationship for another product line (or department) is not approved here: it becomes a registration application
    /// for the existing customer and goes through the F-3.3 workflow (预审/初审/终审), so only approved relationships count
    /// (F-5.6). The customer's first contact is the application's contact. Returns the application.
    /// </summary>
    public async Task<int> AddRelationshipAsync(int id, RelationshipNewForm form)
    {
        var c = await GetAsync(id);
        if (!(await NewRelationshipDepartmentsAsync(c)).Any(d => d.Id == form.OrgUnitId)) throw new BusinessRuleException("请选择邮政部门");
        var line = await db.ProductLines.FirstOrDefaultAsync(p => p.Id == form.ProductLineId && p.Active) ?? throw new BusinessRuleException("请选择专业");
        await CheckBusinessTypeAsync(form.BusinessTypeId, line.Id);
        await CheckManagerAsync(form.ManagerUserId, form.OrgUnitId);
        await CheckKeyAccountAsync(form.KeyAccountId, c.Id);
        if (await db.BusinessRelationships.AnyAsync(r => r.CustomerId == c.Id && r.OrgUnitId == form.OrgUnitId && r.ProductLineId == line.Id))
            throw new BusinessRuleException($"该客户与所选邮政部门已有“{line.Name}”专业的业务关系,请修改原有业务关系");
        var pending = new[] { ApplicationStatus.Submitted, ApplicationStatus.PreApproved, ApplicationStatus.InitialApproved };
        if (await (from a in db.GetTable<RegistrationApplication>()
                   join l in db.GetTable<ApplicationLine>() on a.Id equals l.ApplicationId
                   where a.ExistingCustomerId == c.Id && a.PostalOrgUnitId == form.OrgUnitId && l.ProductLineId == line.Id && pending.Contains(a.Status)
                   select a.Id).AnyAsync())
            throw new BusinessRuleException($"该客户与所选邮政部门“{line.Name}”专业的业务关系已在审批中,请在客户注册审批中处理");
        var contactId = await db.Contacts.Where(x => x.CustomerId == c.Id && !x.Deleted).OrderBy(x => x.Id).Select(x => (int?)x.Id).FirstOrDefaultAsync()
            ?? throw new BusinessRuleException("该客户还没有联系人,请先在“客户联系人管理”中添加联系人");
        var input = new ApplicationInput
        {
            ExistingCustomerId = c.Id, PostalOrgUnitId = form.OrgUnitId, ManagerUserId = form.ManagerUserId,
            ProductLineIds = [line.Id], BusinessTypes = new() { [line.Id] = [form.BusinessTypeId!.Value] },
            ExistingKeyAccountId = form.KeyAccountId, NewKeyAccountName = form.KeyAccountId is null ? c.Name : null, ExistingContactId = contactId,
        };
        try
        {
            return (await applications.SubmitAsync(input, await applications.CurrentApplicantAsync())).Id;
        }
        catch (ApplicationInvalidException e)
        {
            throw new BusinessRuleException(e.Message);
        }
    }

    // ——— contacts (客户联系人管理) ———

    public async Task<ContactsPage> ContactsPageAsync(int id, ContactForm? form = null)
    {
        var c = await GetAsync(id);
        return new ContactsPage
        {
            CustomerId = c.Id, CustomerName = c.Name, Form = form ?? new ContactForm(),
            Contacts = await db.Contacts.Where(x => x.CustomerId == c.Id && !x.Deleted).OrderBy(x => x.Id).ToListAsync(),
        };
    }

    public async Task AddContactAsync(int id, ContactForm form)
    {
        var c = await GetAsync(id);
        var contact = new Contact
        {
            CustomerId = c.Id,
            Name = Input.RequireText(form.Name, "联系人姓名", 50),
            Department = Input.OptionalText(form.Department, "部门", 100),
            Title = Input.OptionalText(form.Title, "职务", 50),
            Phone = Input.OptionalText(form.Phone, "办公电话", 30),
            Mobile = Input.OptionalText(form.Mobile, "手机", 30),
            Email = Input.OptionalText(form.Email, "电子邮箱", 100),
        };
        if (contact.Phone is null && contact.Mobile is null) throw new BusinessRuleException("请输入办公电话或手机");
        if (contact.Email is { } email && !email.Contains('@', StringComparison.Ordinal)) throw new BusinessRuleException("电子邮箱格式不正确");
        await audit.InsertAsync(contact, ContactEntity, (x, newId) => x.Id = newId);
    }

    /// <summary>删除: a soft delete (applications and history may still name the contact).</summary>
    public async Task DeleteContactAsync(int id, int contactId)
    {
        var c = await GetAsync(id);
        var before = await db.Contacts.FirstOrDefaultAsync(x => x.Id == contactId && x.CustomerId == c.Id && !x.Deleted) ?? throw new OutOfScopeException();
        var after = await db.Contacts.FirstAsync(x => x.Id == contactId);
        after.Deleted = true;
        await db.UpdateAsync(after);
        await audit.WriteAsync(ContactEntity, contactId, "delete", before, after);
    }

    // ——— rules and choices ———

    /// <summary>
    /// A relationship the user may edit (F-3.7): a customer manager only those of their own department; an org role those
    /// whose department lies in its area (the SDK's unit-and-below rule). Anything else answers 404.
    /// </summary>
    private async Task<BusinessRelationship> EditableRelationshipAsync(int customerId, int relationshipId)
    {
        var relationship = db.BusinessRelationships.Where(r => r.Id == relationshipId && r.CustomerId == customerId);
        var myUnit = me.OrgUnit.Id;
        return await (scope.IsOrgWide ? scope.UnitAndBelow(relationship, r => r.OrgUnitId) : relationship.Where(r => r.OrgUnitId == myUnit))
            .SingleInScopeAsync();
    }

    private Task<bool> IsManagerAsync(int customerId)
    {
        var myId = me.Id;
        return db.BusinessRelationships.AnyAsync(r => r.CustomerId == customerId && r.ManagerUserId == myId);
    }

    private async Task CheckManagerAsync(int userId, int departmentId)
    {
        if (!(await ManagersAsync([departmentId])).Any(m => m.Id == userId))
            throw new BusinessRuleException("邮政客户经理只能选择所选邮政部门的客户经理");
    }

    private async Task CheckBusinessTypeAsync(int? businessTypeId, int productLineId)
    {
        if (businessTypeId is null) throw new BusinessRuleException("请选择业务类型");
        if (!await db.BusinessTypes.AnyAsync(t => t.Id == businessTypeId && t.ProductLineId == productLineId && t.Active))
            throw new BusinessRuleException("业务类型必须属于该业务关系的专业");
    }

    private async Task CheckKeyAccountAsync(int? keyAccountId, int customerId)
    {
        if (keyAccountId is { } k && !await db.KeyAccounts.AnyAsync(a => a.Id == k && a.CustomerId == customerId))
            throw new BusinessRuleException("大客户只能选择本客户的大客户");
    }

    /// <summary>Customer managers (active) whose own unit is one of the departments.</summary>
    public async Task<IReadOnlyList<ManagerChoice>> ManagersAsync(IReadOnlyList<int> departmentIds)
    {
        var ids = departmentIds.ToList();
        return await (from u in db.Users
                      join r in db.UserRoles on u.Id equals r.UserId
                      join o in db.OrgUnits on u.OrgUnitId equals o.Id
                      where r.RoleCode == RoleCodes.CustomerManager && !u.Disabled && ids.Contains(u.OrgUnitId)
                      orderby o.Path, u.DisplayName
                      select new ManagerChoice(u.Id, o.Id, u.DisplayName, o.Name)).ToListAsync();
    }

    /// <summary>
    /// Departments a new relationship may name: units of the customer's city that have customer managers; an org role
    /// only those of its area, a customer manager only their own unit.
    /// </summary>
    private async Task<IReadOnlyList<Choice>> NewRelationshipDepartmentsAsync(BusinessCustomer c)
    {
        var city = await db.OrgUnits.FirstAsync(u => u.Id == c.CityOrgId);
        var withManagers = from u in db.Users
                           join r in db.UserRoles on u.Id equals r.UserId
                           where r.RoleCode == RoleCodes.CustomerManager && !u.Disabled
                           select u.OrgUnitId;
        var candidates = new OrgTree(db).Within(city).Where(o => o.Active && withManagers.Contains(o.Id));
        var myUnit = me.OrgUnit.Id;
        candidates = scope.IsOrgWide ? scope.UnitAndBelow(candidates, o => o.Id) : candidates.Where(o => o.Id == myUnit);
        return await candidates.OrderBy(o => o.Path).Select(o => new Choice(o.Id, o.Name)).ToListAsync();
    }

    private async Task<IReadOnlyList<BusinessTypeChoice>> BusinessTypesAsync(int? productLineId) =>
        await (from t in db.BusinessTypes
               join p in db.ProductLines on t.ProductLineId equals p.Id
               where t.Active && p.Active && (productLineId == null || t.ProductLineId == productLineId)
               orderby p.Sort, t.Name
               select new BusinessTypeChoice(t.Id, p.Id, p.Name, t.Name)).ToListAsync();

    private async Task<IReadOnlyList<Choice>> DistrictsAsync(int cityId) =>
        await db.OrgUnits.Where(u => u.ParentId == cityId && u.Level == OrgLevel.District && u.Kind == OrgUnitKind.Area && u.Active)
            .OrderBy(u => u.Sort).ThenBy(u => u.Code).Select(u => new Choice(u.Id, u.Name)).ToListAsync();

    private async Task<IReadOnlyList<Choice>> IndustriesAsync() =>
        await db.Industries.OrderBy(i => i.Sort).Select(i => new Choice(i.Id, i.Name)).ToListAsync();

    private async Task<IReadOnlyList<Choice>> LevelsAsync() =>
        await db.CustomerLevels.OrderBy(l => l.Sort).Select(l => new Choice(l.Id, l.Name)).ToListAsync();

    private Task<int> DiamondLevelIdAsync() =>
        db.CustomerLevels.Where(l => l.Name == CustomerLevel.Diamond).Select(l => l.Id).FirstAsync();
}
