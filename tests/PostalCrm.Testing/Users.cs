using PostalCrm.Host.Security;
using PostalCrm.Sdk.Data;

namespace PostalCrm.Testing;

public static class Users
{
    /// <summary>The real current-user object of a demo user, loaded from the database as a request would.</summary>
    public static async Task<CurrentUser> AsAsync(PostalDb db, string login)
    {
        var id = await db.Users.Where(u => u.Login == login).Select(u => u.Id).FirstAsync();
        var user = new CurrentUser();
        await user.LoadAsync(db, id);
        return user;
    }
}
