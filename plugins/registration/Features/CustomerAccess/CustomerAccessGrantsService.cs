using PostalCrm.Plugins.Registration.Data;
using PostalCrm.Sdk.Customers;
using PostalCrm.Sdk.Data;

namespace PostalCrm.Plugins.Registration.CustomerAccess;

/// <summary>The approved part of a user's data-access requests for a customer (F-3.8): what the SDK's CustomerDirectory opens.</summary>
public sealed class CustomerAccessGrantsService(PostalDb db) : ICustomerAccessGrants
{
    public async Task<CustomerDetail> GrantedAsync(int userId, int customerId)
    {
        var granted = await db.GetTable<AccessRequest>()
            .Where(r => r.RequesterUserId == userId && r.CustomerId == customerId && r.Status == AccessRequestStatus.Approved)
            .Select(r => r.Granted).ToListAsync();
        return granted.Aggregate(CustomerDetail.None, (all, g) => all | g);
    }
}
