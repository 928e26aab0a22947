using LinqToDB.Mapping;

namespace PostalCrm.Sdk.Security;

[Table("users")]
public sealed class UserAccount
{
    [Column("id"), PrimaryKey, Identity] public int Id { get; set; }
    /// <summary>The assigned login number (登陆号码).</summary>
    [Column("login", Length = 50), NotNull] public string Login { get; set; } = "";
    [Column("display_name", Length = 50), NotNull] public string DisplayName { get; set; } = "";
    /// <summary>Staff number (编号) shown beside the name.</summary>
    [Column("employee_no", Length = 30), Nullable] public string? EmployeeNo { get; set; }
    [Column("org_unit_id"), NotNull] public int OrgUnitId { get; set; }
    [Column("phone", Length = 30), Nullable] public string? Phone { get; set; }
    [Column("password_hash", Length = 200), NotNull] public string PasswordHash { get; set; } = "";
    [Column("must_change_password"), NotNull] public bool MustChangePassword { get; set; }
    [Column("failed_logins"), NotNull] public int FailedLogins { get; set; }
    [Column("lockout_until"), Nullable] public DateTime? LockoutUntil { get; set; }
    [Column("disabled"), NotNull] public bool Disabled { get; set; }
    /// <summary>Changes on password change or reset and on disable: older cookies stop working.</summary>
    [Column("security_stamp", Length = 40), NotNull] public string SecurityStamp { get; set; } = Guid.NewGuid().ToString("N");
    [Column("created_at"), NotNull] public DateTime CreatedAt { get; set; }
}

[Table("roles")]
public sealed class Role
{
    [Column("code", Length = 40), PrimaryKey] public string Code { get; set; } = "";
    [Column("name", Length = 50), NotNull] public string Name { get; set; } = "";
    [Column("builtin"), NotNull] public bool Builtin { get; set; }
}

[Table("user_roles")]
public sealed class UserRole
{
    [Column("user_id"), PrimaryKey(0)] public int UserId { get; set; }
    [Column("role_code", Length = 40), PrimaryKey(1)] public string RoleCode { get; set; } = "";
}

[Table("role_permissions")]
public sealed class RoleGrant
{
    [Column("role_code", Length = 40), PrimaryKey(0)] public string RoleCode { get; set; } = "";
    [Column("permission", Length = 100), PrimaryKey(1)] public string Permission { get; set; } = "";
}

/// <summary>Every permission any plugin ever declared; default grants are applied only the first time one appears, so an administrator's later removal sticks.</summary>
[Table("known_permissions")]
public sealed class PermissionCatalogEntry
{
    [Column("name", Length = 100), PrimaryKey] public string Name { get; set; } = "";
    [Column("display_name", Length = 100), NotNull] public string DisplayName { get; set; } = "";
    [Column("source", Length = 40), NotNull] public string Source { get; set; } = "";
    /// <summary>Declared by no loaded plugin nor the host at the last start: hidden from 角色权限 and not effective; grants kept.</summary>
    [Column("retired"), NotNull] public bool Retired { get; set; }
}

/// <summary>The built-in roles of SPEC §2.</summary>
public static class RoleCodes
{
    public const string Admin = "admin";
    public const string ProvinceCentre = "province_centre";
    public const string CityCentre = "city_centre";
    public const string CityBureau = "city_bureau";
    public const string DistrictDept = "district_dept";
    public const string CustomerManager = "customer_manager";

    public static readonly IReadOnlyDictionary<string, string> Names = new Dictionary<string, string>
    {
        [Admin] = "系统管理员",
        [ProvinceCentre] = "省大客户中心",
        [CityCentre] = "市大客户中心",
        [CityBureau] = "市专业局",
        [DistrictDept] = "区县大客户部",
        [CustomerManager] = "客户经理",
    };

    /// <summary>Every role but the customer manager: scope is a unit and everything below it.</summary>
    public static readonly IReadOnlyList<string> OrgRoles = [Admin, ProvinceCentre, CityCentre, CityBureau, DistrictDept];

    public static readonly IReadOnlyList<string> All = [Admin, ProvinceCentre, CityCentre, CityBureau, DistrictDept, CustomerManager];
}
