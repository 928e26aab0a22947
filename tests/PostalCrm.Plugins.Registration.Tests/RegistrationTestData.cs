using PostalCrm.Plugins.Registration.Data;
using PostalCrm.Sdk.Customers;
using PostalCrm.Sdk.Data;

namespace PostalCrm.Plugins.Registration.Tests;

/// <summary>Rows written straight into the real test database, for tests that need a starting state.</summary>
public static class RegistrationTestData
{
    public static async Task<int> UnitIdAsync(PostalDb db, string name) =>
        await db.OrgUnits.Where(u => u.Name == name).Select(u => u.Id).FirstAsync();

    public static async Task<int> UserIdAsync(PostalDb db, string login) =>
        await db.Users.Where(u => u.Login == login).Select(u => u.Id).FirstAsync();

    public static async Task<int> ProductLineIdAsync(PostalDb db, string name) =>
        await db.ProductLines.Where(p => p.Name == name).Select(p => p.Id).FirstAsync();

    public static async Task<int> BusinessTypeIdAsync(PostalDb db, string productLine, string type = "全业务") =>
        await (from t in db.BusinessTypes
               join p in db.ProductLines on t.ProductLineId equals p.Id
               where p.Name == productLine && t.Name == type
               select t.Id).FirstAsync();

    /// <summary>An existing, developed customer in a district with a numbered key account and an approved relationship to a manager.</summary>
    public static async Task<(int CustomerId, int KeyAccountId, string Number)> CustomerAsync(PostalDb db, string name, string district,
        string managerLogin, string productLine = "速递", string? number = null)
    {
        var districtId = await UnitIdAsync(db, district);
        var cityId = await db.OrgUnits.Where(u => u.Id == districtId).Select(u => u.ParentId!.Value).FirstAsync();
        var manager = await UserIdAsync(db, managerLogin);
        var code = "T" + Guid.NewGuid().ToString("N")[..10].ToUpperInvariant();
        var customerId = await db.InsertWithInt32IdentityAsync(new BusinessCustomer
        {
            Code = code, Name = name, ShortName = name.Length > 6 ? name[..6] : name, CityOrgId = cityId, DistrictOrgId = districtId,
            Developed = true, CreatedBy = manager,
        });
        var unitCode = await db.OrgUnits.Where(u => u.Id == districtId).Select(u => u.Code).FirstAsync();
        number ??= unitCode + Random.Shared.NextInt64(90_000_000, 99_999_999).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var keyAccountId = await db.InsertWithInt32IdentityAsync(new KeyAccount { CustomerId = customerId, Name = name, Number = number, OrgUnitId = districtId });
        await db.InsertAsync(new BusinessRelationship
        {
            CustomerId = customerId, KeyAccountId = keyAccountId, OrgUnitId = districtId, ManagerUserId = manager,
            ProductLineId = await ProductLineIdAsync(db, productLine), BusinessTypeId = await BusinessTypeIdAsync(db, productLine), Approved = true,
        });
        return (customerId, keyAccountId, number);
    }

    /// <summary>A submitted application for a new customer with a new key account, as a customer manager of the district would make it.</summary>
    public static async Task<int> NewCustomerApplicationAsync(PostalDb db, string customerName, string district, string applicantLogin,
        string productLine = "速递", ApplicationStatus status = ApplicationStatus.Submitted, string? applicantUnit = null)
    {
        var districtId = await UnitIdAsync(db, district);
        var cityId = await db.OrgUnits.Where(u => u.Id == districtId).Select(u => u.ParentId!.Value).FirstAsync();
        var applicant = await db.Users.FirstAsync(u => u.Login == applicantLogin);
        var id = await db.InsertWithInt32IdentityAsync(new RegistrationApplication
        {
            Source = ApplicationSource.Portal, Status = status, ApplicantUserId = applicant.Id,
            ApplicantOrgUnitId = applicantUnit is null ? applicant.OrgUnitId : await UnitIdAsync(db, applicantUnit),
            CityOrgId = cityId, DistrictOrgId = districtId, CustomerName = customerName,
            CustomerShortName = customerName.Length > 6 ? customerName[..6] : customerName,
            PostalOrgUnitId = applicant.OrgUnitId, ManagerUserId = applicant.Id, NewKeyAccountName = customerName,
            ContactName = "王经理", ContactPhone = "027-88888888",
        });
        await db.InsertAsync(new ApplicationLine
        {
            ApplicationId = id, ProductLineId = await ProductLineIdAsync(db, productLine), BusinessTypeId = await BusinessTypeIdAsync(db, productLine),
        });
        return id;
    }
}
