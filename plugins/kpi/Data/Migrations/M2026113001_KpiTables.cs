using FluentMigrator;

namespace PostalCrm.Plugins.Kpi.Data.Migrations;

/// <summary>The KPI plugin's tables (version table vi_kpi).</summary>
[Migration(2026113001, "kpi tables")]
public sealed class M2026113001_KpiTables : Migration
{
    public override void Up()
    {
        Create.Table("kpi_focus_indicators")
            .WithColumn("id").AsInt32().PrimaryKey().Identity()
            .WithColumn("customer_id").AsInt32().NotNullable().ForeignKey("fk_kpi_focus_customer", "business_customers", "id")
            .WithColumn("year").AsInt32().NotNullable()
            .WithColumn("indicator_id").AsInt32().NotNullable().ForeignKey("fk_kpi_focus_indicator", "indicators", "id")
            .WithColumn("target").AsDecimal(18, 4).NotNullable()
            .WithColumn("weight").AsDecimal(9, 2).NotNullable()
            .WithColumn("sort").AsInt32().NotNullable()
            .WithColumn("updated_by").AsInt32().NotNullable().ForeignKey("fk_kpi_focus_user", "users", "id")
            .WithColumn("updated_at").AsDateTime().NotNullable();
        Create.Index("ux_kpi_focus").OnTable("kpi_focus_indicators").OnColumn("customer_id").Ascending().OnColumn("year").Ascending()
            .OnColumn("indicator_id").Ascending().WithOptions().Unique();

        Create.Table("kpi_reports")
            .WithColumn("id").AsInt32().PrimaryKey().Identity()
            .WithColumn("customer_id").AsInt32().NotNullable().ForeignKey("fk_kpi_reports_customer", "business_customers", "id")
            .WithColumn("year").AsInt32().NotNullable()
            .WithColumn("month").AsInt32().NotNullable()
            .WithColumn("manager_user_id").AsInt32().NotNullable().ForeignKey("fk_kpi_reports_manager", "users", "id")
            .WithColumn("org_unit_id").AsInt32().NotNullable().ForeignKey("fk_kpi_reports_unit", "org_units", "id")
            .WithColumn("total").AsDecimal(9, 2).NotNullable()
            .WithColumn("saved_at").AsDateTime().NotNullable();
        Create.Index("ux_kpi_reports").OnTable("kpi_reports").OnColumn("customer_id").Ascending().OnColumn("year").Ascending()
            .OnColumn("month").Ascending().WithOptions().Unique();
        Create.Index("ix_kpi_reports_manager").OnTable("kpi_reports").OnColumn("manager_user_id").Ascending().OnColumn("year").Ascending().OnColumn("month").Ascending();

        Create.Table("kpi_report_values")
            .WithColumn("report_id").AsInt32().PrimaryKey().ForeignKey("fk_kpi_values_report", "kpi_reports", "id")
            .WithColumn("indicator_id").AsInt32().PrimaryKey().ForeignKey("fk_kpi_values_indicator", "indicators", "id")
            .WithColumn("actual").AsDecimal(18, 4).NotNullable()
            .WithColumn("score").AsDecimal(9, 2).NotNullable();

        Create.Table("kpi_feedback")
            .WithColumn("id").AsInt32().PrimaryKey().Identity()
            .WithColumn("report_id").AsInt32().NotNullable().Unique("ux_kpi_feedback_report").ForeignKey("fk_kpi_feedback_report", "kpi_reports", "id")
            .WithColumn("customer_id").AsInt32().NotNullable().ForeignKey("fk_kpi_feedback_customer", "business_customers", "id")
            .WithColumn("year").AsInt32().NotNullable()
            .WithColumn("month").AsInt32().NotNullable()
            .WithColumn("total").AsDecimal(9, 2).NotNullable()
            .WithColumn("opinions").AsString(1000).Nullable()
            .WithColumn("signature").AsString(30).NotNullable()
            .WithColumn("phone").AsString(20).NotNullable()
            .WithColumn("updated_by").AsInt32().NotNullable().ForeignKey("fk_kpi_feedback_user", "users", "id")
            .WithColumn("updated_at").AsDateTime().NotNullable();
        Create.Index("ix_kpi_feedback_customer").OnTable("kpi_feedback").OnColumn("customer_id").Ascending().OnColumn("year").Ascending();

        Create.Table("kpi_feedback_scores")
            .WithColumn("feedback_id").AsInt32().PrimaryKey().ForeignKey("fk_kpi_fbscores_feedback", "kpi_feedback", "id")
            .WithColumn("indicator_id").AsInt32().PrimaryKey().ForeignKey("fk_kpi_fbscores_indicator", "indicators", "id")
            .WithColumn("score").AsDecimal(9, 2).NotNullable();

        Create.Table("kpi_solutions")
            .WithColumn("id").AsInt32().PrimaryKey().Identity()
            .WithColumn("feedback_id").AsInt32().NotNullable().Unique("ux_kpi_solutions_feedback").ForeignKey("fk_kpi_solutions_feedback", "kpi_feedback", "id")
            .WithColumn("customer_id").AsInt32().NotNullable().ForeignKey("fk_kpi_solutions_customer", "business_customers", "id")
            .WithColumn("year").AsInt32().NotNullable()
            .WithColumn("month").AsInt32().NotNullable()
            .WithColumn("solution").AsString(2000).NotNullable()
            .WithColumn("supervisor_signature").AsString(30).NotNullable()
            .WithColumn("supervisor_phone").AsString(20).NotNullable()
            .WithColumn("updated_by").AsInt32().NotNullable().ForeignKey("fk_kpi_solutions_user", "users", "id")
            .WithColumn("updated_at").AsDateTime().NotNullable();
    }

    public override void Down()
    {
        foreach (var t in new[] { "kpi_solutions", "kpi_feedback_scores", "kpi_feedback", "kpi_report_values", "kpi_reports", "kpi_focus_indicators" })
            Delete.Table(t);
    }
}
