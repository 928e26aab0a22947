using System.Globalization;
using LinqToDB.Data;
using PostalCrm.Sdk.Customers;
using PostalCrm.Sdk.Data;
using PostalCrm.Sdk.Numbering;
using PostalCrm.Sdk.Organisation;
using PostalCrm.Sdk.Security;

namespace PostalCrm.Host.Data;

/// <summary>
/// The host's part of the demo: customer master data (SDK tables, so every plugin finds it whichever plugins run).
/// Per district, dozens of developed customers for each customer manager who serves it — key accounts numbered from
/// the district's number range in the order they were developed (the range's counter advances as the allocator's
/// would), approved relationships to the manager's unit, contacts — plus a few imported ones (master data only).
/// </summary>
public sealed class DemoCustomers : IDemoData
{
    public const int CustomersPerManager = 50;
    public const int SharedPerDistrict = 20;
    public const int ImportedPerDistrict = 8;

    /// <summary>Serials from 90000001 keep demo codes clear of the codes approvals derive from application ids.</summary>
    public const long CodeSerialBase = 90_000_000;

    private static readonly (string Line, int Weight)[] LineWeights =
        [("速递", 35), ("包裹", 15), ("函件", 15), ("物流", 10), ("报刊", 8), ("集邮", 5), ("金融", 5), ("信息", 4), ("机要", 3)];

    private static readonly (string Level, int Weight)[] LevelWeights = [("钻石级", 4), ("白金", 10), ("金", 21), ("银", 30), ("普通", 35)];

    private static readonly string[] BranchSuffixes = ["分公司", "物流中心", "结算中心", "采购中心"];
    private static readonly string[] Remarks = ["年度协议客户", "重点跟进客户", "春节前业务量大", "需月结账单", "要求上门揽收"];

    public async Task SeedAsync(DemoContext ctx, CancellationToken ct)
    {
        var db = ctx.Db;
        var r = ctx.Random;
        var industries = (await db.Industries.ToListAsync(ct)).ToDictionary(i => i.Name, i => i.Id);
        var levels = (await db.CustomerLevels.ToListAsync(ct)).ToDictionary(l => l.Name, l => l.Id);
        var lines = await (from p in db.ProductLines
                           join t in db.BusinessTypes on p.Id equals t.ProductLineId
                           where p.Active && t.Active
                           select new { p.Name, LineId = p.Id, TypeId = t.Id }).ToListAsync(ct);
        var lineByName = lines.GroupBy(l => l.Name).ToDictionary(g => g.Key, g => (g.First().LineId, g.First().TypeId));
        var weightedLines = LineWeights.Where(w => lineByName.ContainsKey(w.Line)).ToList();
        var taken = (await db.BusinessCustomers.Select(c => c.NameKey).ToListAsync(ct)).ToHashSet(StringComparer.Ordinal);
        var managers = ctx.UsersInRole(RoleCodes.CustomerManager);

        var customers = new List<BusinessCustomer>();
        var plans = new List<Plan>();
        var serial = CodeSerialBase;
        foreach (var district in ctx.Districts)
        {
            var city = ctx.CityOf(district);
            // The district's own managers, else the city-level managers of its city (e.g. 宜昌 serves 西陵区 from the city).
            var own = managers.Where(m => ctx.AreaOf(ctx.Unit(m.OrgUnitId)).Id == district.Id).ToList();
            if (own.Count == 0 && city is not null) own = [.. managers.Where(m => ctx.AreaOf(ctx.Unit(m.OrgUnitId)).Id == city.Id)];
            var developed = own.Count == 0 ? 0 : SharedPerDistrict + CustomersPerManager * own.Count;
            for (var i = 0; i < developed + ImportedPerDistrict; i++)
            {
                var (name, shortName, industry) = DemoText.Company(r, city, district, taken);
                var headquarters = r.Next(40) == 0;
                var (address, postcode) = DemoText.Address(r, city, district);
                var isDeveloped = i < developed;
                var manager = isDeveloped ? own[i % own.Count] : null;
                var c = new BusinessCustomer
                {
                    Code = "C" + district.Code + (++serial).ToString("D8", CultureInfo.InvariantCulture),
                    Name = name, ShortName = shortName, IndustryId = industries.GetValueOrDefault(industry, industries.GetValueOrDefault("其他")),
                    LevelId = levels.GetValueOrDefault(headquarters ? "钻石级" : Weighted(r, LevelWeights)),
                    IsHeadquarters = headquarters, CityOrgId = city?.Id ?? district.Id, DistrictOrgId = district.Id, Address = address,
                    Postcode = postcode, Phone = DemoText.Landline(r, city), LegalPerson = DemoText.PersonName(r),
                    Remarks = r.Next(6) == 0 ? Remarks[r.Next(Remarks.Length)] : null,
                    Developed = isDeveloped, CreatedAt = ctx.DaysAgo(20, 1000),
                    CreatedBy = manager?.Id ?? ctx.UsersInRole(RoleCodes.Admin)[0].Id,
                };
                customers.Add(c);
                if (manager is null) continue;
                var second = own.Count > 1 && r.Next(100) < 15 ? own[(i + 1) % own.Count] : null;
                plans.Add(new Plan(c, district, manager, second, r.Next(100) < 12, r.Next(100) < 30));
            }
        }

        var bulk = new BulkCopyOptions { BulkCopyType = db.IsPostgres ? BulkCopyType.ProviderSpecific : BulkCopyType.MultipleRows };
        await db.BulkCopyAsync(bulk, customers, ct);
        var codes = customers.Select(c => c.Code).ToList();
        var ids = (await db.BusinessCustomers.Where(c => codes.Contains(c.Code)).Select(c => new { c.Code, c.Id }).ToListAsync(ct))
            .ToDictionary(x => x.Code, x => x.Id);
        foreach (var c in customers) c.Id = ids[c.Code];

        // Key accounts, numbered per district in the order the customers were developed.
        var accounts = new List<(KeyAccount Account, Plan Plan)>();
        foreach (var p in plans)
        {
            accounts.Add((new KeyAccount { CustomerId = p.Customer.Id, Name = p.Customer.Name, OrgUnitId = p.District.Id, CreatedAt = p.Customer.CreatedAt }, p));
            if (p.SecondAccount)
            {
                var suffix = BranchSuffixes[r.Next(BranchSuffixes.Length)];
                var name = p.Customer.Name + (suffix == "分公司" ? p.District.Name.TrimEnd('区', '县') + suffix : suffix);
                accounts.Add((new KeyAccount { CustomerId = p.Customer.Id, Name = name, OrgUnitId = p.District.Id, CreatedAt = p.Customer.CreatedAt.AddDays(r.Next(5, 200)) }, p));
            }
        }
        var allocator = new NumberAllocator(db);
        foreach (var group in accounts.GroupBy(a => a.Account.OrgUnitId))
        {
            var range = await allocator.RangeForAsync(group.Key)
                        ?? throw new InvalidOperationException($"demo data: no number range serves unit {ctx.Unit(group.Key).Code}");
            var next = range.NextSerial;
            foreach (var (account, _) in group.OrderBy(a => a.Account.CreatedAt).ThenBy(a => a.Account.Name, StringComparer.Ordinal))
            {
                if (next > range.EndSerial) throw new InvalidOperationException($"demo data: number range {range.First}–{range.Last} exhausted");
                account.Number = NumberRange.Format(range.UnitCode, next++);
            }
            await db.NumberRanges.Where(x => x.Id == range.Id).Set(x => x.NextSerial, next).UpdateAsync(ct);
        }
        await db.BulkCopyAsync(bulk, accounts.Select(a => a.Account), ct);
        var numbers = accounts.Select(a => a.Account.Number!).ToList();
        var accountIds = (await db.KeyAccounts.Where(k => numbers.Contains(k.Number!)).Select(k => new { k.Number, k.Id }).ToListAsync(ct))
            .ToDictionary(x => x.Number!, x => x.Id);
        foreach (var (account, _) in accounts) account.Id = accountIds[account.Number!];

        var relationships = new List<BusinessRelationship>();
        foreach (var (account, p) in accounts)
        {
            var first = Weighted(r, weightedLines);
            Relate(account, p.Manager, first);
            if (p.SecondLine)
            {
                var other = Weighted(r, weightedLines);
                if (other != first) Relate(account, p.Manager, other);
            }
            if (p.SecondManager is { } m2 && account.Name == p.Customer.Name)
            {
                var other = Weighted(r, weightedLines);
                Relate(account, m2, other == first ? "函件" : other);
            }
        }
        await db.BulkCopyAsync(bulk, relationships, ct);

        var contacts = new List<Contact>();
        foreach (var c in customers)
        {
            for (var i = 0; i < 1 + r.Next(3); i++)
            {
                var (department, title) = DemoText.ContactRole(r);
                contacts.Add(new Contact
                {
                    CustomerId = c.Id, Name = DemoText.PersonName(r), Department = department, Title = title,
                    Phone = DemoText.Landline(r, ctx.Unit(c.CityOrgId)), Mobile = DemoText.Mobile(r), Email = r.Next(3) == 0 ? null : DemoText.Email(r),
                });
            }
        }
        await db.BulkCopyAsync(bulk, contacts, ct);

        void Relate(KeyAccount account, UserAccount manager, string line)
        {
            var (lineId, typeId) = lineByName[line];
            relationships.Add(new BusinessRelationship
            {
                CustomerId = account.CustomerId, KeyAccountId = account.Id, OrgUnitId = manager.OrgUnitId, ManagerUserId = manager.Id,
                ProductLineId = lineId, BusinessTypeId = typeId, Approved = true, CreatedAt = account.CreatedAt,
            });
        }
    }

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

    private sealed record Plan(BusinessCustomer Customer, OrgUnit District, UserAccount Manager, UserAccount? SecondManager, bool SecondAccount, bool SecondLine);
}
