using FluentMigrator;
using PostalCrm.Sdk.Customers;

namespace PostalCrm.Sdk.Data.Migrations;

/// <summary>
/// Trigram indexes for the customer fuzzy search (ARCHITECTURE §5): pg_trgm GIN indexes on PostgreSQL, an FTS5 trigram
/// table kept by triggers on SQLite. Works on a database that already has customers (the FTS table is rebuilt from them).
/// The SQL lives in <see cref="CustomerSearchSql"/>, the one provider-specific class.
/// </summary>
[Migration(2026112802, "customer search trigram indexes")]
public sealed class M0002_CustomerSearch : Migration
{
    public override void Up() => Execute.WithConnection(CustomerSearchSql.Install);

    public override void Down() => Execute.WithConnection(CustomerSearchSql.Uninstall);
}
