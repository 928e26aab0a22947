using FluentMigrator;

namespace PostalCrm.Sdk.Data.Migrations;

/// <summary>
/// Users by unit (issue 8): the manager lists and pickers of a city or district ("the customer managers of these units")
/// read all 5,000 user rows of a province without it.
/// </summary>
[Migration(2026120190, "users (org_unit_id) index")]
public sealed class M0008_UsersByUnit : Migration
{
    public override void Up() =>
        Create.Index("ix_users_org_unit").OnTable("users").OnColumn("org_unit_id").Ascending().OnColumn("id").Ascending();

    public override void Down() => Delete.Index("ix_users_org_unit").OnTable("users");
}
