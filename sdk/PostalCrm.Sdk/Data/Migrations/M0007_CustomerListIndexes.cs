using FluentMigrator;

namespace PostalCrm.Sdk.Data.Migrations;

/// <summary>
/// Customer list pages of a city or district (issue 8): "where city (district) = area order by name, id" read a page off
/// one index instead of sorting the area's customers per request. The (district, name, id) index also serves every
/// lookup the old district index did, so that one goes.
/// </summary>
[Migration(2026120160, "business_customers (city|district, name, id) indexes")]
public sealed class M0007_CustomerListIndexes : Migration
{
    public override void Up()
    {
        Create.Index("ix_business_customers_city_name").OnTable("business_customers")
            .OnColumn("city_org_id").Ascending().OnColumn("name").Ascending().OnColumn("id").Ascending();
        Create.Index("ix_business_customers_district_name").OnTable("business_customers")
            .OnColumn("district_org_id").Ascending().OnColumn("name").Ascending().OnColumn("id").Ascending();
        Delete.Index("ix_business_customers_district").OnTable("business_customers");
    }

    public override void Down()
    {
        Create.Index("ix_business_customers_district").OnTable("business_customers").OnColumn("district_org_id");
        Delete.Index("ix_business_customers_district_name").OnTable("business_customers");
        Delete.Index("ix_business_customers_city_name").OnTable("business_customers");
    }
}
