using FluentMigrator;

namespace PostalCrm.Plugins.Sharing.Data.Migrations;

/// <summary>The sharing plugin's tables (version table vi_sharing). Files live in the SDK's stored_files.</summary>
[Migration(2026112901, "sharing tables")]
public sealed class M0001_SharingTables : Migration
{
    public override void Up()
    {
        Create.Table("sharing_sme_leads")
            .WithColumn("id").AsInt32().PrimaryKey().Identity()
            .WithColumn("company_name").AsString(100).NotNullable()
            .WithColumn("industry_id").AsInt32().NotNullable().ForeignKey("fk_sharing_leads_industry", "industries", "id")
            .WithColumn("contact_name").AsString(50).NotNullable()
            .WithColumn("contact_phone").AsString(30).NotNullable()
            .WithColumn("address").AsString(200).Nullable()
            .WithColumn("needs").AsString(500).NotNullable()
            .WithColumn("remarks").AsString(500).Nullable()
            .WithColumn("file_id").AsInt32().NotNullable().ForeignKey("fk_sharing_leads_file", "stored_files", "id")
            .WithColumn("share_area_id").AsInt32().NotNullable().ForeignKey("fk_sharing_leads_area", "org_units", "id")
            .WithColumn("org_unit_id").AsInt32().NotNullable().ForeignKey("fk_sharing_leads_unit", "org_units", "id")
            .WithColumn("uploaded_by").AsInt32().NotNullable().ForeignKey("fk_sharing_leads_user", "users", "id")
            .WithColumn("uploaded_at").AsDateTime().NotNullable();
        Create.Index("ix_sharing_leads_area").OnTable("sharing_sme_leads").OnColumn("share_area_id");

        Create.Table("sharing_marketing_cases")
            .WithColumn("id").AsInt32().PrimaryKey().Identity()
            .WithColumn("title").AsString(100).NotNullable()
            .WithColumn("product_line_id").AsInt32().NotNullable().ForeignKey("fk_sharing_cases_pl", "product_lines", "id")
            .WithColumn("summary").AsString(500).Nullable()
            .WithColumn("file_id").AsInt32().NotNullable().ForeignKey("fk_sharing_cases_file", "stored_files", "id")
            .WithColumn("share_area_id").AsInt32().NotNullable().ForeignKey("fk_sharing_cases_area", "org_units", "id")
            .WithColumn("org_unit_id").AsInt32().NotNullable().ForeignKey("fk_sharing_cases_unit", "org_units", "id")
            .WithColumn("uploaded_by").AsInt32().NotNullable().ForeignKey("fk_sharing_cases_user", "users", "id")
            .WithColumn("uploaded_at").AsDateTime().NotNullable();
        Create.Index("ix_sharing_cases_area").OnTable("sharing_marketing_cases").OnColumn("share_area_id");

        Create.Table("sharing_file_transfers")
            .WithColumn("id").AsInt32().PrimaryKey().Identity()
            .WithColumn("title").AsString(100).NotNullable()
            .WithColumn("content").AsString(1000).NotNullable()
            .WithColumn("file_id").AsInt32().NotNullable().ForeignKey("fk_sharing_transfers_file", "stored_files", "id")
            .WithColumn("sender_org_unit_id").AsInt32().NotNullable().ForeignKey("fk_sharing_transfers_unit", "org_units", "id")
            .WithColumn("sent_by").AsInt32().NotNullable().ForeignKey("fk_sharing_transfers_user", "users", "id")
            .WithColumn("sent_at").AsDateTime().NotNullable();
        Create.Index("ix_sharing_transfers_sender").OnTable("sharing_file_transfers").OnColumn("sent_by");

        Create.Table("sharing_file_transfer_recipients")
            .WithColumn("transfer_id").AsInt32().PrimaryKey().ForeignKey("fk_sharing_recipients_transfer", "sharing_file_transfers", "id")
            .WithColumn("org_unit_id").AsInt32().PrimaryKey().ForeignKey("fk_sharing_recipients_unit", "org_units", "id");
        Create.Index("ix_sharing_recipients_unit").OnTable("sharing_file_transfer_recipients").OnColumn("org_unit_id");

        Create.Table("sharing_manuals")
            .WithColumn("id").AsInt32().PrimaryKey().Identity()
            .WithColumn("title").AsString(100).NotNullable()
            .WithColumn("file_id").AsInt32().NotNullable().ForeignKey("fk_sharing_manuals_file", "stored_files", "id")
            .WithColumn("uploaded_by").AsInt32().NotNullable().ForeignKey("fk_sharing_manuals_user", "users", "id")
            .WithColumn("uploaded_at").AsDateTime().NotNullable()
            .WithColumn("deleted").AsBoolean().NotNullable().WithDefaultValue(false)
            .WithColumn("deleted_by").AsInt32().Nullable()
            .WithColumn("deleted_at").AsDateTime().Nullable();
    }

    public override void Down()
    {
        foreach (var t in new[] { "sharing_manuals", "sharing_file_transfer_recipients", "sharing_file_transfers", "sharing_marketing_cases", "sharing_sme_leads" })
            Delete.Table(t);
    }
}
