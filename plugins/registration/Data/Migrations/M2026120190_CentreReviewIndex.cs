using FluentMigrator;

namespace PostalCrm.Plugins.Registration.Data.Migrations;

/// <summary>
/// A city centre's 初审 / 终审 lists (issue 8): "status at the stage and city in the centre's area", counted and paged off
/// one index (status, city, submitted_at, id) instead of every application of the province at that status.
/// </summary>
[Migration(2026120190, "registration applications (status, city, submitted_at, id) index")]
public sealed class M2026120190_CentreReviewIndex : Migration
{
    public override void Up() =>
        Create.Index("ix_reg_app_status_city").OnTable("registration_applications")
            .OnColumn("status").Ascending().OnColumn("city_org_id").Ascending()
            .OnColumn("submitted_at").Ascending().OnColumn("id").Ascending();

    public override void Down() => Delete.Index("ix_reg_app_status_city").OnTable("registration_applications");
}
