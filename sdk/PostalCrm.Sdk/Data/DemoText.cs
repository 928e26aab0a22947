using System.Globalization;
using System.IO.Compression;
using System.Security;
using System.Text;
using PostalCrm.Sdk.Organisation;

namespace PostalCrm.Sdk.Data;

/// <summary>
/// Realistic Chinese demo text for data hooks: people, phones, companies (city + 字号 + industry word), addresses, and
/// small Word documents. Everything comes from the caller's seeded <see cref="Random"/>, so rows are the same on every run.
/// </summary>
public static class DemoText
{
    private static readonly string[] Surnames =
    [
        "王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴", "徐", "孙", "胡", "朱", "高", "林", "何", "郭", "马", "罗",
        "梁", "宋", "郑", "谢", "韩", "唐", "冯", "于", "董", "程", "曹", "袁", "邓", "许", "傅", "沈", "曾", "彭", "吕", "熊",
    ];

    private static readonly string[] GivenNames =
    [
        "伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛", "明", "超", "霞", "平", "刚",
        "建华", "晓燕", "志强", "海燕", "文斌", "丽华", "国庆", "春梅", "永刚", "秀兰", "子涵", "雨轩", "浩然", "思远", "佳怡",
        "俊杰", "婷婷", "晨曦", "志刚", "红霞", "建国", "玉兰", "宏伟", "亚男", "天宇", "梦琪", "一鸣", "慧敏", "振华", "诗琪",
    ];

    /// <summary>字号: the distinctive part of a company name.</summary>
    public static readonly IReadOnlyList<string> TradeNames =
    [
        "长江", "汉江", "楚天", "江城", "黄鹤", "东湖", "晴川", "光谷", "三峡", "夷陵", "葛洲", "荆楚", "华中", "鼎信", "宏图",
        "恒通", "瑞丰", "金桥", "天元", "九州", "博雅", "中天", "新航", "卓越", "永安", "鸿运", "启航", "海纳", "祥和", "德润",
        "盛世", "联创", "汇通", "锦程", "星河", "远景", "嘉禾", "同济", "青山", "龟山", "蛇山", "琴台", "知音", "江汉", "屈原",
        "昭君", "清江", "峡江", "楚风", "云帆", "泰和", "广源", "万和", "新元", "丰泽", "兴业", "宝丰", "安信", "凯瑞", "华星",
    ];

    /// <summary>Industry words of a company name and the industry (行业, reference data) each belongs to.</summary>
    public static readonly IReadOnlyList<(string Word, string Short, string Industry)> Trades =
    [
        ("物流", "物流", "交通运输"), ("供应链管理", "供应链", "交通运输"), ("快运", "快运", "交通运输"),
        ("电子商务", "电商", "电子商务"), ("网络科技", "网络", "电子商务"),
        ("商贸", "商贸", "批发零售"), ("医药连锁", "医药", "批发零售"), ("超市", "超市", "批发零售"),
        ("机械制造", "机械", "制造业"), ("汽车零部件", "汽配", "制造业"), ("食品", "食品", "制造业"), ("纺织服饰", "服饰", "制造业"),
        ("光电子", "光电", "制造业"), ("印务", "印务", "文化传媒"), ("文化传媒", "传媒", "文化传媒"),
        ("房地产开发", "地产", "房地产"), ("物业管理", "物业", "房地产"), ("电力设备", "电力", "能源电力"),
        ("保险代理", "保险", "金融保险"), ("通信技术", "通信", "电信通信"), ("教育咨询", "教育", "教育"),
    ];

    private static readonly string[] CompanySuffixes = ["有限公司", "有限公司", "有限公司", "股份有限公司", "有限责任公司"];

    /// <summary>Institutions (机关、事业单位) of a district, with their industry.</summary>
    public static readonly IReadOnlyList<(string Name, string Industry)> Institutions =
    [
        ("人民政府办公室", "政府机关"), ("市场监督管理局", "政府机关"), ("人力资源和社会保障局", "政府机关"), ("税务局", "政府机关"),
        ("教育局", "教育"), ("第一中学", "教育"), ("实验小学", "教育"), ("人民医院", "医疗卫生"), ("妇幼保健院", "医疗卫生"),
        ("疾病预防控制中心", "医疗卫生"), ("图书馆", "文化传媒"),
    ];

    private static readonly Dictionary<string, (string[] Roads, int Postcode)> DistrictStreets = new(StringComparer.Ordinal)
    {
        ["江岸区"] = (["解放大道", "沿江大道", "中山大道", "建设大道", "京汉大道", "黄浦大街", "花桥街", "二七路", "胜利街"], 430010),
        ["武昌区"] = (["武珞路", "中南路", "中北路", "徐东大街", "和平大道", "友谊大道", "民主路", "八一路", "临江大道"], 430060),
        ["西陵区"] = (["东山大道", "夷陵大道", "解放路", "云集路", "沿江大道", "西陵一路", "珍珠路", "隆康路"], 443000),
    };

    private static readonly string[] GenericRoads = ["人民路", "解放路", "建设路", "中山路", "新华路", "和平路", "文化路", "胜利路"];

    private static readonly (string Department, string Title)[] ContactRoles =
    [
        ("行政部", "经理"), ("办公室", "主任"), ("财务部", "会计"), ("物流部", "主管"), ("采购部", "经理"), ("市场部", "总监"),
        ("综合部", "副主任"), ("客服中心", "主管"), ("仓储部", "经理"), ("总经理办公室", "秘书"),
    ];

    public static string PersonName(Random r) => Surnames[r.Next(Surnames.Length)] + GivenNames[r.Next(GivenNames.Length)];

    public static string Mobile(Random r)
    {
        string[] prefixes = ["130", "131", "132", "133", "135", "136", "137", "138", "139", "150", "151", "152", "158", "159", "177", "180", "186", "187", "189"];
        return prefixes[r.Next(prefixes.Length)] + r.Next(0, 100_000_000).ToString("D8", CultureInfo.InvariantCulture);
    }

    /// <summary>A landline with the city's area code (027 武汉, 0717 宜昌, else 027).</summary>
    public static string Landline(Random r, OrgUnit? city) =>
        (city?.Name == "宜昌市" ? "0717-6" : "027-8") + r.Next(0, 10_000_000).ToString("D7", CultureInfo.InvariantCulture);

    /// <summary>A QQ mail address, as many Chinese office workers use.</summary>
    public static string Email(Random r) => r.NextInt64(100_000_000, 3_000_000_000).ToString(CultureInfo.InvariantCulture) + "@qq.com";

    public static (string Department, string Title) ContactRole(Random r) => ContactRoles[r.Next(ContactRoles.Length)];

    /// <summary>City without 市 (武汉市 → 武汉), the prefix of company names.</summary>
    public static string CityShort(OrgUnit? city) => city is null ? "湖北" : city.Name.TrimEnd('市');

    /// <summary>A company: name (e.g. 武汉长江物流有限公司), 简称 (长江物流) and industry name; its name key (<see cref="Customers.CustomerNames.Key"/>) unique within <paramref name="taken"/>, to which it is added.</summary>
    public static (string Name, string Short, string Industry) Company(Random r, OrgUnit? city, OrgUnit district, ISet<string> taken)
    {
        for (var attempt = 0; ; attempt++)
        {
            string name, shortName, industry;
            if (r.Next(10) == 0)
            {
                var (inst, ind) = Institutions[r.Next(Institutions.Count)];
                name = (city?.Name ?? "") + district.Name + inst;
                shortName = district.Name.TrimEnd('区', '县') + inst;
                industry = ind;
            }
            else
            {
                var trade = TradeNames[r.Next(TradeNames.Count)];
                var (word, shortWord, ind) = Trades[r.Next(Trades.Count)];
                name = CityShort(city) + trade + word + CompanySuffixes[r.Next(CompanySuffixes.Length)];
                shortName = trade + shortWord;
                industry = ind;
            }
            if (attempt > 50) name = name.Replace("公司", $"第{attempt}分公司", StringComparison.Ordinal);
            if (taken.Add(Customers.CustomerNames.Key(name))) return (name, shortName, industry);
        }
    }

    /// <summary>A street address in the district (e.g. 武汉市江岸区解放大道1128号) and its postcode.</summary>
    public static (string Address, string Postcode) Address(Random r, OrgUnit? city, OrgUnit district)
    {
        var (roads, postcode) = DistrictStreets.TryGetValue(district.Name, out var s) ? s : (GenericRoads, 430000);
        var building = r.Next(4) == 0 ? $"{TradeNames[r.Next(TradeNames.Count)]}大厦{r.Next(2, 30)}楼" : "";
        var address = $"{city?.Name}{district.Name}{roads[r.Next(roads.Length)]}{r.Next(1, 1800)}号{building}";
        return (address, (postcode + r.Next(0, 8)).ToString(CultureInfo.InvariantCulture));
    }

    /// <summary>A minimal but valid .docx (Word opens it; the upload checks of <c>FilePolicy</c> accept it): a title and paragraphs.</summary>
    public static byte[] WordDocument(string title, IEnumerable<string> paragraphs)
    {
        static string P(string text, bool bold = false) =>
            "<w:p><w:r>" + (bold ? "<w:rPr><w:b/><w:sz w:val=\"32\"/></w:rPr>" : "") + "<w:t xml:space=\"preserve\">"
            + SecurityElement.Escape(text) + "</w:t></w:r></w:p>";

        var body = new StringBuilder(P(title, bold: true));
        foreach (var p in paragraphs) body.Append(P(p));
        using var ms = new MemoryStream();
        using (var zip = new ZipArchive(ms, ZipArchiveMode.Create, leaveOpen: true))
        {
            Entry(zip, "[Content_Types].xml",
                "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
                + "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
                + "<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
                + "<Override PartName=\"/word/document.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/></Types>");
            Entry(zip, "_rels/.rels",
                "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
                + "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"word/document.xml\"/></Relationships>");
            Entry(zip, "word/document.xml",
                "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?><w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body>"
                + body + "</w:body></w:document>");
        }
        return ms.ToArray();
    }

    /// <summary>UTF-8 text with a byte-order mark, so Windows Notepad shows the Chinese correctly.</summary>
    public static byte[] TextFile(string text) => [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(text.Replace("\n", "\r\n", StringComparison.Ordinal))];

    private static void Entry(ZipArchive zip, string name, string content)
    {
        var entry = zip.CreateEntry(name, CompressionLevel.Fastest);
        entry.LastWriteTime = new DateTimeOffset(2026, 1, 1, 8, 0, 0, TimeSpan.FromHours(8)); // same bytes on every run
        using var w = new StreamWriter(entry.Open(), new UTF8Encoding(false));
        w.Write(content);
    }
}
