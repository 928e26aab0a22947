using LinqToDB.Metrics;
using Microsoft.AspNetCore.Mvc.Testing;
using PostalCrm.Sdk.Data;
using PostalCrm.Testing;

namespace PostalCrm.Host.Tests;

[TestFixtureSource(typeof(TestDatabase), nameof(TestDatabase.Providers))]
public class TmpPageBuilds(DatabaseProvider provider)
{
    private static int built;
    private static bool on;
    static TmpPageBuilds() => ActivityService.AddFactory(id => { if (on && id == ActivityID.BuildSql) Interlocked.Increment(ref built); return null; });

    private static readonly string[] Pages =
    [
        "wh_center|/",
        "ja_cm1|/registration/apply/search?q=%E9%95%BF%E6%B1%9F",
        "ja_cm1|/registration/apply/search?q=%E9%95%BF%E6%B1%9F%E7%89%A9",
        "wh_center|/registration/customers",
        "sheng|/registration/customers",
        "ja_dept|/registration/customers",
        "ja_cm1|/registration/customers",
        "wh_center|/registration/customers?Name=%E9%95%BF%E6%B1%9F",
        "wh_center|/registration/customers?Page=50",
        "ja_cm1|/registration/applications",
        "ja_dept|/registration/review/pre",
        "wh_center|/registration/review/initial",
        "wh_center|/registration/review/final",
        "ja_cm1|/registration/access",
        "wh_center|/registration/access/review",
        "wh_center|/registration/access/review?view=decided",
        "wh_center|/sharing/transfers",
        "admin|/admin/users",
        "ja_cm1|/",
        "wh_center|/contracts/maintain",
        "ja_cm1|/contracts/maintain",
        "wh_center|/contracts/arrears",
        "ja_cm1|/contracts/arrears",
        "wh_center|/usage/records",
        "ja_cm1|/usage/records",
        "wh_center|/usage/batches",
        "wh_center|/marketing/managers",
        "wh_center|/marketing/performance/statistics",
        "ja_dept|/marketing/performance/statistics",
        "wh_center|/marketing/queries/plans",
        "wh_center|/marketing/queries/logs",
        "wh_center|/kpi/complaints?search=true",
        "wh_center|/contracts/maintain?Customer=%E9%95%BF%E6%B1%9F",
        "wh_center|/contracts/arrears?Field=name&Keyword=%E9%95%BF%E6%B1%9F",
        "wh_center|/usage/entry?Search=true&Keyword=%E9%95%BF%E6%B1%9F",
        "wh_center|/kpi/reports",
        "wh_center|/kpi/reports?q=%E9%95%BF%E6%B1%9F",
    ];

    [Test]
    public async Task Count()
    {
        using var app = new PostalCrmFactory(provider);
        var sessions = new Dictionary<string, WebSession>();
        foreach (var line in Pages)
        {
            var (user, url) = (line.Split('|')[0], line.Split('|')[1]);
            if (!sessions.TryGetValue(user, out var s))
            {
                s = new WebSession(app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true }));
                await s.LoginAsync(user, DemoUsers.Password);
                sessions[user] = s;
            }
            for (var i = 0; i < 4; i++) await s.GetAsync(url);
            built = 0; on = true;
            for (var i = 0; i < 10; i++) await s.GetAsync(url);
            on = false;
            TestContext.Out.WriteLine($"{provider} {built / 10.0,5:F1}  {user} {Uri.UnescapeDataString(url)}");
        }
    }
}
