using FluentMigrator;

namespace PostalCrm.Plugins.Kpi.Data.Migrations;

/// <summary>F-6.2 批量打印 jobs, persisted so a restart neither loses a finished PDF nor leaves a job running forever.</summary>
[Migration(2026113003, "kpi batch print jobs")]
public sealed class M2026113003_BatchJobs : Migration
{
    public override void Up()
    {
        Create.Table("kpi_batch_jobs")
            .WithColumn("id").AsInt32().PrimaryKey().Identity()
            .WithColumn("owner_user_id").AsInt32().NotNullable().ForeignKey("fk_kpi_batch_owner", "users", "id")
            .WithColumn("year").AsInt32().NotNullable()
            .WithColumn("month").AsInt32().NotNullable()
            .WithColumn("total").AsInt32().NotNullable()
            .WithColumn("done").AsInt32().NotNullable()
            .WithColumn("state").AsInt32().NotNullable()
            .WithColumn("error").AsString(500).Nullable()
            .WithColumn("file_id").AsInt32().Nullable().ForeignKey("fk_kpi_batch_file", "stored_files", "id")
            .WithColumn("file_name").AsString(200).NotNullable()
            .WithColumn("node").AsString(100).NotNullable()
            .WithColumn("created_at").AsDateTime().NotNullable()
            .WithColumn("updated_at").AsDateTime().NotNullable()
            .WithColumn("finished_at").AsDateTime().Nullable();
        Create.Index("ix_kpi_batch_owner").OnTable("kpi_batch_jobs").OnColumn("owner_user_id").Ascending().OnColumn("id").Descending();
        Create.Index("ix_kpi_batch_state").OnTable("kpi_batch_jobs").OnColumn("state");
    }

    public override void Down() => Delete.Table("kpi_batch_jobs");
}
