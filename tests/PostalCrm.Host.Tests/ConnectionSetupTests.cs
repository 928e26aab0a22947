using Npgsql;
using PostalCrm.Host.Data;
using PostalCrm.Sdk.Data;

namespace PostalCrm.Host.Tests;

/// <summary>The defaults a deployment's connection string is completed with.</summary>
public class ConnectionSetupTests
{
    [Test]
    public void A_PostgreSQL_connection_string_gets_statement_auto_preparation_unless_it_names_its_own()
    {
        var given = new DatabaseSettings { Provider = DatabaseProvider.PostgreSQL, ConnectionString = "Host=db;Username=u;Password=p;Database=crm" };
        var done = new NpgsqlConnectionStringBuilder(ConnectionSetup.Normalise(given, "/tmp").ConnectionString);
        Assert.That(done.MaxAutoPrepare, Is.EqualTo(64));
        Assert.That(done.AutoPrepareMinUsages, Is.EqualTo(2));
        Assert.That(done.Options, Is.Null, "PostgreSQL's own plan mode (auto): generic plans once a statement has run five times");
        Assert.That((done.Host, done.Username, done.Password, done.Database), Is.EqualTo(("db", "u", "p", "crm")), "the rest is kept");

        foreach (var own in new[] { "Host=db;Max Auto Prepare=0", "Host=db;max auto prepare=10", "Host=db;MaxAutoPrepare=5" })
        {
            var kept = ConnectionSetup.Normalise(new DatabaseSettings { Provider = DatabaseProvider.PostgreSQL, ConnectionString = own }, "/tmp");
            Assert.That(kept.ConnectionString, Is.EqualTo(own), "a deployment's own setting wins, including 0 (off)");
        }
    }
}
