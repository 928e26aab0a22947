using PostalCrm.Plugins.Registration.Data;
using PostalCrm.Sdk.Customers;
using PostalCrm.Sdk.Data;

namespace PostalCrm.Plugins.Registration.Applications;

/// <summary>
/// The customer details an application page shows. A new customer's are typed in the application itself; an existing
/// customer's are read from the customer row, and only when the viewer may see its basic details (F-3.2: an application
/// never widens what a viewer sees of a customer).
/// </summary>
public sealed record ApplicationCustomerView(bool Visible, string? Industry, string? Level, bool IsHeadquarters, string? Address,
    string? Postcode, string? Phone, string? LegalPerson, string? Remarks)
{
    /// <summary>What stands in place of details the viewer may not see.</summary>
    public const string Hidden = "无权查看该客户的详细信息(可通过“客户资料调取申请”申请查看)";

    public static async Task<ApplicationCustomerView> ReadAsync(PostalDb db, CustomerDirectory directory, RegistrationApplication a)
    {
        if (a.IsNewCustomer)
            return new(true, await IndustryAsync(db, a.IndustryId), await LevelAsync(db, a.LevelId), a.IsHeadquarters, a.Address, a.Postcode,
                a.Phone, a.LegalPerson, a.Remarks);
        var c = await db.BusinessCustomers.FirstOrDefaultAsync(x => x.Id == a.ExistingCustomerId);
        if (c is null || (await directory.VisibleDetailAsync(c) & CustomerDetail.Basic) == 0)
            return new(false, null, null, false, null, null, null, null, null);
        return new(true, await IndustryAsync(db, c.IndustryId), await LevelAsync(db, c.LevelId), c.IsHeadquarters, c.Address, c.Postcode,
            c.Phone, c.LegalPerson, c.Remarks);
    }

    private static Task<string?> IndustryAsync(PostalDb db, int? id) =>
        id is null ? Task.FromResult<string?>(null) : db.Industries.Where(i => i.Id == id).Select(i => i.Name).FirstOrDefaultAsync();

    private static Task<string?> LevelAsync(PostalDb db, int? id) =>
        id is null ? Task.FromResult<string?>(null) : db.CustomerLevels.Where(l => l.Id == id).Select(l => l.Name).FirstOrDefaultAsync();
}
