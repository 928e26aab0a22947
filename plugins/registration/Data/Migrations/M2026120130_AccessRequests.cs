using FluentMigrator;

namespace PostalCrm.Plugins.Registration.Data.Migrations;

/// <summary>客户资料调取申请 (F-3.8/3.9).</summary>
[Migration(2026120130, "registration access requests")]
public sealed class M2026120130_AccessRequests : Migration
{
    public override void Up()
    {
        Create.Table("registration_access_requests")
            .WithColumn("id").AsInt32().PrimaryKey().Identity()
            .WithColumn("requester_user_id").AsInt32().NotNullable().ForeignKey("fk_reg_access_requester", "users", "id")
            .WithColumn("requester_org_unit_id").AsInt32().NotNullable().ForeignKey("fk_reg_access_requester_org", "org_units", "id")
            .WithColumn("customer_id").AsInt32().NotNullable().ForeignKey("fk_reg_access_customer", "business_customers", "id")
            .WithColumn("requested").AsInt32().NotNullable()
            .WithColumn("granted").AsInt32().NotNullable()
            .WithColumn("reason").AsString(500).NotNullable()
            .WithColumn("status").AsInt32().NotNullable()
            .WithColumn("approver_user_id").AsInt32().Nullable().ForeignKey("fk_reg_access_approver", "users", "id")
            .WithColumn("opinion").AsString(500).Nullable()
            .WithColumn("requested_at").AsDateTime().NotNullable()
            .WithColumn("decided_at").AsDateTime().Nullable();
        Create.Index("ix_reg_access_requester").OnTable("registration_access_requests")
            .OnColumn("requester_user_id").Ascending().OnColumn("customer_id").Ascending();
        Create.Index("ix_reg_access_customer").OnTable("registration_access_requests")
            .OnColumn("customer_id").Ascending().OnColumn("status").Ascending();
    }

    public override void Down() => Delete.Table("registration_access_requests");
}
