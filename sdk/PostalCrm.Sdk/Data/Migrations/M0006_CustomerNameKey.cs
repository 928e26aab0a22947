using FluentMigrator;
using PostalCrm.Sdk.Customers;

namespace PostalCrm.Sdk.Data.Migrations;

/// <summary>
/// One customer per name, under any spelling (F-3.1, F-3.3, F-3.10): <c>business_customers.name_key</c>
/// (<see cref="CustomerNames.Key"/>) with a unique index, backfilled for existing rows. The column stays nullable
/// (SQLite cannot add NOT NULL to a filled table); every write sets it (<see cref="BusinessCustomer.NameKey"/>).
/// </summary>
[Migration(2026120151, "business_customers.name_key unique")]
public sealed class M0006_CustomerNameKey : Migration
{
    public override void Up()
    {
        Alter.Table("business_customers").AddColumn("name_key").AsString(CustomerNames.KeyLength).Nullable();
        Execute.WithConnection((c, t) => NameKeyBackfill.Run(c, t, "business_customers", "name", "name_key", uniqueByRow: true));
        Create.Index("ux_business_customers_name_key").OnTable("business_customers").OnColumn("name_key").Ascending().WithOptions().Unique();
    }

    public override void Down()
    {
        Delete.Index("ux_business_customers_name_key").OnTable("business_customers");
        Delete.Column("name_key").FromTable("business_customers");
    }
}
