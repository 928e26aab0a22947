using FluentMigrator;

namespace PostalCrm.Plugins.Registration.Data.Migrations;

/// <summary>
/// 资料调取审批 (issue 8): the request carries its customer's city, so "requests of customers of my city" is a condition
/// on the request alone — the count and both lists read (status, city) and (city, requested_at) index ranges instead of
/// probing the requests of each of a city's ~10,000 customers. Existing rows take their customer's city.
/// </summary>
[Migration(2026120180, "registration access requests: customer city")]
public sealed class M2026120180_AccessRequestCustomerCity : Migration
{
    public override void Up()
    {
        Alter.Table("registration_access_requests").AddColumn("customer_city_org_id").AsInt32().NotNullable().WithDefaultValue(0);
        Execute.Sql("UPDATE registration_access_requests SET customer_city_org_id = "
                    + "(SELECT c.city_org_id FROM business_customers c WHERE c.id = registration_access_requests.customer_id)");
        Create.Index("ix_reg_access_status_city").OnTable("registration_access_requests")
            .OnColumn("status").Ascending().OnColumn("customer_city_org_id").Ascending()
            .OnColumn("requested_at").Ascending().OnColumn("id").Ascending();
        Create.Index("ix_reg_access_city_requested").OnTable("registration_access_requests")
            .OnColumn("customer_city_org_id").Ascending().OnColumn("requested_at").Ascending().OnColumn("id").Ascending();
    }

    public override void Down()
    {
        Delete.Index("ix_reg_access_city_requested").OnTable("registration_access_requests");
        Delete.Index("ix_reg_access_status_city").OnTable("registration_access_requests");
        Delete.Column("customer_city_org_id").FromTable("registration_access_requests");
    }
}
