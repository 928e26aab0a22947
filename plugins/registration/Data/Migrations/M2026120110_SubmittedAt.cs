using FluentMigrator;

namespace PostalCrm.Plugins.Registration.Data.Migrations;

/// <summary>
/// 提交时间 of an application (申报 or the last 重新申请), shown on the review lists instead of the last update.
/// Existing rows take their creation time. Numbered after 2026120100 (which creates the table): migrations of one
/// plugin run in number order, so a lower number would fail on a fresh database.
/// </summary>
[Migration(2026120110, "registration applications submitted_at")]
public sealed class M2026120110_SubmittedAt : Migration
{
    public override void Up()
    {
        Alter.Table("registration_applications")
            .AddColumn("submitted_at").AsDateTime().NotNullable().WithDefault(SystemMethods.CurrentUTCDateTime);
        Execute.Sql("UPDATE registration_applications SET submitted_at = created_at");
    }

    public override void Down() => Delete.Column("submitted_at").FromTable("registration_applications");
}
