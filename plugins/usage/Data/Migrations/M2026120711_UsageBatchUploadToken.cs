using FluentMigrator;

namespace PostalCrm.Plugins.Usage.Data.Migrations;

/// <summary>
/// F-5.5: each batch names the pending upload it was confirmed from, unique — written in the import's transaction, so a
/// 是(Y) posted again after a crash between the commit and the deletion of the pending file finds the batch instead of
/// creating a second one (older batches: null, which a unique index allows many times on both databases).
/// </summary>
[Migration(2026120711, "usage_batches.upload_token, unique")]
public sealed class M2026120711_UsageBatchUploadToken : Migration
{
    public override void Up()
    {
        Alter.Table("usage_batches").AddColumn("upload_token").AsString(60).Nullable();
        Create.Index("ux_usage_batches_upload_token").OnTable("usage_batches").OnColumn("upload_token").Unique();
    }

    public override void Down()
    {
        Delete.Index("ux_usage_batches_upload_token").OnTable("usage_batches");
        Delete.Column("upload_token").FromTable("usage_batches");
    }
}
