using FluentMigrator;

namespace PostalCrm.Plugins.Registration.Data.Migrations;

/// <summary>
/// Applications, their product lines and their review history. Feature migrations of this plugin are numbered
/// 20261201NN (NN: 00 this one, 10–19 applications/e-branch, 20–29 review, 30–39 customer access, 40–49 import).
/// </summary>
[Migration(2026120100, "registration applications")]
public sealed class M2026120100_Applications : Migration
{
    public override void Up()
    {
        Create.Table("registration_applications")
            .WithColumn("id").AsInt32().PrimaryKey().Identity()
            .WithColumn("source").AsInt32().NotNullable()
            .WithColumn("status").AsInt32().NotNullable()
            .WithColumn("rejected_stage").AsInt32().Nullable()
            .WithColumn("round").AsInt32().NotNullable()
            .WithColumn("applicant_user_id").AsInt32().NotNullable().ForeignKey("fk_reg_app_applicant", "users", "id")
            .WithColumn("applicant_org_unit_id").AsInt32().NotNullable().ForeignKey("fk_reg_app_applicant_org", "org_units", "id")
            .WithColumn("city_org_id").AsInt32().NotNullable().ForeignKey("fk_reg_app_city", "org_units", "id")
            .WithColumn("district_org_id").AsInt32().NotNullable().ForeignKey("fk_reg_app_district", "org_units", "id")
            .WithColumn("existing_customer_id").AsInt32().Nullable().ForeignKey("fk_reg_app_customer", "business_customers", "id")
            .WithColumn("customer_name").AsString(200).NotNullable()
            .WithColumn("customer_short_name").AsString(100).NotNullable()
            .WithColumn("industry_id").AsInt32().Nullable().ForeignKey("fk_reg_app_industry", "industries", "id")
            .WithColumn("level_id").AsInt32().Nullable().ForeignKey("fk_reg_app_level", "customer_levels", "id")
            .WithColumn("is_headquarters").AsBoolean().NotNullable()
            .WithColumn("address").AsString(300).Nullable()
            .WithColumn("postcode").AsString(10).Nullable()
            .WithColumn("phone").AsString(30).Nullable()
            .WithColumn("legal_person").AsString(50).Nullable()
            .WithColumn("remarks").AsString(500).Nullable()
            .WithColumn("postal_org_unit_id").AsInt32().NotNullable().ForeignKey("fk_reg_app_postal_org", "org_units", "id")
            .WithColumn("manager_user_id").AsInt32().NotNullable().ForeignKey("fk_reg_app_manager", "users", "id")
            .WithColumn("existing_key_account_id").AsInt32().Nullable().ForeignKey("fk_reg_app_key_account", "key_accounts", "id")
            .WithColumn("new_key_account_name").AsString(200).Nullable()
            .WithColumn("existing_contact_id").AsInt32().Nullable().ForeignKey("fk_reg_app_contact", "contacts", "id")
            .WithColumn("contact_name").AsString(50).Nullable()
            .WithColumn("contact_department").AsString(100).Nullable()
            .WithColumn("contact_title").AsString(50).Nullable()
            .WithColumn("contact_phone").AsString(30).Nullable()
            .WithColumn("contact_mobile").AsString(30).Nullable()
            .WithColumn("contact_email").AsString(100).Nullable()
            .WithColumn("result_customer_id").AsInt32().Nullable().ForeignKey("fk_reg_app_result_customer", "business_customers", "id")
            .WithColumn("result_key_account_id").AsInt32().Nullable().ForeignKey("fk_reg_app_result_ka", "key_accounts", "id")
            .WithColumn("key_account_no").AsString(20).Nullable()
            .WithColumn("external_ref").AsString(64).Nullable()
            .WithColumn("created_at").AsDateTime().NotNullable()
            .WithColumn("updated_at").AsDateTime().NotNullable();
        Create.Index("ix_reg_app_applicant").OnTable("registration_applications").OnColumn("applicant_user_id");
        Create.Index("ix_reg_app_status").OnTable("registration_applications").OnColumn("status").Ascending().OnColumn("city_org_id").Ascending();
        Create.Index("ux_reg_app_external").OnTable("registration_applications").OnColumn("source").Ascending().OnColumn("external_ref").Ascending().WithOptions().Unique();

        Create.Table("registration_application_lines")
            .WithColumn("id").AsInt32().PrimaryKey().Identity()
            .WithColumn("application_id").AsInt32().NotNullable().ForeignKey("fk_reg_line_app", "registration_applications", "id")
            .WithColumn("product_line_id").AsInt32().NotNullable().ForeignKey("fk_reg_line_pl", "product_lines", "id")
            .WithColumn("business_type_id").AsInt32().NotNullable().ForeignKey("fk_reg_line_bt", "business_types", "id");
        Create.Index("ix_reg_line_app").OnTable("registration_application_lines").OnColumn("application_id");

        Create.Table("registration_reviews")
            .WithColumn("id").AsInt32().PrimaryKey().Identity()
            .WithColumn("application_id").AsInt32().NotNullable().ForeignKey("fk_reg_review_app", "registration_applications", "id")
            .WithColumn("round").AsInt32().NotNullable()
            .WithColumn("stage").AsInt32().NotNullable()
            .WithColumn("approved").AsBoolean().NotNullable()
            .WithColumn("opinion").AsString(500).NotNullable()
            .WithColumn("reviewer_user_id").AsInt32().NotNullable().ForeignKey("fk_reg_review_user", "users", "id")
            .WithColumn("reviewer_org_unit_id").AsInt32().NotNullable().ForeignKey("fk_reg_review_org", "org_units", "id")
            .WithColumn("reviewed_at").AsDateTime().NotNullable();
        Create.Index("ix_reg_review_app").OnTable("registration_reviews").OnColumn("application_id");
    }

    public override void Down()
    {
        Delete.Table("registration_reviews");
        Delete.Table("registration_application_lines");
        Delete.Table("registration_applications");
    }
}
