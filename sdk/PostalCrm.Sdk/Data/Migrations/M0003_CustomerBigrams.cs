using FluentMigrator;
using PostalCrm.Sdk.Customers;

namespace PostalCrm.Sdk.Data.Migrations;

/// <summary>
/// 2-character keywords (the most common Chinese search: 华信, 长江) cannot use a trigram index. On PostgreSQL a GIN
/// index over an immutable bigram function answers them (ARCHITECTURE §5: ~1 ms on 1M names instead of a scan).
/// SQLite keeps plain LIKE for them (see <see cref="CustomerSearchSql"/>).
/// </summary>
[Migration(2026112803, "customer search bigram indexes (PostgreSQL)")]
public sealed class M0003_CustomerBigrams : Migration
{
    public override void Up() => Execute.WithConnection(CustomerSearchSql.InstallBigrams);

    public override void Down() => Execute.WithConnection(CustomerSearchSql.UninstallBigrams);
}
