using FluentMigrator;

namespace PostalCrm.Plugins.Usage.Data.Migrations;

/// <summary>Import jobs kept in the database (F-5.5): a restart no longer loses the job page; running jobs become interrupted.</summary>
[Migration(2026120401, "usage import jobs")]
public sealed class M2026120401_UsageImportJobs : Migration
{
    public override void Up()
    {
        Create.Table("usage_import_jobs")
            .WithColumn("id").AsString(36).NotNullable().PrimaryKey("pk_usage_import_jobs")
            .WithColumn("kind").AsInt32().NotNullable()
            .WithColumn("state").AsInt32().NotNullable()
            .WithColumn("phase").AsInt32().NotNullable()
            .WithColumn("total_rows").AsInt32().NotNullable()
            .WithColumn("read_rows").AsInt32().NotNullable()
            .WithColumn("checked_rows").AsInt32().NotNullable()
            .WithColumn("written_rows").AsInt32().NotNullable()
            .WithColumn("token").AsString(60).NotNullable()
            .WithColumn("file_name").AsString(200).NotNullable()
            .WithColumn("owner_user_id").AsInt32().NotNullable().ForeignKey("fk_usage_import_jobs_user", "users", "id")
            .WithColumn("client_ip").AsString(45).Nullable()
            .WithColumn("host").AsString(100).NotNullable()
            .WithColumn("created_at").AsDateTime().NotNullable()
            .WithColumn("finished_at").AsDateTime().Nullable()
            .WithColumn("result_json").AsString(int.MaxValue).Nullable()
            .WithColumn("error").AsString(500).Nullable()
            .WithColumn("batch_id").AsInt32().Nullable();
        // The start-up recovery looks for running jobs; the clean-up for old ones.
        Create.Index("ix_usage_import_jobs_state").OnTable("usage_import_jobs").OnColumn("state").Ascending().OnColumn("host").Ascending();
        Create.Index("ix_usage_import_jobs_created").OnTable("usage_import_jobs").OnColumn("created_at");
    }

    public override void Down() => Delete.Table("usage_import_jobs");
}
