using FluentMigrator;

namespace PostalCrm.Sdk.Data.Migrations;

/// <summary>
/// A manager's approved customers from the index alone (issue 8): a customer manager's scope, their home card and the
/// customer counts of 客户经理信息查询 read (manager, approved, customer) for ~60 relationships per manager; with the index
/// on the manager alone each of them was a table-row read. It replaces that index (its leading column).
/// </summary>
[Migration(2026120290, "business_relationships (manager_user_id, approved, customer_id) index")]
public sealed class M0009_RelationshipsByManager : Migration
{
    public override void Up()
    {
        Create.Index("ix_relationships_manager_customers").OnTable("business_relationships")
            .OnColumn("manager_user_id").Ascending().OnColumn("approved").Ascending().OnColumn("customer_id").Ascending();
        Delete.Index("ix_relationships_manager").OnTable("business_relationships");
    }

    public override void Down()
    {
        Create.Index("ix_relationships_manager").OnTable("business_relationships").OnColumn("manager_user_id").Ascending();
        Delete.Index("ix_relationships_manager_customers").OnTable("business_relationships");
    }
}
