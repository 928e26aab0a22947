using FluentMigrator;
using PostalCrm.Sdk.Customers;

namespace PostalCrm.Sdk.Data.Migrations;

/// <summary>
/// SQLite: the bigram side table for 2-character keywords (ARCHITECTURE §5, issue 8), kept by the same triggers as the
/// FTS5 trigram table — so the search structures are reinstalled (dropped and created again from the customers there
/// are). PostgreSQL has its bigram GIN indexes since 2026112803: nothing to do.
/// </summary>
[Migration(2026113003, "customer search bigram side table (SQLite)")]
public sealed class M0006_SqliteCustomerBigrams : Migration
{
    public override void Up() => Execute.WithConnection(CustomerSearchSql.Reinstall);

    public override void Down()
    {
        // The side table stays with the triggers that keep it: a downgrade to 2026113002 keeps searching correctly.
    }
}
