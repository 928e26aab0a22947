using System.Globalization;
using LinqToDB;
using LinqToDB.Data;
using Microsoft.AspNetCore.Identity;
using PostalCrm.Sdk.Customers;
using PostalCrm.Sdk.Data;
using PostalCrm.Sdk.Numbering;
using PostalCrm.Sdk.Organisation;
using PostalCrm.Sdk.Security;

namespace PostalCrm.Host.Data;

/// <summary>
/// The host's part of the generated province (issue 8): 湖北省 with its 17 cities (市/州), ~7 districts each, the
/// key-account centres, specialist bureaus and district key-account departments, a number range per city and district,
/// the users (admin, centres, bureaus, district departments, and customer managers — most users — in the districts) and
/// the customers: each with a key account numbered from its district's range in id order, approved business
/// relationships whose manager is a customer manager of the district (the relationship's unit is the manager's unit),
/// and contacts. Rows carry their own ids (the tables are empty), so nothing is read back; rows are streamed to the
/// bulk copy, only a compact plan of the customers is held in memory.
/// Logins: <c>admin</c>, <c>sheng1</c>…, per city <c>c01_center1</c>…, <c>c01_ems1</c>, per district
/// <c>c01d01_dept1</c>…, <c>c01d01_cm001</c>…; every password is <see cref="Seeder.DemoPassword"/>.
/// </summary>
public sealed class ProvinceHostData : IProvinceData
{
    public static readonly (string Code, string Name)[] Cities =
    [
        ("420100", "武汉市"), ("420200", "黄石市"), ("420300", "十堰市"), ("420500", "宜昌市"), ("420600", "襄阳市"), ("420700", "鄂州市"),
        ("420800", "荆门市"), ("420900", "孝感市"), ("421000", "荆州市"), ("421100", "黄冈市"), ("421200", "咸宁市"), ("421300", "随州市"),
        ("422800", "恩施州"), ("429004", "仙桃市"), ("429005", "潜江市"), ("429006", "天门市"), ("429021", "神农架林区"),
    ];

    private static readonly string[] WuhanDistricts = ["江岸区", "江汉区", "硚口区", "汉阳区", "武昌区", "青山区", "洪山区", "东西湖区", "蔡甸区", "江夏区", "黄陂区", "新洲区"];
    private static readonly string[] DistrictSuffixes = ["城区", "东区", "西区", "南区", "北区", "新区", "开发区", "高新区", "港区", "西县", "东县", "南县"];

    /// <summary>Bureaus (专业局) of every city: code suffix and product line.</summary>
    private static readonly (string Suffix, string Line)[] Bureaus = [("EMS", "速递"), ("BG", "包裹"), ("HJ", "函件")];

    private static readonly (string Line, int Weight)[] LineWeights =
        [("速递", 35), ("包裹", 15), ("函件", 15), ("物流", 10), ("报刊", 8), ("集邮", 5), ("金融", 5), ("信息", 4), ("机要", 3)];

    private static readonly (string Level, int Weight)[] LevelWeights = [("钻石级", 4), ("白金", 10), ("金", 21), ("银", 30), ("普通", 35)];

    /// <summary>Characters of 字号 (two of them make one): 60 × 60 brands, so names rarely collide within a city.</summary>
    private const string BrandChars = "长江汉楚天城黄鹤东湖晴川光谷三峡夷陵葛洲荆华中鼎信宏图恒通瑞丰金桥元九州博雅新航卓越永安鸿运启海纳祥和德润盛世联创汇锦程星河远景嘉禾同济青山泰";

    private static readonly string[] Suffixes = ["有限公司", "有限公司", "有限公司", "股份有限公司", "有限责任公司"];

    public const int ProvinceCentreUsers = 3;
    public const int CityCentreUsers = 3;
    public const int BureauUsers = 1;
    public const int DistrictDeptUsers = 2;

    public async Task GenerateAsync(ProvinceContext ctx, CancellationToken ct)
    {
        var db = ctx.Db;
        if (await db.OrgUnits.AnyAsync(ct) || await db.Users.AnyAsync(ct) || await db.BusinessCustomers.AnyAsync(ct))
            throw new InvalidOperationException("the province generator needs an empty database (no org units, users or customers)");
        var r = ctx.Random;
        var now = ctx.Now;
        var lines = await (from p in db.ProductLines
                           join t in db.BusinessTypes on p.Id equals t.ProductLineId
                           where p.Active && t.Active
                           orderby p.Sort, t.Id
                           select new { p.Name, LineId = p.Id, TypeId = t.Id }).ToListAsync(ct);
        var lineByName = lines.GroupBy(l => l.Name).ToDictionary(g => g.Key, g => (g.First().LineId, g.First().TypeId));
        var weightedLines = LineWeights.Where(w => lineByName.ContainsKey(w.Line)).ToList();
        var industries = await db.Industries.OrderBy(i => i.Sort).ToListAsync(ct);
        var levels = (await db.CustomerLevels.ToListAsync(ct)).ToDictionary(l => l.Name, l => l.Id);

        // — org tree —
        var units = new List<OrgUnit>();
        OrgUnit Unit(string code, string name, OrgUnit? parent, OrgLevel level, OrgUnitKind kind, int? line = null)
        {
            var u = new OrgUnit { Id = units.Count + 1, Code = code, Name = name, ParentId = parent?.Id, Level = level, Kind = kind, ProductLineId = line, Sort = units.Count + 1, Active = true };
            u.Path = OrgTree.ChildPath(parent?.Path ?? "/", u.Id);
            units.Add(u);
            return u;
        }
        var province = Unit("420000", "湖北省", null, OrgLevel.Province, OrgUnitKind.Area);
        var provinceCentre = Unit("420000KA", "湖北省大客户中心", province, OrgLevel.Province, OrgUnitKind.KeyAccountCentre);
        var cities = new List<CityPlan>();
        for (var ci = 0; ci < Math.Min(ctx.Scale.Cities, Cities.Length); ci++)
        {
            var (code, name) = Cities[ci];
            var city = Unit(code, name, province, OrgLevel.City, OrgUnitKind.Area);
            var centre = Unit(code + "KA", name + "大客户中心", city, OrgLevel.City, OrgUnitKind.KeyAccountCentre);
            var bureaus = Bureaus.Where(b => lineByName.ContainsKey(b.Line))
                .Select(b => Unit(code + b.Suffix, name + b.Line + "专业局", city, OrgLevel.City, OrgUnitKind.SpecialistBureau, lineByName[b.Line].LineId)).ToList();
            // About DistrictsPerCity each (one fewer, as many, one more, in turn): 119 districts for 17 × 7.
            var count = Math.Max(1, ctx.Scale.DistrictsPerCity + (ci % 3) - 1);
            var prefix = code.EndsWith("00", StringComparison.Ordinal) ? code[..4] : "429" + (ci - 12).ToString(CultureInfo.InvariantCulture);
            var districts = new List<(OrgUnit Area, OrgUnit Dept)>();
            for (var di = 0; di < count; di++)
            {
                var dname = ci == 0 && di < WuhanDistricts.Length ? WuhanDistricts[di] : name.TrimEnd('市', '州') + DistrictSuffixes[di % DistrictSuffixes.Length];
                var dcode = prefix + (di + 2).ToString("D2", CultureInfo.InvariantCulture);
                var area = Unit(dcode, dname, city, OrgLevel.District, OrgUnitKind.Area);
                var dept = Unit(dcode + "KA", dname + "大客户部", area, OrgLevel.District, OrgUnitKind.KeyAccountDept);
                districts.Add((area, dept));
            }
            cities.Add(new CityPlan(ci + 1, city, centre, bureaus, districts));
        }
        await BulkAsync(db, units, ct);
        ctx.Progress($"{units.Count} org units ({cities.Count} cities, {cities.Sum(c => c.Districts.Count)} districts)");

        // — number ranges: one per city and per district (the district's serves its key accounts) —
        var ranges = new List<NumberRange>();
        foreach (var c in cities)
        {
            ranges.Add(new NumberRange { Id = ranges.Count + 1, OrgUnitId = c.City.Id, UnitCode = c.City.Code, StartSerial = 1, EndSerial = NumberRange.MaxSerial, NextSerial = 1, CreatedAt = now });
            foreach (var (area, _) in c.Districts)
                ranges.Add(new NumberRange { Id = ranges.Count + 1, OrgUnitId = area.Id, UnitCode = area.Code, StartSerial = 1, EndSerial = NumberRange.MaxSerial, NextSerial = 1, CreatedAt = now });
        }

        // — users —
        var hash = new PasswordHasher<UserAccount>().HashPassword(new UserAccount(), Seeder.DemoPassword);
        var users = new List<UserAccount>();
        var userRoles = new List<UserRole>();
        UserAccount User(string login, OrgUnit unit, string role)
        {
            var u = new UserAccount
            {
                Id = users.Count + 1, Login = login, DisplayName = DemoText.PersonName(r), OrgUnitId = unit.Id, PasswordHash = hash,
                EmployeeNo = "E" + (users.Count + 1).ToString("D5", CultureInfo.InvariantCulture), Phone = DemoText.Mobile(r),
                SecurityStamp = StableStamp(ctx.Seed, users.Count + 1), CreatedAt = now.AddDays(-r.Next(30, 365 * ctx.Scale.HistoryYears)),
            };
            users.Add(u);
            userRoles.Add(new UserRole { UserId = u.Id, RoleCode = role });
            return u;
        }
        User("admin", province, RoleCodes.Admin);
        for (var i = 1; i <= ProvinceCentreUsers; i++) User($"sheng{i}", provinceCentre, RoleCodes.ProvinceCentre);
        foreach (var c in cities)
        {
            for (var i = 1; i <= CityCentreUsers; i++) User($"c{c.No:D2}_center{i}", c.Centre, RoleCodes.CityCentre);
            foreach (var b in c.Bureaus)
                for (var i = 1; i <= BureauUsers; i++) User($"c{c.No:D2}_{b.Code[c.City.Code.Length..].ToLowerInvariant()}{i}", b, RoleCodes.CityBureau);
            for (var di = 0; di < c.Districts.Count; di++)
                for (var i = 1; i <= DistrictDeptUsers; i++) User($"c{c.No:D2}d{di + 1:D2}_dept{i}", c.Districts[di].Dept, RoleCodes.DistrictDept);
        }
        // Customer managers: the rest, in turn over every district (so each district has about the same number).
        var allDistricts = cities.SelectMany(c => c.Districts.Select((d, i) => (City: c, No: i + 1, d.Area))).ToList();
        var managers = allDistricts.ToDictionary(d => d.Area.Id, _ => new List<UserAccount>());
        for (var k = 0; users.Count < ctx.Scale.Users; k++)
        {
            var d = allDistricts[k % allDistricts.Count];
            var list = managers[d.Area.Id];
            list.Add(User($"c{d.City.No:D2}d{d.No:D2}_cm{list.Count + 1:D3}", d.Area, RoleCodes.CustomerManager));
        }
        await BulkAsync(db, users, ct);
        await db.BulkCopyAsync(new BulkCopyOptions { BulkCopyType = BulkCopyType.ProviderSpecific }, userRoles, ct);
        ctx.Progress($"{users.Count:N0} users ({managers.Values.Sum(m => m.Count):N0} customer managers)");

        // — customers: a compact plan (spread over districts by their number of managers) —
        var totalManagers = managers.Values.Sum(m => m.Count);
        var plans = new List<CustomerPlan>(ctx.Scale.Customers);
        var nextSerial = ranges.ToDictionary(x => x.OrgUnitId, _ => 1L);
        var cityNames = cities.ToDictionary(c => c.City.Id, c => new HashSet<string>(StringComparer.Ordinal));
        var industryIds = industries.Select(i => i.Id).ToList();
        for (var dx = 0; dx < allDistricts.Count; dx++)
        {
            var (city, _, area) = allDistricts[dx];
            var own = managers[area.Id];
            if (own.Count == 0) continue;
            var share = dx == allDistricts.Count - 1 ? ctx.Scale.Customers - plans.Count : (int)((long)ctx.Scale.Customers * own.Count / totalManagers);
            var taken = cityNames[city.City.Id];
            for (var i = 0; i < share && plans.Count < ctx.Scale.Customers; i++)
            {
                var hq = r.Next(40) == 0;
                var trade = DemoText.Trades[r.Next(DemoText.Trades.Count)];
                string brand, name;
                do
                {
                    brand = new string([BrandChars[r.Next(BrandChars.Length)], BrandChars[r.Next(BrandChars.Length)]]);
                    if (r.Next(5) == 0) brand += BrandChars[r.Next(BrandChars.Length)];
                    name = DemoText.CityShort(city.City) + brand + trade.Word + Suffixes[r.Next(Suffixes.Length)];
                } while (!taken.Add(name));
                var manager = own[i % own.Count];
                var second = own.Count > 1 && r.Next(100) < 10 ? own[(i + 1) % own.Count] : null;
                var industry = industries.FirstOrDefault(x => x.Name == trade.Industry)?.Id ?? industryIds[^1];
                var p = new CustomerPlan(plans.Count + 1, name, brand + trade.Short, industry, levels.GetValueOrDefault(hq ? "钻石级" : Weighted(r, LevelWeights)), hq,
                    city.City, area, manager, second, now.AddDays(-r.Next(20, 365 * ctx.Scale.HistoryYears)).Date.AddMinutes(30 + r.Next(0, 9 * 60)),
                    SecondAccount: r.Next(100) < 12, SecondLine: r.Next(100) < 30, FirstSerial: nextSerial[area.Id]);
                nextSerial[area.Id] += p.SecondAccount ? 2 : 1;
                plans.Add(p);
            }
        }
        foreach (var range in ranges) range.NextSerial = nextSerial[range.OrgUnitId];
        await BulkAsync(db, ranges, ct);

        await BulkAsync(db, plans.Select(p =>
        {
            var pr = Detail(ctx.Seed, p.Id, 1);
            var (address, postcode) = DemoText.Address(pr, p.City, p.District);
            return new BusinessCustomer
            {
                Id = p.Id, Code = "C" + p.District.Code + p.Id.ToString("D8", CultureInfo.InvariantCulture), Name = p.Name, ShortName = p.ShortName,
                IndustryId = p.IndustryId, LevelId = p.LevelId, IsHeadquarters = p.Headquarters, CityOrgId = p.City.Id, DistrictOrgId = p.District.Id,
                Address = address, Postcode = postcode, Phone = DemoText.Landline(pr, p.City), LegalPerson = DemoText.PersonName(pr),
                Developed = true, CreatedAt = p.CreatedAt, CreatedBy = p.Manager.Id,
            };
        }), ct);
        ctx.Progress($"{plans.Count:N0} customers");

        // Key accounts: the first has the customer's name, a second (12%) is a branch; ids follow the plan's order.
        var accountIds = new int[plans.Count + 1];
        var accountCount = 0;
        foreach (var p in plans)
        {
            accountIds[p.Id] = accountCount + 1;
            accountCount += p.SecondAccount ? 2 : 1;
        }
        await BulkAsync(db, plans.SelectMany(p => Accounts(p)), ct);
        ctx.Progress($"{accountCount:N0} key accounts");

        var relationshipId = 0;
        await BulkAsync(db, plans.SelectMany(p =>
        {
            var pr = Detail(ctx.Seed, p.Id, 2);
            var list = new List<BusinessRelationship>();
            foreach (var account in Accounts(p))
            {
                var first = Weighted(pr, weightedLines);
                list.Add(Relate(account, p.Manager, first));
                if (p.SecondLine && Weighted(pr, weightedLines) is var other && other != first) list.Add(Relate(account, p.Manager, other));
                if (p.SecondManager is { } m2 && account.Id == accountIds[p.Id])
                {
                    var line = Weighted(pr, weightedLines);
                    list.Add(Relate(account, m2, line == first ? "函件" : line));
                }
            }
            return list;
        }), ct);
        ctx.Progress($"{relationshipId:N0} business relationships");

        var contactId = 0;
        await BulkAsync(db, plans.SelectMany(p =>
        {
            var pr = Detail(ctx.Seed, p.Id, 3);
            return Enumerable.Range(0, 1 + pr.Next(3)).Select(_ =>
            {
                var (department, title) = DemoText.ContactRole(pr);
                return new Contact
                {
                    Id = ++contactId, CustomerId = p.Id, Name = DemoText.PersonName(pr), Department = department, Title = title,
                    Phone = DemoText.Landline(pr, p.City), Mobile = DemoText.Mobile(pr), Email = pr.Next(3) == 0 ? null : DemoText.Email(pr),
                };
            }).ToList();
        }), ct);
        ctx.Progress($"{contactId:N0} contacts");

        IEnumerable<KeyAccount> Accounts(CustomerPlan p)
        {
            yield return new KeyAccount
            {
                Id = accountIds[p.Id], CustomerId = p.Id, Name = p.Name, OrgUnitId = p.District.Id, CreatedAt = p.CreatedAt,
                Number = NumberRange.Format(p.District.Code, p.FirstSerial),
            };
            if (p.SecondAccount)
                yield return new KeyAccount
                {
                    Id = accountIds[p.Id] + 1, CustomerId = p.Id, Name = p.Name + p.District.Name.TrimEnd('区', '县') + "分公司",
                    OrgUnitId = p.District.Id, CreatedAt = p.CreatedAt.AddDays(7), Number = NumberRange.Format(p.District.Code, p.FirstSerial + 1),
                };
        }

        BusinessRelationship Relate(KeyAccount account, UserAccount manager, string line)
        {
            var (lineId, typeId) = lineByName[line];
            return new BusinessRelationship
            {
                Id = ++relationshipId, CustomerId = account.CustomerId, KeyAccountId = account.Id, OrgUnitId = manager.OrgUnitId,
                ManagerUserId = manager.Id, ProductLineId = lineId, BusinessTypeId = typeId, Approved = true, CreatedAt = account.CreatedAt,
            };
        }
    }

    /// <summary>A random source of one customer's details (address, relationships, contacts): the same whatever else is generated.</summary>
    public static Random Detail(int seed, int id, int part) => new(unchecked(seed * 1_000_003 + id * 7 + part));

    /// <summary>A deterministic security stamp (same seed, same data): 32 hex digits.</summary>
    private static string StableStamp(int seed, int id) =>
        unchecked((uint)SeedContext.StableHash($"stamp{seed}/{id}")).ToString("x8", CultureInfo.InvariantCulture) + id.ToString("D24", CultureInfo.InvariantCulture);

    private static Task<BulkCopyRowsCopied> BulkAsync<T>(PostalDb db, IEnumerable<T> rows, CancellationToken ct) where T : class =>
        db.BulkCopyAsync(new BulkCopyOptions { BulkCopyType = BulkCopyType.ProviderSpecific, KeepIdentity = true, MaxBatchSize = 10_000 }, rows, ct);

    private static string Weighted(Random r, IReadOnlyList<(string Name, int Weight)> items)
    {
        var x = r.Next(items.Sum(i => i.Weight));
        foreach (var (name, weight) in items)
        {
            if (x < weight) return name;
            x -= weight;
        }
        return items[^1].Name;
    }

    private sealed record CityPlan(int No, OrgUnit City, OrgUnit Centre, IReadOnlyList<OrgUnit> Bureaus, IReadOnlyList<(OrgUnit Area, OrgUnit Dept)> Districts);

    private sealed record CustomerPlan(int Id, string Name, string ShortName, int IndustryId, int LevelId, bool Headquarters, OrgUnit City, OrgUnit District,
        UserAccount Manager, UserAccount? SecondManager, DateTime CreatedAt, bool SecondAccount, bool SecondLine, long FirstSerial);
}
