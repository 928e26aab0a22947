using System.Net;
using System.Text.RegularExpressions;
using PostalCrm.Sdk.Customers;
using PostalCrm.Sdk.Data;
using PostalCrm.Sdk.Organisation;
using PostalCrm.Testing;

namespace PostalCrm.Host.Tests;

/// <summary>Shared steps of the administration tests: forms, page fragments, database look-ups.</summary>
internal static partial class AdminTestHelpers
{
    public static List<KeyValuePair<string, string>> Form(params (string Key, string Value)[] fields) =>
        [.. fields.Select(f => new KeyValuePair<string, string>(f.Key, f.Value))];

    public static async Task<string> BodyAsync(this HttpResponseMessage res) => await res.Content.ReadAsStringAsync();

    /// <summary>Asserts a 302 to <paramref name="location"/> (prefix match).</summary>
    public static void AssertRedirect(HttpResponseMessage res, string location)
    {
        Assert.That(res.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), () => $"expected a redirect to {location}, got {(int)res.StatusCode}: {res.Content.ReadAsStringAsync().Result}");
        var target = res.Headers.Location is { IsAbsoluteUri: true } abs ? abs.PathAndQuery : res.Headers.Location?.ToString();
        Assert.That(target, Does.StartWith(location));
    }

    /// <summary>The error list the pages show (_ValidationSummary), or "" when there is none.</summary>
    public static string Errors(string html) =>
        ErrorsRegex().Match(html) is { Success: true } m ? WebUtility.HtmlDecode(Regex.Replace(m.Groups[1].Value, "<[^>]+>", " ")).Trim() : "";

    public static string OneTimePassword(string html)
    {
        var m = PasswordRegex().Match(html);
        Assert.That(m.Success, Is.True, "the page shows no one-time password");
        return WebUtility.HtmlDecode(m.Groups[1].Value);
    }

    public static async Task<int> UnitIdAsync(this PostalCrmFactory app, string code)
    {
        using var db = app.Database.Open();
        return await db.OrgUnits.Where(u => u.Code == code).Select(u => u.Id).FirstAsync();
    }

    public static async Task<int> UserIdAsync(this PostalCrmFactory app, string login)
    {
        using var db = app.Database.Open();
        return await db.Users.Where(u => u.Login == login).Select(u => u.Id).FirstAsync();
    }

    public static async Task<int> AuditCountAsync(this PostalCrmFactory app)
    {
        using var db = app.Database.Open();
        return await db.AuditEntries.CountAsync();
    }

    /// <summary>The admin creates a user through the page; returns the one-time password shown.</summary>
    public static async Task<string> CreateUserAsync(this PostalCrmFactory app, WebSession admin, string login, string unitCode, params string[] roles)
    {
        var unitId = await app.UnitIdAsync(unitCode);
        var fields = Form(("Login", login), ("DisplayName", "测试用户" + login), ("EmployeeNo", "T-" + login), ("Phone", "027-12345678"),
            ("OrgUnitId", unitId.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        fields.AddRange(roles.Select(r => new KeyValuePair<string, string>("Roles", r)));
        var res = await admin.PostFormAsync("/admin/users/create", fields, tokenFrom: "/admin/users/create");
        var html = await res.BodyAsync();
        Assert.That(res.StatusCode, Is.EqualTo(HttpStatusCode.OK), html);
        Assert.That(Errors(html), Is.Empty);
        return OneTimePassword(html);
    }

    /// <summary>Logs in with a one-time password and sets <paramref name="newPassword"/>; returns the signed-in session.</summary>
    public static async Task<WebSession> FirstLoginAsync(this PostalCrmFactory app, string login, string oneTimePassword, string newPassword)
    {
        var s = app.Session();
        AssertRedirect(await s.LoginAsync(login, oneTimePassword), "/Account/ChangePassword");
        var res = await s.PostFormAsync("/Account/ChangePassword",
            Form(("OldPassword", oneTimePassword), ("NewPassword", newPassword), ("ConfirmPassword", newPassword)), tokenFrom: "/Account/ChangePassword");
        AssertRedirect(res, "/");
        return s;
    }

    /// <summary>Inserts a business customer straight into the database (registration is another plugin's work).</summary>
    public static async Task<int> InsertCustomerAsync(this PostalCrmFactory app, string code, string name, string districtCode, int? levelId = null, int? industryId = null)
    {
        using var db = app.Database.Open();
        var district = await db.OrgUnits.FirstAsync(u => u.Code == districtCode);
        var city = district.Level == OrgLevel.City ? district : await db.OrgUnits.FirstAsync(u => u.Id == district.ParentId);
        return await db.InsertWithInt32IdentityAsync(new BusinessCustomer
        {
            Code = code, Name = name, ShortName = name.Length > 6 ? name[..6] : name, CityOrgId = city.Id, DistrictOrgId = district.Id,
            LevelId = levelId, IndustryId = industryId, CreatedBy = 1,
        });
    }

    public static PostalDb Db(this PostalCrmFactory app) => app.Database.Open();

    [GeneratedRegex("<div class=\"alert alert-danger\" role=\"alert\" id=\"errors\">(.*?)</div>", RegexOptions.Singleline)]
    private static partial Regex ErrorsRegex();

    [GeneratedRegex("id=\"one-time-password\">([^<]+)<")]
    private static partial Regex PasswordRegex();
}

/// <summary>The real host on a fresh database of one provider, with the administrator signed in.</summary>
public abstract class AdminFixture(DatabaseProvider provider)
{
    protected PostalCrmFactory App { get; private set; } = null!;
    protected WebSession Admin { get; private set; } = null!;

    [OneTimeSetUp]
    public async Task StartHostAndSignInAdmin()
    {
        App = new PostalCrmFactory(provider);
        Admin = await App.LoginAsync(DemoUsers.Admin);
    }

    [OneTimeTearDown]
    public void StopHost()
    {
        Admin.Dispose();
        App.Dispose();
    }
}
