using FluentMigrator;

namespace PostalCrm.Sdk.Data.Migrations;

/// <summary>The SDK's schema: organisation, users and permissions, reference data, customer master data, numbers, files, audit.</summary>
[Migration(2026112801, "platform schema")]
public sealed class M0001_Platform : Migration
{
    public override void Up()
    {
        Create.Table("org_units")
            .WithColumn("id").AsInt32().PrimaryKey().Identity()
            .WithColumn("code").AsString(20).NotNullable()
            .WithColumn("name").AsString(100).NotNullable()
            .WithColumn("parent_id").AsInt32().Nullable()
            .WithColumn("level").AsInt32().NotNullable()
            .WithColumn("kind").AsInt32().NotNullable()
            .WithColumn("product_line_id").AsInt32().Nullable()
            .WithColumn("path").AsString(200).NotNullable()
            .WithColumn("sort").AsInt32().NotNullable().WithDefaultValue(0)
            .WithColumn("active").AsBoolean().NotNullable().WithDefaultValue(true);
        Create.Index("ix_org_units_path").OnTable("org_units").OnColumn("path");

        Create.Table("users")
            .WithColumn("id").AsInt32().PrimaryKey().Identity()
            .WithColumn("login").AsString(50).NotNullable().Unique("ux_users_login")
            .WithColumn("display_name").AsString(50).NotNullable()
            .WithColumn("employee_no").AsString(30).Nullable()
            .WithColumn("org_unit_id").AsInt32().NotNullable().ForeignKey("fk_users_org", "org_units", "id")
            .WithColumn("phone").AsString(30).Nullable()
            .WithColumn("password_hash").AsString(200).NotNullable()
            .WithColumn("must_change_password").AsBoolean().NotNullable()
            .WithColumn("failed_logins").AsInt32().NotNullable().WithDefaultValue(0)
            .WithColumn("lockout_until").AsDateTime().Nullable()
            .WithColumn("disabled").AsBoolean().NotNullable().WithDefaultValue(false)
            .WithColumn("security_stamp").AsString(40).NotNullable()
            .WithColumn("created_at").AsDateTime().NotNullable();

        Create.Table("roles")
            .WithColumn("code").AsString(40).PrimaryKey()
            .WithColumn("name").AsString(50).NotNullable()
            .WithColumn("builtin").AsBoolean().NotNullable();
        Create.Table("user_roles")
            .WithColumn("user_id").AsInt32().PrimaryKey().ForeignKey("fk_user_roles_user", "users", "id")
            .WithColumn("role_code").AsString(40).PrimaryKey().ForeignKey("fk_user_roles_role", "roles", "code");
        Create.Table("role_permissions")
            .WithColumn("role_code").AsString(40).PrimaryKey().ForeignKey("fk_role_permissions_role", "roles", "code")
            .WithColumn("permission").AsString(100).PrimaryKey();
        Create.Table("known_permissions")
            .WithColumn("name").AsString(100).PrimaryKey()
            .WithColumn("display_name").AsString(100).NotNullable()
            .WithColumn("source").AsString(40).NotNullable();

        Create.Table("product_lines")
            .WithColumn("id").AsInt32().PrimaryKey().Identity()
            .WithColumn("name").AsString(50).NotNullable().Unique("ux_product_lines_name")
            .WithColumn("sort").AsInt32().NotNullable()
            .WithColumn("active").AsBoolean().NotNullable();
        Create.Table("business_types")
            .WithColumn("id").AsInt32().PrimaryKey().Identity()
            .WithColumn("product_line_id").AsInt32().NotNullable().ForeignKey("fk_business_types_pl", "product_lines", "id")
            .WithColumn("name").AsString(50).NotNullable()
            .WithColumn("active").AsBoolean().NotNullable();
        Create.Index("ux_business_types_name").OnTable("business_types").OnColumn("product_line_id").Ascending().OnColumn("name").Ascending().WithOptions().Unique();
        Create.Table("customer_levels")
            .WithColumn("id").AsInt32().PrimaryKey().Identity()
            .WithColumn("name").AsString(30).NotNullable().Unique("ux_customer_levels_name")
            .WithColumn("sort").AsInt32().NotNullable();
        Create.Table("industries")
            .WithColumn("id").AsInt32().PrimaryKey().Identity()
            .WithColumn("name").AsString(50).NotNullable().Unique("ux_industries_name")
            .WithColumn("sort").AsInt32().NotNullable();
        Create.Table("indicators")
            .WithColumn("id").AsInt32().PrimaryKey().Identity()
            .WithColumn("name").AsString(50).NotNullable().Unique("ux_indicators_name")
            .WithColumn("unit").AsString(20).Nullable()
            .WithColumn("description").AsString(200).Nullable()
            .WithColumn("active").AsBoolean().NotNullable();

        Create.Table("business_customers")
            .WithColumn("id").AsInt32().PrimaryKey().Identity()
            .WithColumn("code").AsString(30).NotNullable().Unique("ux_business_customers_code")
            .WithColumn("name").AsString(200).NotNullable()
            .WithColumn("short_name").AsString(100).NotNullable()
            .WithColumn("industry_id").AsInt32().Nullable().ForeignKey("fk_customers_industry", "industries", "id")
            .WithColumn("level_id").AsInt32().Nullable().ForeignKey("fk_customers_level", "customer_levels", "id")
            .WithColumn("is_headquarters").AsBoolean().NotNullable()
            .WithColumn("city_org_id").AsInt32().NotNullable().ForeignKey("fk_customers_city", "org_units", "id")
            .WithColumn("district_org_id").AsInt32().NotNullable().ForeignKey("fk_customers_district", "org_units", "id")
            .WithColumn("address").AsString(300).Nullable()
            .WithColumn("postcode").AsString(10).Nullable()
            .WithColumn("phone").AsString(30).Nullable()
            .WithColumn("legal_person").AsString(50).Nullable()
            .WithColumn("remarks").AsString(500).Nullable()
            .WithColumn("developed").AsBoolean().NotNullable()
            .WithColumn("created_at").AsDateTime().NotNullable()
            .WithColumn("created_by").AsInt32().NotNullable();
        Create.Index("ix_business_customers_name").OnTable("business_customers").OnColumn("name");
        Create.Index("ix_business_customers_district").OnTable("business_customers").OnColumn("district_org_id");

        Create.Table("key_accounts")
            .WithColumn("id").AsInt32().PrimaryKey().Identity()
            .WithColumn("customer_id").AsInt32().NotNullable().ForeignKey("fk_key_accounts_customer", "business_customers", "id")
            .WithColumn("name").AsString(200).NotNullable()
            .WithColumn("number").AsString(20).Nullable().Unique("ux_key_accounts_number")
            .WithColumn("org_unit_id").AsInt32().NotNullable().ForeignKey("fk_key_accounts_org", "org_units", "id")
            .WithColumn("created_at").AsDateTime().NotNullable();
        Create.Index("ix_key_accounts_customer").OnTable("key_accounts").OnColumn("customer_id");

        Create.Table("business_relationships")
            .WithColumn("id").AsInt32().PrimaryKey().Identity()
            .WithColumn("customer_id").AsInt32().NotNullable().ForeignKey("fk_relationships_customer", "business_customers", "id")
            .WithColumn("key_account_id").AsInt32().Nullable().ForeignKey("fk_relationships_key_account", "key_accounts", "id")
            .WithColumn("org_unit_id").AsInt32().NotNullable().ForeignKey("fk_relationships_org", "org_units", "id")
            .WithColumn("manager_user_id").AsInt32().NotNullable().ForeignKey("fk_relationships_manager", "users", "id")
            .WithColumn("product_line_id").AsInt32().NotNullable().ForeignKey("fk_relationships_pl", "product_lines", "id")
            .WithColumn("business_type_id").AsInt32().Nullable().ForeignKey("fk_relationships_bt", "business_types", "id")
            .WithColumn("approved").AsBoolean().NotNullable()
            .WithColumn("created_at").AsDateTime().NotNullable();
        Create.Index("ix_relationships_customer").OnTable("business_relationships").OnColumn("customer_id");
        Create.Index("ix_relationships_manager").OnTable("business_relationships").OnColumn("manager_user_id");

        Create.Table("contacts")
            .WithColumn("id").AsInt32().PrimaryKey().Identity()
            .WithColumn("customer_id").AsInt32().NotNullable().ForeignKey("fk_contacts_customer", "business_customers", "id")
            .WithColumn("name").AsString(50).NotNullable()
            .WithColumn("department").AsString(100).Nullable()
            .WithColumn("title").AsString(50).Nullable()
            .WithColumn("phone").AsString(30).Nullable()
            .WithColumn("mobile").AsString(30).Nullable()
            .WithColumn("email").AsString(100).Nullable()
            .WithColumn("deleted").AsBoolean().NotNullable();
        Create.Index("ix_contacts_customer").OnTable("contacts").OnColumn("customer_id");

        Create.Table("visit_frequencies")
            .WithColumn("id").AsInt32().PrimaryKey().Identity()
            .WithColumn("customer_id").AsInt32().NotNullable().ForeignKey("fk_visit_freq_customer", "business_customers", "id")
            .WithColumn("org_unit_id").AsInt32().NotNullable().ForeignKey("fk_visit_freq_org", "org_units", "id")
            .WithColumn("visits_per_month").AsInt32().NotNullable()
            .WithColumn("updated_at").AsDateTime().NotNullable()
            .WithColumn("updated_by").AsInt32().NotNullable();
        Create.Index("ux_visit_frequencies").OnTable("visit_frequencies").OnColumn("customer_id").Ascending().OnColumn("org_unit_id").Ascending().WithOptions().Unique();

        Create.Table("number_ranges")
            .WithColumn("id").AsInt32().PrimaryKey().Identity()
            .WithColumn("org_unit_id").AsInt32().NotNullable().ForeignKey("fk_number_ranges_org", "org_units", "id")
            .WithColumn("unit_code").AsString(6).NotNullable()
            .WithColumn("start_serial").AsInt64().NotNullable()
            .WithColumn("end_serial").AsInt64().NotNullable()
            .WithColumn("next_serial").AsInt64().NotNullable()
            .WithColumn("created_at").AsDateTime().NotNullable();

        Create.Table("audit_log")
            .WithColumn("id").AsInt64().PrimaryKey().Identity()
            .WithColumn("at").AsDateTime().NotNullable()
            .WithColumn("user_id").AsInt32().Nullable()
            .WithColumn("user_login").AsString(50).Nullable()
            .WithColumn("entity").AsString(60).NotNullable()
            .WithColumn("entity_id").AsString(40).NotNullable()
            .WithColumn("action").AsString(30).NotNullable()
            .WithColumn("before_json").AsString(int.MaxValue).Nullable()
            .WithColumn("after_json").AsString(int.MaxValue).Nullable();
        Create.Index("ix_audit_entity").OnTable("audit_log").OnColumn("entity").Ascending().OnColumn("entity_id").Ascending();

        Create.Table("stored_files")
            .WithColumn("id").AsInt32().PrimaryKey().Identity()
            .WithColumn("original_name").AsString(260).NotNullable()
            .WithColumn("stored_name").AsString(64).NotNullable()
            .WithColumn("content_type").AsString(100).NotNullable()
            .WithColumn("size").AsInt64().NotNullable()
            .WithColumn("sha256").AsString(64).NotNullable()
            .WithColumn("uploaded_by").AsInt32().NotNullable()
            .WithColumn("uploaded_at").AsDateTime().NotNullable();
    }

    public override void Down()
    {
        foreach (var t in new[] { "stored_files", "audit_log", "number_ranges", "visit_frequencies", "contacts", "business_relationships",
                     "key_accounts", "business_customers", "indicators", "industries", "customer_levels", "business_types", "product_lines",
                     "known_permissions", "role_permissions", "user_roles", "roles", "users", "org_units" })
            Delete.Table(t);
    }
}
