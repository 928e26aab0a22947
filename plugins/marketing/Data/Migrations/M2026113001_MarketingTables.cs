using FluentMigrator;

namespace PostalCrm.Plugins.Marketing.Data.Migrations;

/// <summary>Plans and logs (version table vi_marketing). Money in whole 分 (bigint). Statistics read usage through the SDK.</summary>
[Migration(2026113001, "marketing tables")]
public sealed class M2026113001_MarketingTables : Migration
{
    public override void Up()
    {
        Create.Table("marketing_annual_plans")
            .WithColumn("id").AsInt32().PrimaryKey().Identity()
            .WithColumn("manager_user_id").AsInt32().NotNullable().ForeignKey("fk_marketing_annual_manager", "users", "id")
            .WithColumn("org_unit_id").AsInt32().NotNullable().ForeignKey("fk_marketing_annual_unit", "org_units", "id")
            .WithColumn("plan_year").AsInt32().NotNullable()
            .WithColumn("other_plans").AsString(2000).Nullable()
            .WithColumn("updated_at").AsDateTime().NotNullable()
            .WithColumn("updated_by").AsInt32().NotNullable();
        Create.Index("ux_marketing_annual_manager_year").OnTable("marketing_annual_plans")
            .OnColumn("manager_user_id").Ascending().OnColumn("plan_year").Ascending().WithOptions().Unique();
        Create.Index("ix_marketing_annual_unit").OnTable("marketing_annual_plans").OnColumn("org_unit_id");

        Create.Table("marketing_annual_targets")
            .WithColumn("plan_id").AsInt32().NotNullable().PrimaryKey().ForeignKey("fk_marketing_targets_plan", "marketing_annual_plans", "id")
            .WithColumn("product_line_id").AsInt32().NotNullable().PrimaryKey()
            .WithColumn("target_fen").AsInt64().NotNullable();

        Create.Table("marketing_monthly_plans")
            .WithColumn("id").AsInt32().PrimaryKey().Identity()
            .WithColumn("manager_user_id").AsInt32().NotNullable().ForeignKey("fk_marketing_monthly_manager", "users", "id")
            .WithColumn("org_unit_id").AsInt32().NotNullable().ForeignKey("fk_marketing_monthly_unit", "org_units", "id")
            .WithColumn("plan_year").AsInt32().NotNullable()
            .WithColumn("plan_month").AsInt32().NotNullable()
            .WithColumn("updated_at").AsDateTime().NotNullable()
            .WithColumn("updated_by").AsInt32().NotNullable();
        Create.Index("ux_marketing_monthly_manager_month").OnTable("marketing_monthly_plans")
            .OnColumn("manager_user_id").Ascending().OnColumn("plan_year").Ascending().OnColumn("plan_month").Ascending().WithOptions().Unique();
        Create.Index("ix_marketing_monthly_unit").OnTable("marketing_monthly_plans").OnColumn("org_unit_id");

        Create.Table("marketing_plan_items")
            .WithColumn("id").AsInt32().PrimaryKey().Identity()
            .WithColumn("plan_id").AsInt32().NotNullable().ForeignKey("fk_marketing_items_plan", "marketing_monthly_plans", "id")
            .WithColumn("manager_user_id").AsInt32().NotNullable()
            .WithColumn("org_unit_id").AsInt32().NotNullable()
            .WithColumn("kind").AsInt32().NotNullable()
            .WithColumn("suggested").AsBoolean().NotNullable()
            .WithColumn("customer_id").AsInt32().Nullable()
            .WithColumn("customer_dept").AsString(100).Nullable()
            .WithColumn("contact").AsString(50).Nullable()
            .WithColumn("planned_date").AsDate().NotNullable()
            .WithColumn("content").AsString(500).Nullable();
        Create.Index("ix_marketing_items_plan").OnTable("marketing_plan_items").OnColumn("plan_id");
        Create.Index("ix_marketing_items_manager_date").OnTable("marketing_plan_items")
            .OnColumn("manager_user_id").Ascending().OnColumn("planned_date").Ascending();

        Create.Table("marketing_daily_logs")
            .WithColumn("id").AsInt32().PrimaryKey().Identity()
            .WithColumn("manager_user_id").AsInt32().NotNullable().ForeignKey("fk_marketing_logs_manager", "users", "id")
            .WithColumn("org_unit_id").AsInt32().NotNullable().ForeignKey("fk_marketing_logs_unit", "org_units", "id")
            .WithColumn("log_date").AsDate().NotNullable()
            .WithColumn("completed_at").AsDateTime().Nullable()
            .WithColumn("updated_at").AsDateTime().NotNullable();
        Create.Index("ux_marketing_logs_manager_date").OnTable("marketing_daily_logs")
            .OnColumn("manager_user_id").Ascending().OnColumn("log_date").Ascending().WithOptions().Unique();
        Create.Index("ix_marketing_logs_date").OnTable("marketing_daily_logs").OnColumn("log_date");

        Create.Table("marketing_log_entries")
            .WithColumn("id").AsInt32().PrimaryKey().Identity()
            .WithColumn("log_id").AsInt32().NotNullable().ForeignKey("fk_marketing_entries_log", "marketing_daily_logs", "id")
            .WithColumn("manager_user_id").AsInt32().NotNullable()
            .WithColumn("org_unit_id").AsInt32().NotNullable()
            .WithColumn("log_date").AsDate().NotNullable()
            .WithColumn("plan_item_id").AsInt32().Nullable().ForeignKey("fk_marketing_entries_item", "marketing_plan_items", "id")
            .WithColumn("kind").AsInt32().NotNullable()
            .WithColumn("customer_id").AsInt32().Nullable()
            .WithColumn("customer_dept").AsString(100).Nullable()
            .WithColumn("contact").AsString(50).Nullable()
            .WithColumn("outcome").AsString(500).Nullable()
            .WithColumn("created_at").AsDateTime().NotNullable();
        Create.Index("ix_marketing_entries_log").OnTable("marketing_log_entries").OnColumn("log_id");
        Create.Index("ix_marketing_entries_item").OnTable("marketing_log_entries").OnColumn("plan_item_id");
    }

    public override void Down()
    {
        Delete.Table("marketing_log_entries");
        Delete.Table("marketing_daily_logs");
        Delete.Table("marketing_plan_items");
        Delete.Table("marketing_monthly_plans");
        Delete.Table("marketing_annual_targets");
        Delete.Table("marketing_annual_plans");
    }
}
