using LinqToDB.Data;
using PostalCrm.Plugins.Sharing.Data;
using PostalCrm.Plugins.Sharing.Features.FileTransfers;
using PostalCrm.Sdk.Data;
using PostalCrm.Sdk.Files;
using PostalCrm.Sdk.Organisation;
using PostalCrm.Sdk.Security;

namespace PostalCrm.Plugins.Sharing.Demo;

/// <summary>
/// Demo 信息共享: SME leads shared with the uploader's city, marketing cases from the key-account centres, file transfers
/// down the org tree, and the operation manuals — every file stored through the real file store (Word documents the
/// upload checks accept), so every download works.
/// </summary>
public sealed class SharingDemoData : IDemoData
{
    private static readonly string[] Needs =
    [
        "每月约2000件电商包裹寄递,希望提供上门揽收和月结服务", "年底有大批量宣传品需邮寄至全省客户", "需要同城文件当日达服务",
        "拟为会员定制个性化邮票礼品", "需要仓储加配送一体化物流方案", "每季度寄发对账单约5000封", "门店间调拨货物,每周两次干线运输",
        "新品上市需向全国经销商寄送样品",
    ];

    private static readonly (string Title, string Line, string Summary)[] Cases =
    [
        ("电商企业包裹业务营销案例", "包裹", "为本地电商企业提供上门揽收、批量打单和月结服务,三个月内日均件量由300件增至1500件。"),
        ("政务专递进机关营销案例", "速递", "与区政务服务中心合作,证照、文书统一由邮政专递送达,群众少跑腿。"),
        ("高校录取通知书寄递服务案例", "速递", "为省内高校定制录取通知书专用封套和全程跟踪查询服务。"),
        ("银行信用卡账单函件营销案例", "函件", "承接银行信用卡对账单打印、封装和投递,按月稳定发运。"),
        ("医药连锁冷链物流营销案例", "物流", "为医药连锁企业设计门店配送线路,冷链药品全程温控。"),
        ("报刊发行进社区营销案例", "报刊", "联合街道开展报刊征订进社区活动,当季征订份数同比增长三成。"),
        ("企业个性化邮票定制案例", "集邮", "为企业周年庆定制个性化邮票和纪念邮册,作为客户礼品。"),
        ("车管所证照寄递合作案例", "速递", "驾驶证、行驶证补换领业务窗口设邮政寄递服务点。"),
    ];

    private static readonly string[] ManualTitles = ["客户注册申报操作手册", "客户信息维护操作手册", "信息共享操作手册", "系统管理员操作手册"];

    public async Task SeedAsync(DemoContext ctx, CancellationToken ct)
    {
        var db = ctx.Db;
        var r = ctx.Random;
        var bulk = new BulkCopyOptions { BulkCopyType = db.IsPostgres ? BulkCopyType.ProviderSpecific : BulkCopyType.MultipleRows };
        var industries = await db.Industries.OrderBy(i => i.Sort).ToListAsync(ct);
        var productLines = (await db.ProductLines.ToListAsync(ct)).ToDictionary(p => p.Name, p => p.Id);
        var taken = (await db.BusinessCustomers.Select(c => c.NameKey).ToListAsync(ct)).ToHashSet(StringComparer.Ordinal);
        var centres = ctx.UsersInRole(RoleCodes.ProvinceCentre).Concat(ctx.UsersInRole(RoleCodes.CityCentre)).ToList();

        // 中小企业信息: a few per uploader (customer managers and centres), shared with the uploader's city.
        var leads = new List<SmeLead>();
        foreach (var user in ctx.UsersInRole(RoleCodes.CustomerManager).Concat(centres.Where(c => ctx.CityOf(ctx.Unit(c.OrgUnitId)) is not null)))
        {
            var unit = ctx.Unit(user.OrgUnitId);
            var city = ctx.CityOf(unit) ?? ctx.AreaOf(unit);
            var districts = ctx.Districts.Where(d => d.ParentId == city.Id).ToList();
            if (districts.Count == 0) continue;
            for (var i = 0; i < 3; i++)
            {
                var district = ctx.Pick(districts);
                var (company, _, industry) = DemoText.Company(r, city, district, taken);
                var (address, _) = DemoText.Address(r, city, district);
                var contact = DemoText.PersonName(r);
                var phone = DemoText.Mobile(r);
                var needs = ctx.Pick(Needs);
                var doc = DemoText.WordDocument(company + "企业信息", [$"企业名称:{company}", $"联系人:{contact}  电话:{phone}", $"地址:{address}", $"业务需求:{needs}"]);
                var file = await ctx.SaveFileAsync(user, company + "企业信息.docx", doc, FilePolicy.WordOnly(), ct);
                leads.Add(new SmeLead
                {
                    CompanyName = company, IndustryId = industries.FirstOrDefault(x => x.Name == industry)?.Id ?? industries[0].Id, ContactName = contact,
                    ContactPhone = phone, Address = address, Needs = needs, Remarks = r.Next(3) == 0 ? "企业负责人对邮政服务有兴趣,建议尽快上门" : null,
                    FileId = file.Id, ShareAreaId = city.Id, OrgUnitId = unit.Id, UploadedBy = user.Id, UploadedAt = ctx.DaysAgo(1, 120),
                });
            }
        }
        await db.BulkCopyAsync(bulk, leads, ct);

        // 营销案例: uploaded by the provincial and city centres, shared with their area.
        var cases = new List<MarketingCase>();
        for (var i = 0; i < Cases.Length && centres.Count > 0; i++)
        {
            var (title, line, summary) = Cases[i];
            var user = centres[i % centres.Count];
            var unit = ctx.Unit(user.OrgUnitId);
            var area = ctx.AreaOf(unit);
            var full = area.Name.TrimEnd('省', '市') + title;
            var doc = DemoText.WordDocument(full, ["一、客户背景", summary, "二、营销过程", "客户经理多次上门沟通,结合客户需求设计服务方案。", "三、经验总结", "以客户需求为中心,提供一揽子邮政服务。"]);
            var file = await ctx.SaveFileAsync(user, full + ".docx", doc, FilePolicy.Documents(), ct);
            cases.Add(new MarketingCase
            {
                Title = full, ProductLineId = productLines.GetValueOrDefault(line, productLines.Values.Min()), Summary = summary, FileId = file.Id,
                ShareAreaId = area.Id, OrgUnitId = unit.Id, UploadedBy = user.Id, UploadedAt = ctx.DaysAgo(3, 200),
            });
        }
        await db.BulkCopyAsync(bulk, cases, ct);

        // 文件传送: each centre and district dept sends to areas below it (recipients must lie in the sender's area).
        foreach (var sender in centres.Concat(ctx.UsersInRole(RoleCodes.DistrictDept)))
        {
            var unit = ctx.Unit(sender.OrgUnitId);
            var area = ctx.AreaOf(unit);
            var below = ctx.Units.Where(u => u.Active && u.ParentId == area.Id && u.Kind is OrgUnitKind.Area or OrgUnitKind.SpecialistBureau).ToList();
            List<OrgUnit> recipients = below.Count > 0 ? below : [area];
            var sendings = area.Level switch
            {
                OrgLevel.Province => new[] { ("关于开展2026年大客户走访活动的通知", "请各市(州)于本月底前完成重点客户走访计划,并按附件格式上报。"),
                                             ("全省大客户营销季度通报", "附件为本季度全省大客户营销工作通报,请各单位认真学习,查找差距。") },
                OrgLevel.City => [($"{area.Name}大客户中心关于客户信息核查的通知", "请各区县大客户部于两周内核对本辖区客户联系人和地址信息,发现问题及时更正。"),
                                  ($"{area.Name}大客户业务培训安排", "下周三下午在市公司三楼会议室开展大客户业务培训,请各单位客户经理准时参加。")],
                _ => [($"{area.Name}大客户部周例会纪要", "本周重点:跟进待预审申请,完成季度客户回访。")],
            };
            foreach (var (title, content) in sendings)
            {
                var doc = DemoText.WordDocument(title, [.. content.Split('\n'), "", unit.Name]);
                var file = await ctx.SaveFileAsync(sender, title + ".docx", doc, FilePolicy.AnyButExecutable(FileTransferService.MaxFileBytes), ct);
                var id = await db.InsertWithInt32IdentityAsync(new FileTransfer
                {
                    Title = title, Content = content, FileId = file.Id, SenderOrgUnitId = unit.Id, SentBy = sender.Id, SentAt = ctx.DaysAgo(1, 60),
                }, token: ct);
                await db.BulkCopyAsync(bulk, recipients.Select(u => new FileTransferRecipient { TransferId = id, OrgUnitId = u.Id }), ct);
            }
        }

        // 操作手册: maintained by the administrator.
        if (ctx.UsersInRole(RoleCodes.Admin) is [var admin, ..])
        {
            foreach (var title in ManualTitles)
            {
                var doc = DemoText.WordDocument(title, ["第一章 系统登录", "使用分配的登录号码和密码登录系统,首次登录须修改密码。", "第二章 功能说明", $"本手册介绍{title.Replace("操作手册", "", StringComparison.Ordinal)}的操作步骤。"]);
                var file = await ctx.SaveFileAsync(admin, title + ".docx", doc, FilePolicy.Documents(), ct);
                await db.InsertAsync(new Manual { Title = title, FileId = file.Id, UploadedBy = admin.Id, UploadedAt = ctx.DaysAgo(100, 300) }, token: ct);
            }
        }
    }
}
