using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using PostalCrm.Plugins.Usage.Data;
using PostalCrm.Sdk.Data;
using PostalCrm.Testing;

namespace PostalCrm.Plugins.Usage.Tests;

/// <summary>
/// The real host (published plugins, demo seed) on a fresh database of one provider, with a movable clock.
/// One per fixture; tests add their own rows where they need exact figures.
/// </summary>
public sealed class UsageApp : IDisposable
{
    public PostalCrmFactory Base { get; }
    public WebApplicationFactory<Program> App { get; }
    public MovableClock Clock { get; } = new();

    /// <param name="services">More test services (e.g. the import job phase hook).</param>
    public UsageApp(DatabaseProvider provider, Action<IServiceCollection>? services = null)
    {
        Base = new PostalCrmFactory(provider);
        App = Base.WithWebHostBuilder(b => b.ConfigureTestServices(s =>
        {
            s.AddSingleton<TimeProvider>(Clock);
            services?.Invoke(s);
        }));
        _ = App.Server;
    }

    public PostalDb Open() => Base.Database.Open();

    public async Task<WebSession> LoginAsync(string login)
    {
        var s = new WebSession(App.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true }));
        var res = await s.LoginAsync(login, DemoUsers.Password);
        if (res.Headers.Location?.ToString() is not ("/" or "/Home/Index" or "/Home"))
            throw new InvalidOperationException($"login of {login} failed: {(int)res.StatusCode}");
        return s;
    }

    public async Task<int> UserIdAsync(string login)
    {
        using var db = Open();
        return await db.Users.Where(u => u.Login == login).Select(u => u.Id).FirstAsync();
    }

    /// <summary>An approved relationship (with key account) of the manager: key account id, number, customer, line, type, department.</summary>
    public async Task<Booking> BookingOfAsync(string managerLogin, int skip = 0)
    {
        using var db = Open();
        var manager = await UserIdAsync(managerLogin);
        var q = from r in db.BusinessRelationships
                join k in db.KeyAccounts on r.KeyAccountId equals k.Id
                join p in db.ProductLines on r.ProductLineId equals p.Id
                join t in db.BusinessTypes on r.BusinessTypeId equals t.Id
                where r.Approved && r.ManagerUserId == manager && k.Number != null
                orderby r.Id
                select new Booking(k.Id, k.Number!, k.Name, k.CustomerId, p.Id, p.Name, t.Id, t.Name, manager, r.OrgUnitId);
        return await q.Skip(skip).FirstAsync();
    }

    /// <summary>Sums of the daily summary and of the records: must always agree.</summary>
    public async Task<(long Count, long Actual, long Receivable, long Volume)[]> SummaryAndRecordsAsync()
    {
        using var db = Open();
        var d = db.GetTable<UsageDaily>();
        var r = db.GetTable<UsageRecord>();
        return
        [
            (await d.SumAsync(x => x.RecordCount), await d.SumAsync(x => x.ActualFen), await d.SumAsync(x => x.ReceivableFen), await d.SumAsync(x => x.Volume)),
            (await r.LongCountAsync(), await r.SumAsync(x => x.ActualFen), await r.SumAsync(x => x.ReceivableFen ?? 0), await r.SumAsync(x => x.Volume ?? 0)),
        ];
    }

    public void Dispose()
    {
        App.Dispose();
        Base.Dispose();
    }
}

public sealed record Booking(int KeyAccountId, string Number, string KeyAccountName, int CustomerId, int ProductLineId, string ProductLine,
    int BusinessTypeId, string BusinessType, int ManagerUserId, int OrgUnitId);
