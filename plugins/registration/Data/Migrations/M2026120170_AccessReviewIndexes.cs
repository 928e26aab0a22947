using FluentMigrator;

namespace PostalCrm.Plugins.Registration.Data.Migrations;

/// <summary>
/// 资料调取审批 (issue 8), both lists newest first ("order by requested_at desc, id desc") read in order off an index and
/// stopped after a page, instead of sorting every request of the area: 待审批 ("status = 待审批") off
/// (status, requested_at, id), 已审批 ("status &lt;&gt; 待审批", two states) off (requested_at, id).
/// </summary>
[Migration(2026120170, "registration access requests: review list indexes")]
public sealed class M2026120170_AccessReviewIndexes : Migration
{
    public override void Up()
    {
        Create.Index("ix_reg_access_status_requested").OnTable("registration_access_requests")
            .OnColumn("status").Ascending().OnColumn("requested_at").Ascending().OnColumn("id").Ascending();
        Create.Index("ix_reg_access_requested").OnTable("registration_access_requests")
            .OnColumn("requested_at").Ascending().OnColumn("id").Ascending();
    }

    public override void Down()
    {
        Delete.Index("ix_reg_access_requested").OnTable("registration_access_requests");
        Delete.Index("ix_reg_access_status_requested").OnTable("registration_access_requests");
    }
}
