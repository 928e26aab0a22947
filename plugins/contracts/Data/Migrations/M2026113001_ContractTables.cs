using FluentMigrator;

namespace PostalCrm.Plugins.Contracts.Data.Migrations;

/// <summary>The contracts plugin's tables (version table vi_contracts). Money is integer fen; files live in the SDK's stored_files.</summary>
[Migration(2026113001, "contracts tables")]
public sealed class M2026113001_ContractTables : Migration
{
    public override void Up()
    {
        Create.Table("contracts_contracts")
            .WithColumn("id").AsInt32().PrimaryKey().Identity()
            .WithColumn("kind").AsInt32().NotNullable()
            .WithColumn("number").AsString(40).NotNullable()
            .WithColumn("customer_id").AsInt32().NotNullable().ForeignKey("fk_contracts_customer", "business_customers", "id")
            .WithColumn("org_unit_id").AsInt32().NotNullable().ForeignKey("fk_contracts_unit", "org_units", "id")
            .WithColumn("effective_date").AsDate().NotNullable()
            .WithColumn("expiry_date").AsDate().NotNullable()
            .WithColumn("settlement_type").AsInt32().NotNullable()
            .WithColumn("payment_date").AsDate().Nullable()
            .WithColumn("period_months").AsInt32().Nullable()
            .WithColumn("discount").AsInt32().Nullable()
            .WithColumn("total_fen").AsInt64().NotNullable()
            .WithColumn("paid_fen").AsInt64().NotNullable()
            .WithColumn("file_id").AsInt32().Nullable().ForeignKey("fk_contracts_file", "stored_files", "id")
            .WithColumn("remarks").AsString(500).Nullable()
            .WithColumn("created_by").AsInt32().NotNullable().ForeignKey("fk_contracts_user", "users", "id")
            .WithColumn("created_at").AsDateTime().NotNullable()
            .WithColumn("updated_at").AsDateTime().Nullable();
        Create.Index("ux_contracts_number").OnTable("contracts_contracts").OnColumn("number").Ascending().WithOptions().Unique();
        Create.Index("ix_contracts_unit").OnTable("contracts_contracts").OnColumn("org_unit_id").Ascending().OnColumn("settlement_type").Ascending();
        Create.Index("ix_contracts_customer").OnTable("contracts_contracts").OnColumn("customer_id");
        // The maintenance list's order (newest first).
        Create.Index("ix_contracts_created").OnTable("contracts_contracts").OnColumn("created_at").Descending().OnColumn("id").Descending();

        Create.Table("contracts_instalments")
            .WithColumn("id").AsInt32().PrimaryKey().Identity()
            .WithColumn("contract_id").AsInt32().NotNullable().ForeignKey("fk_contracts_inst_contract", "contracts_contracts", "id")
            .WithColumn("seq").AsInt32().NotNullable()
            .WithColumn("due_date").AsDate().NotNullable()
            .WithColumn("amount_fen").AsInt64().NotNullable()
            .WithColumn("cumulative_fen").AsInt64().NotNullable();
        Create.Index("ix_contracts_inst_contract").OnTable("contracts_instalments").OnColumn("contract_id").Ascending().OnColumn("due_date").Ascending();

        Create.Table("contracts_payments")
            .WithColumn("id").AsInt32().PrimaryKey().Identity()
            .WithColumn("contract_id").AsInt32().NotNullable().ForeignKey("fk_contracts_pay_contract", "contracts_contracts", "id")
            .WithColumn("paid_on").AsDate().NotNullable()
            .WithColumn("amount_fen").AsInt64().NotNullable()
            .WithColumn("method").AsString(20).NotNullable()
            .WithColumn("receipt_no").AsString(50).Nullable()
            .WithColumn("recorded_by").AsInt32().NotNullable().ForeignKey("fk_contracts_pay_user", "users", "id")
            .WithColumn("recorded_at").AsDateTime().NotNullable();
        Create.Index("ix_contracts_pay_contract").OnTable("contracts_payments").OnColumn("contract_id");

        Create.Table("contracts_dunnings")
            .WithColumn("id").AsInt32().PrimaryKey().Identity()
            .WithColumn("contract_id").AsInt32().NotNullable().ForeignKey("fk_contracts_dun_contract", "contracts_contracts", "id")
            .WithColumn("dunned_on").AsDate().NotNullable()
            .WithColumn("method").AsString(20).NotNullable()
            .WithColumn("content").AsString(500).NotNullable()
            .WithColumn("dunned_by").AsString(50).NotNullable()
            .WithColumn("recorded_by").AsInt32().NotNullable().ForeignKey("fk_contracts_dun_user", "users", "id")
            .WithColumn("recorded_at").AsDateTime().NotNullable();
        Create.Index("ix_contracts_dun_contract").OnTable("contracts_dunnings").OnColumn("contract_id");

        Create.Table("contracts_counters")
            .WithColumn("name").AsString(30).PrimaryKey()
            .WithColumn("next_value").AsInt64().NotNullable();
        Insert.IntoTable("contracts_counters").Row(new { name = "agreement", next_value = 1L });
    }

    public override void Down()
    {
        foreach (var t in new[] { "contracts_counters", "contracts_dunnings", "contracts_payments", "contracts_instalments", "contracts_contracts" })
            Delete.Table(t);
    }
}
