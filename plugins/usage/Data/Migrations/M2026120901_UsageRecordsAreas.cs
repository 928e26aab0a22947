using FluentMigrator;

namespace PostalCrm.Plugins.Usage.Data.Migrations;

/// <summary>
/// F-5.7 明细查询 of a city or district (issue 9): the record's city and district area, denormalised from its unit, and an
/// index per area level in the page's order (date, id) with the scope's unit and the filtered columns and the amount, so
/// the area's page is one index range read newest first (no sort of the period) and the bounded count and total read no
/// table row. Existing rows are filled from the org tree (through a small unit → area table, dropped again).
/// </summary>
[Migration(2026120901, "usage_records city and district areas")]
public sealed class M2026120901_UsageRecordsAreas : Migration
{
    public override void Up()
    {
        Alter.Table("usage_records").AddColumn("city_org_id").AsInt32().NotNullable().WithDefaultValue(0);
        Alter.Table("usage_records").AddColumn("district_org_id").AsInt32().NotNullable().WithDefaultValue(0);

        Create.Table("usage_unit_areas_tmp")
            .WithColumn("unit_id").AsInt32().PrimaryKey()
            .WithColumn("city_id").AsInt32().NotNullable()
            .WithColumn("district_id").AsInt32().NotNullable();
        // A unit's city (district) is the 市 (区) area whose path is a prefix of the unit's path; 0 when there is none.
        Execute.Sql("""
            INSERT INTO usage_unit_areas_tmp (unit_id, city_id, district_id)
            SELECT u.id,
                   COALESCE((SELECT a.id FROM org_units a WHERE a.kind = 0 AND a.level = 2 AND u.path LIKE a.path || '%'), 0),
                   COALESCE((SELECT a.id FROM org_units a WHERE a.kind = 0 AND a.level = 3 AND u.path LIKE a.path || '%'), 0)
            FROM org_units u
            """);
        // UPDATE … FROM (PostgreSQL, SQLite ≥ 3.33): one join over the records instead of a sub-query per row. Over tens
        // of millions of rows this and the indexes take minutes: no command timeout (the runner's default is 30 s).
        Long("""
            UPDATE usage_records SET city_org_id = m.city_id, district_org_id = m.district_id
            FROM usage_unit_areas_tmp m WHERE m.unit_id = usage_records.org_unit_id
            """);
        Delete.Table("usage_unit_areas_tmp");
        foreach (var (name, column) in new[] { ("ix_usage_records_city_list", "city_org_id"), ("ix_usage_records_district_list", "district_org_id") })
        {
            Long($"CREATE INDEX {name} ON usage_records ({column}, usage_date, id, org_unit_id, business_type_id, source, customer_id, actual_fen)");
        }
        // PostgreSQL plans with column statistics: the new columns need theirs before the first list request.
        IfDatabase("Postgres").Execute.Sql("ANALYZE usage_records");
    }

    private void Long(string sql) => Execute.WithConnection((connection, transaction) =>
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandTimeout = 0;
        command.CommandText = sql;
        command.ExecuteNonQuery();
    });

    public override void Down()
    {
        Delete.Index("ix_usage_records_district_list").OnTable("usage_records");
        Delete.Index("ix_usage_records_city_list").OnTable("usage_records");
        Delete.Column("district_org_id").FromTable("usage_records");
        Delete.Column("city_org_id").FromTable("usage_records");
    }
}
