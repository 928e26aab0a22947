using PostalCrm.Sdk.Customers;
using PostalCrm.Sdk.Data;

namespace PostalCrm.Plugins.Registration.CustomerInfo;

/// <summary>
/// Reads a customer's basic and business information for display. It takes a <see cref="BusinessCustomer"/> the
/// caller already obtained through a scope check (<see cref="CustomerDirectory.GetAsync"/> with the needed detail).
/// </summary>
public sealed class CustomerProfileService(PostalDb db)
{
    /// <summary>基本信息: the enterprise itself and its (not deleted) contacts.</summary>
    public async Task<CustomerBasicInfo> BasicAsync(BusinessCustomer c)
    {
        var industry = c.IndustryId is { } i ? await db.Industries.Where(x => x.Id == i).Select(x => x.Name).FirstOrDefaultAsync() : null;
        var level = c.LevelId is { } l ? await db.CustomerLevels.Where(x => x.Id == l).Select(x => x.Name).FirstOrDefaultAsync() : null;
        var units = await db.OrgUnits.Where(u => u.Id == c.CityOrgId || u.Id == c.DistrictOrgId).ToDictionaryAsync(u => u.Id, u => u.Name);
        var contacts = await db.Contacts.Where(x => x.CustomerId == c.Id && !x.Deleted).OrderBy(x => x.Id).ToListAsync();
        return new CustomerBasicInfo
        {
            Id = c.Id, Code = c.Code, Name = c.Name, ShortName = c.ShortName, Industry = industry, Level = level,
            IsHeadquarters = c.IsHeadquarters, City = units.GetValueOrDefault(c.CityOrgId, ""), District = units.GetValueOrDefault(c.DistrictOrgId, ""),
            Address = c.Address, Postcode = c.Postcode, Phone = c.Phone, LegalPerson = c.LegalPerson, Remarks = c.Remarks,
            Developed = c.Developed, Contacts = contacts,
        };
    }

    /// <summary>业务信息: key accounts with their numbers and the business relationships (department, product line, type, manager).</summary>
    public async Task<CustomerBusinessInfo> BusinessAsync(BusinessCustomer c) => new()
    {
        Id = c.Id, Name = c.Name, ShortName = c.ShortName,
        KeyAccounts = await KeyAccountsAsync(c.Id),
        Relationships = await Relationships(db.BusinessRelationships.Where(r => r.CustomerId == c.Id)).ToListAsync(),
    };

    public async Task<IReadOnlyList<KeyAccountRow>> KeyAccountsAsync(int customerId) =>
        await (from k in db.KeyAccounts
               where k.CustomerId == customerId
               join o in db.OrgUnits on k.OrgUnitId equals o.Id
               orderby k.Id
               select new KeyAccountRow { Id = k.Id, Name = k.Name, Number = k.Number, OrgUnit = o.Name }).ToListAsync();

    public IQueryable<RelationshipRow> Relationships(IQueryable<BusinessRelationship> relationships) =>
        from r in relationships
        join o in db.OrgUnits on r.OrgUnitId equals o.Id
        join p in db.ProductLines on r.ProductLineId equals p.Id
        join u in db.Users on r.ManagerUserId equals u.Id
        from t in db.BusinessTypes.Where(t => t.Id == r.BusinessTypeId).DefaultIfEmpty()
        from k in db.KeyAccounts.Where(k => k.Id == r.KeyAccountId).DefaultIfEmpty()
        orderby p.Sort, r.Id
        select new RelationshipRow
        {
            Id = r.Id, Department = o.Name, DepartmentId = o.Id, ProductLine = p.Name, ProductLineId = p.Id,
            BusinessType = t == null ? null : t.Name, Manager = u.DisplayName, ManagerPhone = u.Phone,
            KeyAccount = k == null ? null : k.Name, KeyAccountNo = k == null ? null : k.Number, Approved = r.Approved,
        };
}
