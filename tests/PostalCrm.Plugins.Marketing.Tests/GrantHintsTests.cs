using System.Net;
using System.Text.Json;
using LinqToDB.Mapping;
using PostalCrm.Sdk.Data;
using PostalCrm.Testing;

namespace PostalCrm.Plugins.Marketing.Tests;

/// <summary>
/// F-4.6 / F-4.7 hints for a customer outside the user's scope reached through an approved data-access request (F-3.8,
/// the registration plugin's grants through the SDK's <c>ICustomerAccessGrants</c>): its contacts' departments and names
/// are offered once the request is approved, and not while it is pending or rejected.
/// </summary>
[TestFixtureSource(typeof(TestDatabase), nameof(TestDatabase.Providers))]
public class GrantHintsTests(DatabaseProvider provider) : MarketingFixture(provider, "registration", "usage", "marketing")
{
    /// <summary>The registration plugin's request row, as much of it as a test writes (the test project references no registration code).</summary>
    [Table("registration_access_requests")]
    public sealed class AccessRequestRow
    {
        [Column("id"), PrimaryKey, Identity] public int Id { get; set; }
        [Column("requester_user_id")] public int RequesterUserId { get; set; }
        [Column("requester_org_unit_id")] public int RequesterOrgUnitId { get; set; }
        [Column("customer_id")] public int CustomerId { get; set; }
        [Column("requested")] public int Requested { get; set; }
        [Column("granted")] public int Granted { get; set; }
        [Column("reason")] public string Reason { get; set; } = "";
        [Column("status")] public int Status { get; set; }
        [Column("requested_at")] public DateTime RequestedAt { get; set; }
        [Column("decided_at")] public DateTime? DecidedAt { get; set; }
    }

    [Test]
    public async Task F_4_6_hints_offer_the_contacts_of_a_customer_reached_through_an_approved_access_request()
    {
        var cm1 = UserId(DemoUsers.JiangAnCm1);
        int customer, unit;
        List<string> depts, names;
        using (var db = Db())
        {
            unit = db.Users.Where(u => u.Id == cm1).Select(u => u.OrgUnitId).First();
            var yc = db.OrgUnits.Where(u => u.Name == "宜昌市").Select(u => u.Path).First();
            customer = (from c in db.BusinessCustomers join d in db.OrgUnits on c.DistrictOrgId equals d.Id
                        where d.Path.StartsWith(yc) && db.Contacts.Any(x => x.CustomerId == c.Id && !x.Deleted && x.Department != null)
                        orderby c.Id select c.Id).First();
            var contacts = db.Contacts.Where(c => c.CustomerId == customer && !c.Deleted).ToList();
            depts = [.. contacts.Select(c => c.Department).OfType<string>().Distinct().Order(StringComparer.Ordinal)];
            names = [.. contacts.Select(c => c.Name).Distinct().Order(StringComparer.Ordinal)];
        }
        var url = $"/marketing/hints?customerId={customer}";
        using var s = await LoginAsync(DemoUsers.JiangAnCm1);
        await AssertNotFoundAsync(s, url);

        void Request(int status, int granted)
        {
            using var db = Db();
            db.Insert(new AccessRequestRow
            {
                RequesterUserId = cm1, RequesterOrgUnitId = unit, CustomerId = customer, Requested = 1, Granted = granted, Reason = "测试",
                Status = status, RequestedAt = DateTime.UtcNow, DecidedAt = status == 0 ? null : DateTime.UtcNow,
            });
        }
        Request(status: 0, granted: 0);   // 待审批
        Request(status: 2, granted: 0);   // 已驳回
        await AssertNotFoundAsync(s, url);

        Request(status: 1, granted: 1);   // 已批准: 基本信息
        var res = await s.GetAsync(url);
        Assert.That(res.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var json = JsonDocument.Parse(await res.Content.ReadAsStringAsync()).RootElement;
        Assert.That(json.GetProperty("departments").EnumerateArray().Select(x => x.GetString()), Is.EqualTo(depts));
        Assert.That(json.GetProperty("contacts").EnumerateArray().Select(x => x.GetString()), Is.EqualTo(names));

        // The plan form renders the same hints for a development item of that customer.
        var month = MonthStart(0);
        var fields = PlanFields(cm1, month, new Item(Data.WorkKind.Development, customer, month, Keep: true));
        fields.Add(new("Op", "other"));
        var html = await (await s.PostFormAsync("/marketing/plans/monthly", fields, tokenFrom: MonthlyUrl(cm1, month))).Content.ReadAsStringAsync();
        Assert.That(html, Does.Contain($"id=\"hint-contacts-{customer}\""));

        // Another manager has no grant: still 404 for them.
        using var other = await LoginAsync(DemoUsers.JiangAnCm2);
        await AssertNotFoundAsync(other, url);
    }
}
