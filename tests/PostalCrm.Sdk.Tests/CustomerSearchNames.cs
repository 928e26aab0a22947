using System.Globalization;
using PostalCrm.Sdk.Customers;

namespace PostalCrm.Sdk.Tests;

/// <summary>
/// Realistic Chinese company names (city + 2–4 character brand + industry + legal form), reproducible from a seed.
/// Shared by the search tests and the benchmarks (tests/PostalCrm.Benchmarks links this file).
/// </summary>
public sealed class CustomerSearchNames(int seed)
{
    public static readonly string[] Cities =
        ["武汉", "宜昌", "襄阳", "十堰", "荆州", "黄石", "孝感", "恩施", "咸宁", "随州", "鄂州", "荆门", "黄冈", "天门", "潜江", "仙桃", "神农架"];

    public const string BrandChars =
        "华信中天宏达鑫源泰盛恒通博瑞嘉德安康兴隆金海长江楚光明新科创汇丰景诚顺和美佳永利正元大东方晨星宇辰凯越锦程卓远腾飞万家福祥云龙凤友联合力威";

    public static readonly string[] Industries =
    [
        "科技", "商贸", "物流", "电子", "机械", "建材", "食品", "医药", "印务", "纺织", "化工", "汽车配件", "置业", "餐饮管理", "文化传媒",
        "信息技术", "建设工程", "农业开发", "环保科技", "供应链管理", "电力设备", "光电", "生物科技", "教育咨询", "酒店管理",
    ];

    public static readonly string[] Forms = ["有限公司", "有限责任公司", "股份有限公司", "集团有限公司", "有限公司分公司", "贸易行", "经营部"];

    private readonly Random _random = new(seed);

    // Customer names are unique by their key (business_customers.name_key): never hand out one twice.
    private readonly HashSet<string> _issued = new(StringComparer.Ordinal);

    public string Brand()
    {
        var length = _random.Next(2, 5);
        return string.Create(length, _random, (span, r) =>
        {
            for (var i = 0; i < span.Length; i++) span[i] = BrandChars[r.Next(BrandChars.Length)];
        });
    }

    /// <summary>A new customer (not inserted) for the given org units; code unique by <paramref name="serial"/>.</summary>
    public BusinessCustomer Next(int serial, int cityOrgId, int districtOrgId, int createdBy)
    {
        string brand, industry, name;
        do
        {
            brand = Brand();
            industry = Industries[_random.Next(Industries.Length)];
            name = Cities[_random.Next(Cities.Length)] + (_random.Next(4) == 0 ? "市" : "") + brand + industry + Forms[_random.Next(Forms.Length)];
        } while (!_issued.Add(CustomerNames.Key(name)));
        return new BusinessCustomer
        {
            Code = "C" + serial.ToString("D8", CultureInfo.InvariantCulture),
            Name = name,
            ShortName = brand + industry[..Math.Min(2, industry.Length)],
            CityOrgId = cityOrgId,
            DistrictOrgId = districtOrgId,
            CreatedBy = createdBy,
            CreatedAt = new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc),
        };
    }

    /// <summary>A keyword of <paramref name="length"/> characters cut from one of the texts (so it is usually found).</summary>
    public string CutFrom(IReadOnlyList<string> texts, int length)
    {
        for (var attempt = 0; attempt < 100; attempt++)
        {
            var text = texts[_random.Next(texts.Count)];
            if (text.Length < length) continue;
            return text.Substring(_random.Next(text.Length - length + 1), length);
        }
        throw new InvalidOperationException("no text long enough");
    }

    /// <summary>A random keyword from the brand characters (usually not found for 3–4 characters).</summary>
    public string RandomKeyword(int length) =>
        string.Concat(Enumerable.Range(0, length).Select(_ => BrandChars[_random.Next(BrandChars.Length)]));
}
