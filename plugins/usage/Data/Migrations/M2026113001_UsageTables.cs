using FluentMigrator;

namespace PostalCrm.Plugins.Usage.Data.Migrations;

/// <summary>The usage plugin's tables (version table vi_usage). Money in whole 分 (bigint): exact on every database.</summary>
[Migration(2026113001, "usage tables")]
public sealed class M2026113001_UsageTables : Migration
{
    public override void Up()
    {
        Create.Table("usage_batches")
            .WithColumn("id").AsInt32().PrimaryKey().Identity()
            .WithColumn("sequence").AsString(30).NotNullable().Unique("ux_usage_batches_sequence")
            .WithColumn("org_unit_id").AsInt32().NotNullable().ForeignKey("fk_usage_batches_unit", "org_units", "id")
            .WithColumn("user_id").AsInt32().NotNullable().ForeignKey("fk_usage_batches_user", "users", "id")
            .WithColumn("created_at").AsDateTime().NotNullable()
            .WithColumn("file_name").AsString(200).NotNullable()
            .WithColumn("file_hash").AsString(64).NotNullable()
            .WithColumn("row_count").AsInt32().NotNullable()
            .WithColumn("total_volume").AsInt64().NotNullable()
            .WithColumn("total_receivable_fen").AsInt64().NotNullable()
            .WithColumn("total_actual_fen").AsInt64().NotNullable();
        Create.Index("ix_usage_batches_unit").OnTable("usage_batches").OnColumn("org_unit_id");
        Create.Index("ix_usage_batches_hash").OnTable("usage_batches").OnColumn("file_hash");

        // No foreign keys on the record table: it holds tens of millions of rows written by bulk copy, and every
        // writer checks the key account, relationship and manager first.
        Create.Table("usage_records")
            .WithColumn("id").AsInt64().PrimaryKey().Identity()
            .WithColumn("usage_date").AsDate().NotNullable()
            .WithColumn("customer_id").AsInt32().NotNullable()
            .WithColumn("key_account_id").AsInt32().NotNullable()
            .WithColumn("product_line_id").AsInt32().NotNullable()
            .WithColumn("business_type_id").AsInt32().NotNullable()
            .WithColumn("manager_user_id").AsInt32().NotNullable()
            .WithColumn("org_unit_id").AsInt32().NotNullable()
            .WithColumn("volume").AsInt64().Nullable()
            .WithColumn("receivable_fen").AsInt64().Nullable()
            .WithColumn("actual_fen").AsInt64().NotNullable()
            .WithColumn("remarks").AsString(200).Nullable()
            .WithColumn("source").AsInt32().NotNullable()
            .WithColumn("batch_id").AsInt32().Nullable()
            .WithColumn("entered_by").AsInt32().NotNullable()
            .WithColumn("entered_at").AsDateTime().NotNullable();
        // The detail query: one manager's records by date; a unit's records by date; a batch's rows; a customer's year.
        Create.Index("ix_usage_records_manager_date").OnTable("usage_records").OnColumn("manager_user_id").Ascending().OnColumn("usage_date").Ascending();
        Create.Index("ix_usage_records_unit_date").OnTable("usage_records").OnColumn("org_unit_id").Ascending().OnColumn("usage_date").Ascending();
        Create.Index("ix_usage_records_batch").OnTable("usage_records").OnColumn("batch_id");
        Create.Index("ix_usage_records_customer_date").OnTable("usage_records").OnColumn("customer_id").Ascending().OnColumn("usage_date").Ascending();

        Create.Table("usage_daily")
            .WithColumn("usage_date").AsDate().NotNullable().PrimaryKey("pk_usage_daily")
            .WithColumn("manager_user_id").AsInt32().NotNullable().PrimaryKey("pk_usage_daily")
            .WithColumn("customer_id").AsInt32().NotNullable().PrimaryKey("pk_usage_daily")
            .WithColumn("product_line_id").AsInt32().NotNullable().PrimaryKey("pk_usage_daily")
            .WithColumn("business_type_id").AsInt32().NotNullable().PrimaryKey("pk_usage_daily")
            .WithColumn("org_unit_id").AsInt32().NotNullable().PrimaryKey("pk_usage_daily")
            .WithColumn("record_count").AsInt64().NotNullable()
            .WithColumn("volume").AsInt64().NotNullable()
            .WithColumn("receivable_fen").AsInt64().NotNullable()
            .WithColumn("actual_fen").AsInt64().NotNullable();
        // A city's (units') year and a customer's year read the summary through these.
        Create.Index("ix_usage_daily_unit_date").OnTable("usage_daily").OnColumn("org_unit_id").Ascending().OnColumn("usage_date").Ascending();
        Create.Index("ix_usage_daily_customer_date").OnTable("usage_daily").OnColumn("customer_id").Ascending().OnColumn("usage_date").Ascending();
    }

    public override void Down()
    {
        Delete.Table("usage_daily");
        Delete.Table("usage_records");
        Delete.Table("usage_batches");
    }
}
