using Microsoft.AspNetCore.Identity;
using PostalCrm.Sdk.Data;
using PostalCrm.Sdk.Numbering;
using PostalCrm.Sdk.Organisation;
using PostalCrm.Sdk.Reference;
using PostalCrm.Sdk.Security;
using PostalCrm.Sdk.Time;

namespace PostalCrm.Host.Data;

/// <summary>
/// Base data every deployment needs (roles, the default reference data of SPEC §1) and, when
/// <c>Seed:Demo</c> is on, the demo province of the README. Each part runs only on an empty table.
/// </summary>
public static class Seeder
{
    public const string DemoPassword = "Demo#2026";

    public static readonly string[] ProductLines = ["函件", "报刊", "集邮", "包裹", "速递", "物流", "信息", "金融", "机要", "其他"];
    public static readonly string[] Levels = ["钻石级", "白金", "金", "银", "普通"];
    public static readonly string[] Industries =
        ["政府机关", "金融保险", "电信通信", "教育", "医疗卫生", "制造业", "批发零售", "电子商务", "交通运输", "房地产", "能源电力", "文化传媒", "其他"];
    public static readonly (string Name, string Unit)[] Indicators =
    [
        ("投递及时率", "%"), ("投递准确率", "%"), ("妥投率", "%"), ("客户满意度", "分"), ("投诉处理及时率", "%"),
        ("上门揽收及时率", "%"), ("账单准确率", "%"), ("查询响应时效", "小时"), ("破损率控制", "%"), ("信息反馈及时率", "%"),
    ];

    public static async Task SeedBaseAsync(PostalDb db)
    {
        if (!await db.Roles.AnyAsync())
            foreach (var (code, name) in RoleCodes.Names)
                await db.InsertAsync(new Role { Code = code, Name = name, Builtin = true });

        if (!await db.ProductLines.AnyAsync())
        {
            for (var i = 0; i < ProductLines.Length; i++)
            {
                var id = await db.InsertWithInt32IdentityAsync(new ProductLine { Name = ProductLines[i], Sort = i + 1, Active = true });
                await db.InsertAsync(new BusinessType { ProductLineId = id, Name = "全业务", Active = true });
            }
        }
        if (!await db.CustomerLevels.AnyAsync())
            for (var i = 0; i < Levels.Length; i++) await db.InsertAsync(new CustomerLevel { Name = Levels[i], Sort = i + 1 });
        if (!await db.Industries.AnyAsync())
            for (var i = 0; i < Industries.Length; i++) await db.InsertAsync(new Industry { Name = Industries[i], Sort = i + 1 });
        if (!await db.Indicators.AnyAsync())
            foreach (var (name, unit) in Indicators) await db.InsertAsync(new Indicator { Name = name, Unit = unit, Active = true });
    }

    /// <summary>
    /// A real deployment's first start (no demo): the province from <c>Seed:Province:Code</c>/<c>Name</c> and an
    /// <c>admin</c> with a one-time password that must be changed at first login. Returns that password (logged once).
    /// </summary>
    public static async Task<string?> SeedBootstrapAsync(PostalDb db, TimeProvider clock, string provinceCode, string provinceName)
    {
        if (await db.Users.AnyAsync()) return null;
        var province = await db.OrgUnits.FirstOrDefaultAsync(u => u.ParentId == null);
        if (province is null)
        {
            province = new OrgUnit { Code = provinceCode, Name = provinceName, Level = OrgLevel.Province, Kind = OrgUnitKind.Area, Path = "", Active = true };
            province.Id = await db.InsertWithInt32IdentityAsync(province);
            province.Path = OrgTree.ChildPath("/", province.Id);
            await db.OrgUnits.Where(x => x.Id == province.Id).Set(x => x.Path, province.Path).UpdateAsync();
        }
        var password = Security.LoginService.OneTimePassword();
        var id = await db.InsertWithInt32IdentityAsync(new UserAccount
        {
            Login = "admin", DisplayName = "系统管理员", OrgUnitId = province.Id,
            PasswordHash = new PasswordHasher<UserAccount>().HashPassword(new UserAccount(), password), MustChangePassword = true, CreatedAt = clock.UtcNow(),
        });
        await db.InsertAsync(new UserRole { UserId = id, RoleCode = RoleCodes.Admin });
        return password;
    }

    /// <summary>
    /// 湖北省 → 武汉市 (江岸区, 武昌区), 宜昌市 (西陵区), with departments, number ranges and the demo users. True when it
    /// seeded them (the database had no org units); the demo customers and the plugins' demo data follow only then.
    /// </summary>
    public static async Task<bool> SeedDemoAsync(PostalDb db, TimeProvider clock)
    {
        if (await db.OrgUnits.AnyAsync()) return false;
        var ems = await db.ProductLines.Where(p => p.Name == "速递").Select(p => p.Id).FirstAsync();

        async Task<OrgUnit> Unit(string code, string name, OrgUnit? parent, OrgLevel level, OrgUnitKind kind, int? productLine = null)
        {
            var u = new OrgUnit { Code = code, Name = name, ParentId = parent?.Id, Level = level, Kind = kind, ProductLineId = productLine, Path = "", Active = true };
            u.Id = await db.InsertWithInt32IdentityAsync(u);
            u.Path = OrgTree.ChildPath(parent?.Path ?? "/", u.Id);
            await db.OrgUnits.Where(x => x.Id == u.Id).Set(x => x.Path, u.Path).UpdateAsync();
            return u;
        }

        var hubei = await Unit("420000", "湖北省", null, OrgLevel.Province, OrgUnitKind.Area);
        var provinceCentre = await Unit("420000KA", "湖北省大客户中心", hubei, OrgLevel.Province, OrgUnitKind.KeyAccountCentre);
        var wuhan = await Unit("420100", "武汉市", hubei, OrgLevel.City, OrgUnitKind.Area);
        var whCentre = await Unit("420100KA", "武汉市大客户中心", wuhan, OrgLevel.City, OrgUnitKind.KeyAccountCentre);
        var whEms = await Unit("420100EMS", "武汉市速递专业局", wuhan, OrgLevel.City, OrgUnitKind.SpecialistBureau, ems);
        var jiangan = await Unit("420102", "江岸区", wuhan, OrgLevel.District, OrgUnitKind.Area);
        var jaDept = await Unit("420102KA", "江岸区大客户部", jiangan, OrgLevel.District, OrgUnitKind.KeyAccountDept);
        var wuchang = await Unit("420106", "武昌区", wuhan, OrgLevel.District, OrgUnitKind.Area);
        await Unit("420106KA", "武昌区大客户部", wuchang, OrgLevel.District, OrgUnitKind.KeyAccountDept);
        var yichang = await Unit("420500", "宜昌市", hubei, OrgLevel.City, OrgUnitKind.Area);
        var ycCentre = await Unit("420500KA", "宜昌市大客户中心", yichang, OrgLevel.City, OrgUnitKind.KeyAccountCentre);
        await Unit("420500EMS", "宜昌市速递专业局", yichang, OrgLevel.City, OrgUnitKind.SpecialistBureau, ems);
        var xiling = await Unit("420502", "西陵区", yichang, OrgLevel.District, OrgUnitKind.Area);
        await Unit("420502KA", "西陵区大客户部", xiling, OrgLevel.District, OrgUnitKind.KeyAccountDept);

        foreach (var area in new[] { wuhan, jiangan, wuchang, yichang, xiling })
            await db.InsertAsync(new NumberRange { OrgUnitId = area.Id, UnitCode = area.Code, StartSerial = 1, EndSerial = NumberRange.MaxSerial, NextSerial = 1, CreatedAt = clock.UtcNow() });

        var hasher = new PasswordHasher<UserAccount>();
        var hash = hasher.HashPassword(new UserAccount(), DemoPassword);
        async Task User(string login, string name, OrgUnit unit, string role, string no, string phone)
        {
            var id = await db.InsertWithInt32IdentityAsync(new UserAccount
            {
                Login = login, DisplayName = name, OrgUnitId = unit.Id, PasswordHash = hash, MustChangePassword = false, CreatedAt = clock.UtcNow(),
                EmployeeNo = no, Phone = phone,
            });
            await db.InsertAsync(new UserRole { UserId = id, RoleCode = role });
        }
        await User("admin", "系统管理员", hubei, RoleCodes.Admin, "A0001", "027-80000001");
        await User("sheng", "省中心李明", provinceCentre, RoleCodes.ProvinceCentre, "P0001", "027-80000002");
        await User("wh_center", "武汉中心王芳", whCentre, RoleCodes.CityCentre, "W0001", "027-80000003");
        await User("wh_ems", "武汉速递张伟", whEms, RoleCodes.CityBureau, "W0002", "027-80000004");
        await User("ja_dept", "江岸大客户部刘洋", jaDept, RoleCodes.DistrictDept, "J0001", "027-80000005");
        await User("ja_cm1", "江岸客户经理陈静", jiangan, RoleCodes.CustomerManager, "J1001", "13900000001");
        await User("ja_cm2", "江岸客户经理杨磊", jiangan, RoleCodes.CustomerManager, "J1002", "13900000002");
        await User("wc_cm1", "武昌客户经理赵敏", wuchang, RoleCodes.CustomerManager, "C1001", "13900000003");
        await User("yc_cm1", "宜昌客户经理周强", yichang, RoleCodes.CustomerManager, "Y1001", "13900000004");
        await User("yc_center", "宜昌中心孙丽", ycCentre, RoleCodes.CityCentre, "Y0001", "0717-6000001");
        return true;
    }
}
