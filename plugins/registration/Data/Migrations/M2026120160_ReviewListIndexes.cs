using FluentMigrator;

namespace PostalCrm.Plugins.Registration.Data.Migrations;

/// <summary>
/// A district's 预审 list (issue 8): "status = 申报 and district = its own, oldest first" off one index, instead of every
/// submitted application of the province filtered by district.
/// </summary>
[Migration(2026120160, "registration applications (status, district, submitted_at) index")]
public sealed class M2026120160_ReviewListIndexes : Migration
{
    public override void Up() =>
        Create.Index("ix_reg_app_status_district").OnTable("registration_applications")
            .OnColumn("status").Ascending().OnColumn("district_org_id").Ascending().OnColumn("submitted_at").Ascending();

    public override void Down() => Delete.Index("ix_reg_app_status_district").OnTable("registration_applications");
}
