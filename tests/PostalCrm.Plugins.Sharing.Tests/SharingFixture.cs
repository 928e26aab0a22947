using System.Net;
using LinqToDB.Data;
using PostalCrm.Sdk.Audit;
using PostalCrm.Sdk.Data;
using PostalCrm.Testing;

namespace PostalCrm.Plugins.Sharing.Tests;

/// <summary>
/// The real host with the published plugins on a fresh database per fixture. Tests share that database, so each
/// one names its records uniquely and compares row counts before and after instead of expecting empty tables.
/// </summary>
public abstract class SharingFixture(DatabaseProvider provider)
{
    protected PostalCrmFactory App { get; private set; } = null!;

    [OneTimeSetUp] public void Start() => App = new PostalCrmFactory(provider);
    [OneTimeTearDown] public void Stop() => App.Dispose();

    /// <summary>A name no other test uses.</summary>
    protected static string Unique(string prefix) => prefix + Guid.NewGuid().ToString("N")[..6];

    protected long Count(string table)
    {
        using var db = App.Database.Open();
        return db.Execute<long>($"SELECT COUNT(*) FROM {table}");
    }

    /// <summary>Rows of a sharing table and of stored_files: a refused upload must leave both unchanged.</summary>
    protected (long Rows, long Files) Counts(string table) => (Count(table), Count("stored_files"));

    protected int IdOf(string table, string column, string value)
    {
        using var db = App.Database.Open();
        return db.Execute<int>($"SELECT id FROM {table} WHERE {column} = @value", new DataParameter("value", value));
    }

    protected int UnitId(string name)
    {
        using var db = App.Database.Open();
        return db.OrgUnits.Where(u => u.Name == name).Select(u => u.Id).First();
    }

    protected int ProductLineId(string name)
    {
        using var db = App.Database.Open();
        return db.ProductLines.Where(p => p.Name == name).Select(p => p.Id).First();
    }

    protected List<AuditEntry> AuditOf(string entity, int id)
    {
        using var db = App.Database.Open();
        var key = id.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return db.AuditEntries.Where(a => a.Entity == entity && a.EntityId == key).OrderBy(a => a.Id).ToList();
    }

    protected static async Task<string> HtmlOf(HttpResponseMessage res) => await res.Content.ReadAsStringAsync();

    /// <summary>A successful form post answers with a redirect to the list.</summary>
    protected static void AssertRedirectedTo(HttpResponseMessage res, string location, string because)
    {
        Assert.That(res.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), because);
        Assert.That(res.Headers.Location?.ToString(), Is.EqualTo(location));
    }

    /// <summary>Downloads and checks status, bytes and the original (Chinese) file name in Content-Disposition.</summary>
    protected static async Task AssertDownloadAsync(WebSession s, string url, byte[] expected, string fileName)
    {
        var res = await s.GetAsync(url);
        Assert.That(res.StatusCode, Is.EqualTo(HttpStatusCode.OK), url);
        Assert.That(await res.Content.ReadAsByteArrayAsync(), Is.EqualTo(expected), "downloaded bytes differ from the upload");
        var disposition = res.Content.Headers.ContentDisposition!;
        Assert.That(disposition.DispositionType, Is.EqualTo("attachment"));
        Assert.That(disposition.FileNameStar, Is.EqualTo(fileName));
    }

    protected static async Task AssertNotFoundAsync(WebSession s, string url)
    {
        var res = await s.GetAsync(url);
        Assert.That(res.StatusCode, Is.EqualTo(HttpStatusCode.NotFound), url);
        Assert.That(res.Content.Headers.ContentDisposition, Is.Null, "no file may leak with the 404");
    }
}
