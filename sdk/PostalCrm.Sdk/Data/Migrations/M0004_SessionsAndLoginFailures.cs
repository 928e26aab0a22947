using FluentMigrator;

namespace PostalCrm.Sdk.Data.Migrations;

/// <summary>
/// Server-side sign-in state, shared by every host node: one row per signed-in browser (logout deletes it, idle and
/// absolute timeouts end it) and the recent failed logins that drive the per-account lockout and per-address throttle.
/// </summary>
[Migration(2026113001, "user sessions and login failures")]
public sealed class M0004_SessionsAndLoginFailures : Migration
{
    public override void Up()
    {
        Create.Table("user_sessions")
            .WithColumn("id").AsString(64).PrimaryKey()
            .WithColumn("user_id").AsInt32().NotNullable().ForeignKey("fk_user_sessions_user", "users", "id")
            .WithColumn("created_at").AsDateTime().NotNullable()
            .WithColumn("last_seen_at").AsDateTime().NotNullable();
        Create.Index("ix_user_sessions_user").OnTable("user_sessions").OnColumn("user_id");
        Create.Index("ix_user_sessions_last_seen").OnTable("user_sessions").OnColumn("last_seen_at");

        Create.Table("login_failures")
            .WithColumn("id").AsInt64().PrimaryKey().Identity()
            .WithColumn("login").AsString(50).NotNullable()
            .WithColumn("address").AsString(64).NotNullable()
            .WithColumn("at").AsDateTime().NotNullable();
        Create.Index("ix_login_failures_login").OnTable("login_failures").OnColumn("login").Ascending().OnColumn("at").Ascending();
        Create.Index("ix_login_failures_address").OnTable("login_failures").OnColumn("address").Ascending().OnColumn("at").Ascending();
        Create.Index("ix_login_failures_at").OnTable("login_failures").OnColumn("at");
    }

    public override void Down()
    {
        Delete.Table("login_failures");
        Delete.Table("user_sessions");
    }
}
