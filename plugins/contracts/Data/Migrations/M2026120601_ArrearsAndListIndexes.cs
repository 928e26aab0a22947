using FluentMigrator;

namespace PostalCrm.Plugins.Contracts.Data.Migrations;

/// <summary>
/// Province-scale lists (issue 10): the arrears list reads <c>unpaid_since</c> through (unit, unpaid_since) instead of probing
/// every contract's schedule per request, and the maintenance list sorts a scope's (unit, created_at, id) index entries
/// instead of its rows. The backfill is the same rule <c>UnpaidSince.RefreshAsync</c> applies on every write.
/// </summary>
[Migration(2026120601, "contracts unpaid_since and list indexes")]
public sealed class M2026120601_ArrearsAndListIndexes : Migration
{
    public override void Up()
    {
        Alter.Table("contracts_contracts").AddColumn("unpaid_since").AsDate().Nullable();
        Execute.Sql("""
            UPDATE contracts_contracts SET unpaid_since = (SELECT MIN(i.due_date) FROM contracts_instalments i
                WHERE i.contract_id = contracts_contracts.id AND i.cumulative_fen > contracts_contracts.paid_fen)
            """);
        Create.Index("ix_contracts_unit_unpaid").OnTable("contracts_contracts").OnColumn("org_unit_id").Ascending().OnColumn("unpaid_since").Ascending();
        Create.Index("ix_contracts_unit_created").OnTable("contracts_contracts")
            .OnColumn("org_unit_id").Ascending().OnColumn("created_at").Ascending().OnColumn("id").Ascending();
    }

    public override void Down()
    {
        Delete.Index("ix_contracts_unit_created").OnTable("contracts_contracts");
        Delete.Index("ix_contracts_unit_unpaid").OnTable("contracts_contracts");
        Delete.Column("unpaid_since").FromTable("contracts_contracts");
    }
}
