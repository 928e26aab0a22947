using FluentMigrator;
using PostalCrm.Sdk.Customers;

namespace PostalCrm.Plugins.Registration.Data.Migrations;

/// <summary>
/// <c>registration_applications.customer_name_key</c> (<see cref="CustomerNames.Key"/>), backfilled and indexed: 申报
/// refuses a new customer whose name a pending application already carries, under any spelling (F-3.1).
/// Not unique: rejected and approved applications keep their names.
/// </summary>
[Migration(2026120140, "registration applications customer_name_key")]
public sealed class M2026120140_CustomerNameKey : Migration
{
    public override void Up()
    {
        Alter.Table("registration_applications").AddColumn("customer_name_key").AsString(CustomerNames.KeyLength).Nullable();
        Execute.WithConnection((c, t) => NameKeyBackfill.Run(c, t, "registration_applications", "customer_name", "customer_name_key", uniqueByRow: false));
        Create.Index("ix_registration_applications_name_key").OnTable("registration_applications")
            .OnColumn("customer_name_key").Ascending().OnColumn("status").Ascending();
    }

    public override void Down()
    {
        Delete.Index("ix_registration_applications_name_key").OnTable("registration_applications");
        Delete.Column("customer_name_key").FromTable("registration_applications");
    }
}
