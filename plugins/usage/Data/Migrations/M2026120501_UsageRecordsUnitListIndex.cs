using FluentMigrator;

namespace PostalCrm.Plugins.Usage.Data.Migrations;

/// <summary>
/// F-5.7 明细查询 of an org role (issue 8): its units' records of a period, newest first, read from one index — seek per
/// unit, range on the date, in the page's order (date, id), with the filtered columns (业务类型, 录入方式, customer) and the
/// amount in the index itself, so the bounded count and the total read no table rows. Replaces the (unit, date) index,
/// which is its prefix.
/// </summary>
[Migration(2026120501, "usage_records covering index by unit, date and id")]
public sealed class M2026120501_UsageRecordsUnitListIndex : Migration
{
    public override void Up()
    {
        Create.Index("ix_usage_records_unit_list").OnTable("usage_records")
            .OnColumn("org_unit_id").Ascending().OnColumn("usage_date").Ascending().OnColumn("id").Ascending()
            .OnColumn("business_type_id").Ascending().OnColumn("source").Ascending().OnColumn("customer_id").Ascending()
            .OnColumn("actual_fen").Ascending();
        Delete.Index("ix_usage_records_unit_date").OnTable("usage_records");
    }

    public override void Down()
    {
        Create.Index("ix_usage_records_unit_date").OnTable("usage_records").OnColumn("org_unit_id").Ascending().OnColumn("usage_date").Ascending();
        Delete.Index("ix_usage_records_unit_list").OnTable("usage_records");
    }
}
