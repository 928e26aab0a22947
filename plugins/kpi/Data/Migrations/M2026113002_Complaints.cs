using FluentMigrator;

namespace PostalCrm.Plugins.Kpi.Data.Migrations;

/// <summary>F-6.5 客户投诉建议.</summary>
[Migration(2026113002, "kpi complaints and suggestions")]
public sealed class M2026113002_Complaints : Migration
{
    public override void Up()
    {
        Create.Table("kpi_complaints")
            .WithColumn("id").AsInt32().PrimaryKey().Identity()
            .WithColumn("customer_id").AsInt32().NotNullable().ForeignKey("fk_kpi_complaints_customer", "business_customers", "id")
            .WithColumn("kind").AsInt32().NotNullable()
            .WithColumn("manager_user_id").AsInt32().NotNullable().ForeignKey("fk_kpi_complaints_manager", "users", "id")
            .WithColumn("org_unit_id").AsInt32().NotNullable().ForeignKey("fk_kpi_complaints_unit", "org_units", "id")
            .WithColumn("content").AsString(1000).NotNullable()
            .WithColumn("handling").AsString(500).Nullable()
            .WithColumn("result").AsString(500).Nullable()
            .WithColumn("created_by").AsInt32().NotNullable().ForeignKey("fk_kpi_complaints_creator", "users", "id")
            .WithColumn("created_at").AsDateTime().NotNullable()
            .WithColumn("deleted").AsBoolean().NotNullable().WithDefaultValue(false)
            .WithColumn("deleted_by").AsInt32().Nullable()
            .WithColumn("deleted_at").AsDateTime().Nullable();
        Create.Index("ix_kpi_complaints_unit").OnTable("kpi_complaints").OnColumn("org_unit_id").Ascending().OnColumn("created_at").Ascending();
        Create.Index("ix_kpi_complaints_manager").OnTable("kpi_complaints").OnColumn("manager_user_id");
    }

    public override void Down() => Delete.Table("kpi_complaints");
}
