using LinqToDB.Mapping;

namespace PostalCrm.Sdk.Reference;

/// <summary>专业: the ten product lines of SPEC §1 (administrator-maintained).</summary>
[Table("product_lines")]
public sealed class ProductLine
{
    [Column("id"), PrimaryKey, Identity] public int Id { get; set; }
    [Column("name", Length = 50), NotNull] public string Name { get; set; } = "";
    [Column("sort"), NotNull] public int Sort { get; set; }
    [Column("active"), NotNull] public bool Active { get; set; } = true;
}

/// <summary>业务类型, under one product line (e.g. 全业务).</summary>
[Table("business_types")]
public sealed class BusinessType
{
    [Column("id"), PrimaryKey, Identity] public int Id { get; set; }
    [Column("product_line_id"), NotNull] public int ProductLineId { get; set; }
    [Column("name", Length = 50), NotNull] public string Name { get; set; } = "";
    [Column("active"), NotNull] public bool Active { get; set; } = true;
}

/// <summary>客户级别: 钻石级, 白金, 金, 银, 普通.</summary>
[Table("customer_levels")]
public sealed class CustomerLevel
{
    [Column("id"), PrimaryKey, Identity] public int Id { get; set; }
    [Column("name", Length = 30), NotNull] public string Name { get; set; } = "";
    [Column("sort"), NotNull] public int Sort { get; set; }
    public const string Diamond = "钻石级";
}

/// <summary>行业.</summary>
[Table("industries")]
public sealed class Industry
{
    [Column("id"), PrimaryKey, Identity] public int Id { get; set; }
    [Column("name", Length = 50), NotNull] public string Name { get; set; } = "";
    [Column("sort"), NotNull] public int Sort { get; set; }
}

/// <summary>客户关注指标目录 (the KPI indicator catalogue).</summary>
[Table("indicators")]
public sealed class Indicator
{
    [Column("id"), PrimaryKey, Identity] public int Id { get; set; }
    [Column("name", Length = 50), NotNull] public string Name { get; set; } = "";
    [Column("unit", Length = 20), Nullable] public string? Unit { get; set; }
    [Column("description", Length = 200), Nullable] public string? Description { get; set; }
    [Column("active"), NotNull] public bool Active { get; set; } = true;
}

/// <summary>维护频次: how many maintenance visits per month a customer gets; set by the key-account department of its unit.</summary>
[Table("visit_frequencies")]
public sealed class VisitFrequency
{
    [Column("id"), PrimaryKey, Identity] public int Id { get; set; }
    [Column("customer_id"), NotNull] public int CustomerId { get; set; }
    [Column("org_unit_id"), NotNull] public int OrgUnitId { get; set; }
    [Column("visits_per_month"), NotNull] public int VisitsPerMonth { get; set; }
    [Column("updated_at"), NotNull] public DateTime UpdatedAt { get; set; }
    [Column("updated_by"), NotNull] public int UpdatedBy { get; set; }
}
