using LinqToDB.Mapping;

namespace PostalCrm.Sdk.Organisation;

public enum OrgLevel
{
    Province = 1,
    City = 2,
    District = 3,
}

/// <summary>An administrative area (省/市/区) or one of its departments.</summary>
public enum OrgUnitKind
{
    /// <summary>省、市(州)、区(县) themselves.</summary>
    Area = 0,
    /// <summary>大客户中心 (province, city).</summary>
    KeyAccountCentre = 1,
    /// <summary>专业局 of one product line (city).</summary>
    SpecialistBureau = 2,
    /// <summary>大客户部 (district).</summary>
    KeyAccountDept = 3,
    /// <summary>生产单位 / 支局.</summary>
    Production = 4,
}

[Table("org_units")]
public sealed class OrgUnit
{
    [Column("id"), PrimaryKey, Identity] public int Id { get; set; }
    /// <summary>6-digit unit code for areas (e.g. 420102); number ranges are keyed by it.</summary>
    [Column("code", Length = 20), NotNull] public string Code { get; set; } = "";
    [Column("name", Length = 100), NotNull] public string Name { get; set; } = "";
    [Column("parent_id"), Nullable] public int? ParentId { get; set; }
    [Column("level"), NotNull] public OrgLevel Level { get; set; }
    [Column("kind"), NotNull] public OrgUnitKind Kind { get; set; }
    /// <summary>For a specialist bureau: its product line.</summary>
    [Column("product_line_id"), Nullable] public int? ProductLineId { get; set; }
    /// <summary>Materialised path of ids, "/1/2/5/": "unit and below" is a prefix match.</summary>
    [Column("path", Length = 200), NotNull] public string Path { get; set; } = "";
    [Column("sort"), NotNull] public int Sort { get; set; }
    [Column("active"), NotNull] public bool Active { get; set; } = true;

    public static string KindName(OrgUnitKind kind) => kind switch
    {
        OrgUnitKind.Area => "行政区域",
        OrgUnitKind.KeyAccountCentre => "大客户中心",
        OrgUnitKind.SpecialistBureau => "专业局",
        OrgUnitKind.KeyAccountDept => "大客户部",
        OrgUnitKind.Production => "生产单位",
        _ => kind.ToString(),
    };

    public static string LevelName(OrgLevel level) => level switch
    {
        OrgLevel.Province => "省",
        OrgLevel.City => "市(州)",
        OrgLevel.District => "区(县)",
        _ => level.ToString(),
    };
}
