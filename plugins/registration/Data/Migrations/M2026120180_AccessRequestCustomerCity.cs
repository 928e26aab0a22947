using FluentMigrator;

namespace PostalCrm.Plugins.Registration.Data.Migrations;

/// <summary>
/// 资料调取审批 (issue 8): the request carries its customer's city, so "requests of customers of my city" is a condition
/// on the request alone, answered from indexes instead of probing the requests of each of a city's ~10,000 customers:
/// the count and 已审批 off (city, status, requested_at, id); 待审批 newest first off (status, requested_at, id) with the
/// city in the index (it replaces M2026120170's (status, requested_at, id), so the city is checked without reading rows).
/// Existing rows take their customer's city.
/// </summary>
[Migration(2026120180, "registration access requests: customer city")]
public sealed class M2026120180_AccessRequestCustomerCity : Migration
{
    private const string Table = "registration_access_requests";

    public override void Up()
    {
        Alter.Table(Table).AddColumn("customer_city_org_id").AsInt32().NotNullable().WithDefaultValue(0);
        Execute.Sql($"UPDATE {Table} SET customer_city_org_id = (SELECT c.city_org_id FROM business_customers c WHERE c.id = {Table}.customer_id)");
        Delete.Index("ix_reg_access_status_requested").OnTable(Table);
        Create.Index("ix_reg_access_status_requested_city").OnTable(Table)
            .OnColumn("status").Ascending().OnColumn("requested_at").Ascending().OnColumn("id").Ascending()
            .OnColumn("customer_city_org_id").Ascending();
        Create.Index("ix_reg_access_city_status").OnTable(Table)
            .OnColumn("customer_city_org_id").Ascending().OnColumn("status").Ascending()
            .OnColumn("requested_at").Ascending().OnColumn("id").Ascending();
    }

    public override void Down()
    {
        Delete.Index("ix_reg_access_city_status").OnTable(Table);
        Delete.Index("ix_reg_access_status_requested_city").OnTable(Table);
        Create.Index("ix_reg_access_status_requested").OnTable(Table)
            .OnColumn("status").Ascending().OnColumn("requested_at").Ascending().OnColumn("id").Ascending();
        Delete.Column("customer_city_org_id").FromTable(Table);
    }
}
