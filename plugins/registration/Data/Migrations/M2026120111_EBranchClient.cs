using FluentMigrator;

namespace PostalCrm.Plugins.Registration.Data.Migrations;

/// <summary>
/// F-3.11: which configured API client submitted an e-branch application; a client reads back only its own.
/// Rows from before have no client and are no longer readable through the API (their submitter is unknown).
/// </summary>
[Migration(2026120111, "registration applications ebranch_client")]
public sealed class M2026120111_EBranchClient : Migration
{
    public override void Up() =>
        Alter.Table("registration_applications").AddColumn("ebranch_client").AsString(100).Nullable();

    public override void Down() => Delete.Column("ebranch_client").FromTable("registration_applications");
}
