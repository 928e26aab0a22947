using FluentMigrator;

namespace PostalCrm.Plugins.Usage.Data.Migrations;

/// <summary>
/// What 营销管理 and KPI read (<c>IUsageFigures</c>: the managers of a city or district over a period) answered from one
/// index: seek per manager, range on the date, and the grouped columns and totals in the index itself (no table rows
/// read). Without it a city's year scanned the whole year of the province on the primary key (date first).
/// </summary>
[Migration(2026120301, "usage_daily covering index by manager and date")]
public sealed class M2026120301_UsageDailyManagerIndex : Migration
{
    public override void Up() =>
        Create.Index("ix_usage_daily_manager_date").OnTable("usage_daily")
            .OnColumn("manager_user_id").Ascending().OnColumn("usage_date").Ascending().OnColumn("product_line_id").Ascending()
            .OnColumn("customer_id").Ascending().OnColumn("actual_fen").Ascending().OnColumn("record_count").Ascending();

    public override void Down() => Delete.Index("ix_usage_daily_manager_date").OnTable("usage_daily");
}
