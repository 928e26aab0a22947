using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using PostalCrm.Sdk.Data;
using PostalCrm.Sdk.Numbering;
using PostalCrm.Sdk.Organisation;
using PostalCrm.Testing;
using static PostalCrm.Host.Tests.AdminTestHelpers;

namespace PostalCrm.Host.Tests;

/// <summary>机构管理, 号码段管理, 基础数据 and 插件管理.</summary>
[TestFixtureSource(typeof(TestDatabase), nameof(TestDatabase.Providers))]
public class AdminDataTests(DatabaseProvider provider) : AdminFixture(provider)
{
    private static string S(int v) => v.ToString(CultureInfo.InvariantCulture);

    // ---------- 机构管理 ----------

    [Test]
    public async Task Org_units_add_a_district_and_its_department_with_the_path_maintained()
    {
        var wuhan = await App.UnitIdAsync("420100");
        // 用户管理's unit filter is kept briefly (UnitOptionsCache): read it before the change.
        Assert.That(await Admin.GetHtmlAsync("/admin/users"), Does.Not.Contain("洪山区"));
        var res = await Admin.PostFormAsync($"/admin/org-units/{wuhan}/add",
            Form(("Kind", "0"), ("Code", "420111"), ("Name", "洪山区")), tokenFrom: $"/admin/org-units/{wuhan}/add");
        AssertRedirect(res, "/admin/org-units");

        using var db = App.Db();
        var parent = await db.OrgUnits.FirstAsync(u => u.Id == wuhan);
        var hongshan = await db.OrgUnits.FirstAsync(u => u.Code == "420111");
        Assert.That(hongshan.Path, Is.EqualTo($"{parent.Path}{hongshan.Id}/"));
        Assert.That((hongshan.Level, hongshan.Kind, hongshan.ParentId, hongshan.Active), Is.EqualTo((OrgLevel.District, OrgUnitKind.Area, (int?)wuhan, true)));

        res = await Admin.PostFormAsync($"/admin/org-units/{hongshan.Id}/add",
            Form(("Kind", "3"), ("Code", "420111KA"), ("Name", "洪山区大客户部")), tokenFrom: $"/admin/org-units/{hongshan.Id}/add");
        AssertRedirect(res, "/admin/org-units");
        var dept = await db.OrgUnits.FirstAsync(u => u.Code == "420111KA");
        Assert.That(dept.Path, Is.EqualTo($"{hongshan.Path}{dept.Id}/"));
        Assert.That((dept.Level, dept.Kind), Is.EqualTo((OrgLevel.District, OrgUnitKind.KeyAccountDept)));
        Assert.That(await Admin.GetHtmlAsync("/admin/users"), Does.Contain("洪山区</option>").And.Contain("洪山区大客户部</option>"),
            "offered at once in 用户管理's unit filter");

        // The tree shows the new units below 武汉市, indented one level more each.
        var html = await Admin.GetHtmlAsync("/admin/org-units");
        var iWuhan = html.IndexOf("└ 武汉市<", StringComparison.Ordinal);
        var iHongshan = html.IndexOf("└ 洪山区<", StringComparison.Ordinal);
        var iDept = html.IndexOf("└ 洪山区大客户部<", StringComparison.Ordinal);
        var iYichang = html.IndexOf("└ 宜昌市<", StringComparison.Ordinal);
        Assert.That(new[] { iWuhan, iHongshan, iDept, iYichang }, Is.Ordered.And.All.GreaterThan(0), "tree order");
        Assert.That(html, Does.Contain("padding-left:5rem\">└ 洪山区大客户部").And.Contains("padding-left:3.5rem\">└ 洪山区<"));

        var audit = await db.AuditEntries.SingleAsync(a => a.Entity == "org_unit" && a.EntityId == S(dept.Id) && a.Action == "create");
        Assert.That(audit.AfterJson, Does.Contain("洪山区大客户部").And.Contains(dept.Path));
    }

    [Test]
    public async Task Org_units_refuse_bad_input_with_chinese_messages_and_change_nothing()
    {
        var wuhan = await App.UnitIdAsync("420100");
        var jiangan = await App.UnitIdAsync("420102");
        var jaDept = await App.UnitIdAsync("420102KA");
        int count;
        using (var db = App.Db()) count = await db.OrgUnits.CountAsync();

        async Task<string> Add(int parent, string kind, string code, string name, string? productLine = null)
        {
            var fields = Form(("Kind", kind), ("Code", code), ("Name", name));
            if (productLine is not null) fields.Add(new("ProductLineId", productLine));
            var res = await Admin.PostFormAsync($"/admin/org-units/{parent}/add", fields, tokenFrom: $"/admin/org-units/{parent}/add");
            Assert.That(res.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            return Errors(await res.BodyAsync());
        }

        Assert.That(await Add(wuhan, "2", "420100BAO", "武汉市包裹专业局"), Does.Contain("专业局必须选择所属专业"));
        Assert.That(await Add(wuhan, "0", "4201A", "坏区"), Does.Contain("6 位数字"));
        Assert.That(await Add(wuhan, "0", "420102", "重复代码区"), Does.Contain("机构代码“420102”已被“江岸区”使用"));
        Assert.That(await Add(wuhan, "0", "420199", "江岸区"), Does.Contain("同一上级机构下已有名为“江岸区”的机构"));
        Assert.That(await Add(jiangan, "0", "420198", "街道"), Does.Contain("区(县)下不能再添加行政区域"));
        Assert.That(await Add(jiangan, "1", "420102KC", "区里的中心"), Does.Contain("大客户中心只能设在省或市(州)"));
        Assert.That(await Add(jaDept, "4", "420102P1", "支局"), Does.Contain("只能在行政区域"));
        Assert.That(await Add(wuhan, "0", "420197", ""), Does.Contain("请输入机构名称"));

        using var check = App.Db();
        Assert.That(await check.OrgUnits.CountAsync(), Is.EqualTo(count));
    }

    [Test]
    public async Task Org_units_rename_and_deactivate_only_when_nothing_active_hangs_below()
    {
        var yichang = await App.UnitIdAsync("420500");
        AssertRedirect(await Admin.PostFormAsync($"/admin/org-units/{yichang}/add",
            Form(("Kind", "2"), ("Code", "420500BK"), ("Name", "宜昌市报刊专业局"), ("ProductLineId", S(await ProductLineIdAsync("报刊")))),
            tokenFrom: $"/admin/org-units/{yichang}/add"), "/admin/org-units");
        var bureau = await App.UnitIdAsync("420500BK");

        AssertRedirect(await Admin.PostFormAsync($"/admin/org-units/{bureau}/rename", Form(("name", "宜昌市报刊发行局")), tokenFrom: $"/admin/org-units/{bureau}/rename"), "/admin/org-units");
        AssertRedirect(await Admin.PostFormAsync($"/admin/org-units/{bureau}/deactivate", Form(), tokenFrom: "/admin/org-units"), "/admin/org-units");
        using (var db = App.Db())
        {
            var unit = await db.OrgUnits.FirstAsync(u => u.Id == bureau);
            Assert.That((unit.Name, unit.Active), Is.EqualTo(("宜昌市报刊发行局", false)));
            Assert.That(await db.AuditEntries.Where(a => a.Entity == "org_unit" && a.EntityId == S(bureau)).Select(a => a.Action).ToListAsync(),
                Is.EquivalentTo(new[] { "create", "rename", "deactivate" }));
        }

        // 宜昌市 still has active units and a user (yc_cm1): refused, nothing changed.
        var res = await Admin.PostFormAsync($"/admin/org-units/{yichang}/deactivate", Form(), tokenFrom: "/admin/org-units");
        Assert.That(Errors(await res.BodyAsync()), Does.Contain("还有启用的下级机构"));
        var xilingDept = await App.UnitIdAsync("420502KA");
        var xiling = await App.UnitIdAsync("420502");
        AssertRedirect(await Admin.PostFormAsync($"/admin/org-units/{xilingDept}/deactivate", Form(), tokenFrom: "/admin/org-units"), "/admin/org-units");
        using (var db = App.Db()) Assert.That(await db.OrgUnits.Where(u => u.Id == yichang).Select(u => u.Active).FirstAsync(), Is.True);

        // A user in a unit blocks it; reactivation needs an active parent.
        AssertRedirect(await Admin.PostFormAsync($"/admin/org-units/{xiling}/deactivate", Form(), tokenFrom: "/admin/org-units"), "/admin/org-units");
        var reactivate = await Admin.PostFormAsync($"/admin/org-units/{xilingDept}/activate", Form(), tokenFrom: "/admin/org-units");
        Assert.That(Errors(await reactivate.BodyAsync()), Does.Contain("上级机构已停用"));
        var withUsers = await Admin.PostFormAsync($"/admin/org-units/{await App.UnitIdAsync("420000KA")}/deactivate", Form(), tokenFrom: "/admin/org-units");
        Assert.That(Errors(await withUsers.BodyAsync()), Does.Contain("个启用的用户"));
    }

    // ---------- 号码段管理 ----------

    [Test]
    public async Task Number_ranges_are_allocated_to_area_units_and_overlaps_are_refused()
    {
        var wuhan = await App.UnitIdAsync("420100");
        AssertRedirect(await Admin.PostFormAsync($"/admin/org-units/{wuhan}/add",
            Form(("Kind", "0"), ("Code", "420112"), ("Name", "东西湖区")), tokenFrom: $"/admin/org-units/{wuhan}/add"), "/admin/org-units");
        var dxh = await App.UnitIdAsync("420112");

        async Task<HttpResponseMessage> Allocate(int unit, string start, string end) =>
            await Admin.PostFormAsync("/admin/number-ranges", Form(("OrgUnitId", S(unit)), ("StartSerial", start), ("EndSerial", end)), tokenFrom: "/admin/number-ranges");

        AssertRedirect(await Allocate(dxh, "1", "1000"), "/admin/number-ranges");
        var html = await Admin.GetHtmlAsync("/admin/number-ranges");
        Assert.That(html, Does.Contain("42011200000001").And.Contains("42011200001000"));

        async Task Refused(HttpResponseMessage res, string message)
        {
            Assert.That(res.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(Errors(await res.BodyAsync()), Does.Contain(message));
        }
        await Refused(await Allocate(dxh, "500", "2000"), "与已有号码段 42011200000001–42011200001000 重叠");
        await Refused(await Allocate(dxh, "1000", "1000"), "重叠");
        await Refused(await Allocate(await App.UnitIdAsync("420102"), "100000", "200000"), "重叠");
        await Refused(await Allocate(dxh, "3000", "2000"), "结束序号不能小于起始序号");
        await Refused(await Allocate(dxh, "0", "10"), "起始序号必须是 1–99999999 之间的整数");
        await Refused(await Allocate(dxh, "1", "100000000"), "结束序号必须是 1–99999999 之间的整数");
        await Refused(await Allocate(dxh, "abc", "10"), "起始序号必须是");
        await Refused(await Allocate(await App.UnitIdAsync("420102KA"), "1", "10"), "号码段只能分配给行政区域单位");

        // An area whose code is not 6 digits (legacy data) cannot prefix numbers.
        using (var db = App.Db())
        {
            var parent = await db.OrgUnits.FirstAsync(u => u.Id == wuhan);
            var id = await db.InsertWithInt32IdentityAsync(new OrgUnit { Code = "42011X", Name = "旧数据区", ParentId = wuhan, Level = OrgLevel.District, Kind = OrgUnitKind.Area, Path = "", Active = true });
            await db.OrgUnits.Where(u => u.Id == id).Set(u => u.Path, OrgTree.ChildPath(parent.Path, id)).UpdateAsync();
            await Refused(await Allocate(id, "1", "10"), "机构代码“42011X”不是 6 位数字");
        }

        AssertRedirect(await Allocate(dxh, "1001", "2000"), "/admin/number-ranges");
        using var check = App.Db();
        var ranges = await check.NumberRanges.Where(r => r.UnitCode == "420112").OrderBy(r => r.StartSerial).ToListAsync();
        Assert.That(ranges.Select(r => (r.StartSerial, r.EndSerial, r.NextSerial, r.OrgUnitId)),
            Is.EqualTo(new[] { (1L, 1000L, 1L, dxh), (1001L, 2000L, 1001L, dxh) }));
        Assert.That(await check.AuditEntries.CountAsync(a => a.Entity == "number_range" && a.Action == "create"), Is.EqualTo(2));
        Assert.That(await check.NumberRanges.CountAsync(r => r.UnitCode == "42011X"), Is.Zero);

        // An unused range may be deleted; one that handed out a number may not.
        await check.NumberRanges.Where(r => r.Id == ranges[0].Id).Set(r => r.NextSerial, 2).UpdateAsync();
        var used = await Admin.PostFormAsync($"/admin/number-ranges/{ranges[0].Id}/delete", Form(), tokenFrom: "/admin/number-ranges");
        Assert.That(Errors(await used.BodyAsync()), Does.Contain("已有号码被使用,不能删除"));
        AssertRedirect(await Admin.PostFormAsync($"/admin/number-ranges/{ranges[1].Id}/delete", Form(), tokenFrom: "/admin/number-ranges"), "/admin/number-ranges");
        Assert.That(await check.NumberRanges.Where(r => r.UnitCode == "420112").Select(r => r.Id).ToListAsync(), Is.EqualTo(new[] { ranges[0].Id }));
    }

    [Test]
    public async Task Number_range_list_shows_next_number_and_remaining()
    {
        using (var db = App.Db())
            await db.NumberRanges.Where(r => r.UnitCode == "420502").Set(r => r.NextSerial, 134).UpdateAsync();
        var html = await Admin.GetHtmlAsync("/admin/number-ranges");
        Assert.That(html, Does.Contain("42050200000134"));
        Assert.That(html, Does.Contain((NumberRange.MaxSerial - 133).ToString("N0", CultureInfo.InvariantCulture)));
    }

    // ---------- 基础数据 ----------

    [Test]
    public async Task Product_lines_and_business_types_add_rename_deactivate_with_unique_names()
    {
        const string page = "/admin/reference/product-lines";
        AssertRedirect(await Admin.PostFormAsync($"{page}/add", Form(("name", " 国际业务 ")), tokenFrom: page), page);
        var id = await ProductLineIdAsync("国际业务");

        var dup = await Admin.PostFormAsync($"{page}/add", Form(("name", "国际业务")), tokenFrom: page);
        Assert.That(Errors(await dup.BodyAsync()), Does.Contain("专业“国际业务”已存在"));
        var clash = await Admin.PostFormAsync($"{page}/{id}/rename", Form(("name", "函件")), tokenFrom: page);
        Assert.That(Errors(await clash.BodyAsync()), Does.Contain("专业“函件”已存在"));
        var empty = await Admin.PostFormAsync($"{page}/add", Form(("name", "")), tokenFrom: page);
        Assert.That(Errors(await empty.BodyAsync()), Does.Contain("请输入专业名称"));
        AssertRedirect(await Admin.PostFormAsync($"{page}/{id}/rename", Form(("name", "国际邮件")), tokenFrom: page), page);

        AssertRedirect(await Admin.PostFormAsync($"{page}/{id}/types/add", Form(("name", "国际小包")), tokenFrom: page), page);
        var dupType = await Admin.PostFormAsync($"{page}/{id}/types/add", Form(("name", "国际小包")), tokenFrom: page);
        Assert.That(Errors(await dupType.BodyAsync()), Does.Contain("专业“国际邮件”下已有业务类型“国际小包”"));
        // The same type name under another product line is fine.
        AssertRedirect(await Admin.PostFormAsync($"{page}/{await ProductLineIdAsync("包裹")}/types/add", Form(("name", "国际小包")), tokenFrom: page), page);

        int typeId;
        using (var db = App.Db()) typeId = await db.BusinessTypes.Where(t => t.ProductLineId == id && t.Name == "国际小包").Select(t => t.Id).FirstAsync();
        AssertRedirect(await Admin.PostFormAsync($"/admin/reference/business-types/{typeId}/rename", Form(("name", "国际E邮宝")), tokenFrom: page), page);
        AssertRedirect(await Admin.PostFormAsync($"/admin/reference/business-types/{typeId}/deactivate", Form(), tokenFrom: page), page);
        AssertRedirect(await Admin.PostFormAsync($"{page}/{id}/deactivate", Form(), tokenFrom: page), page);

        using var check = App.Db();
        var line = await check.ProductLines.FirstAsync(p => p.Id == id);
        Assert.That((line.Name, line.Active), Is.EqualTo(("国际邮件", false)));
        var type = await check.BusinessTypes.FirstAsync(t => t.Id == typeId);
        Assert.That((type.Name, type.Active), Is.EqualTo(("国际E邮宝", false)));
        Assert.That(await check.ProductLines.CountAsync(p => p.Name == "国际业务" || p.Name == "国际邮件"), Is.EqualTo(1));
        var audit = await check.AuditEntries.Where(a => a.Entity == "product_line" && a.EntityId == S(id)).OrderBy(a => a.Id).ToListAsync();
        Assert.That(audit.Select(a => a.Action), Is.EqualTo(new[] { "create", "update", "update" }));
        Assert.That(audit[1].BeforeJson, Does.Contain("国际业务"));
        Assert.That(audit[1].AfterJson, Does.Contain("国际邮件"));

        var html = await Admin.GetHtmlAsync(page);
        Assert.That(html, Does.Contain("value=\"国际邮件\"").And.Contains("value=\"国际E邮宝\"").And.Contains("已停用"));
    }

    [Test]
    public async Task Customer_levels_keep_diamond_and_refuse_duplicates_and_deleting_used_ones()
    {
        const string page = "/admin/reference/levels";
        AssertRedirect(await Admin.PostFormAsync($"{page}/add", Form(("name", "铜牌"), ("sort", "")), tokenFrom: page), page);
        int copper, silver, diamond;
        using (var db = App.Db())
        {
            copper = await db.CustomerLevels.Where(l => l.Name == "铜牌").Select(l => l.Id).FirstAsync();
            silver = await db.CustomerLevels.Where(l => l.Name == "银").Select(l => l.Id).FirstAsync();
            diamond = await db.CustomerLevels.Where(l => l.Name == "钻石级").Select(l => l.Id).FirstAsync();
            Assert.That(await db.CustomerLevels.Where(l => l.Id == copper).Select(l => l.Sort).FirstAsync(), Is.EqualTo(6));
        }

        Assert.That(Errors(await (await Admin.PostFormAsync($"{page}/add", Form(("name", "银")), tokenFrom: page)).BodyAsync()), Does.Contain("客户级别“银”已存在"));
        Assert.That(Errors(await (await Admin.PostFormAsync($"{page}/{copper}/edit", Form(("name", "金"), ("sort", "6")), tokenFrom: page)).BodyAsync()), Does.Contain("客户级别“金”已存在"));
        Assert.That(Errors(await (await Admin.PostFormAsync($"{page}/{diamond}/edit", Form(("name", "钻石"), ("sort", "1")), tokenFrom: page)).BodyAsync()), Does.Contain("不能更名"));
        Assert.That(Errors(await (await Admin.PostFormAsync($"{page}/{diamond}/delete", Form(), tokenFrom: page)).BodyAsync()), Does.Contain("不能删除"));
        Assert.That(Errors(await (await Admin.PostFormAsync($"{page}/{copper}/edit", Form(("name", "铜牌"), ("sort", "x")), tokenFrom: page)).BodyAsync()), Does.Contain("排序号必须是"));

        await App.InsertCustomerAsync("LV-0001", "银级测试客户", "420102", levelId: silver);
        int silverUsers; // the demo customers use 银 too
        using (var db = App.Db()) silverUsers = await db.BusinessCustomers.CountAsync(c => c.LevelId == silver);
        Assert.That(Errors(await (await Admin.PostFormAsync($"{page}/{silver}/delete", Form(), tokenFrom: page)).BodyAsync()),
            Does.Contain($"客户级别“银”已被 {silverUsers} 个客户使用,不能删除"));

        AssertRedirect(await Admin.PostFormAsync($"{page}/{copper}/edit", Form(("name", "铜"), ("sort", "7")), tokenFrom: page), page);
        AssertRedirect(await Admin.PostFormAsync($"{page}/{diamond}/edit", Form(("name", "钻石级"), ("sort", "0")), tokenFrom: page), page);
        using (var db = App.Db())
        {
            Assert.That(await db.CustomerLevels.Where(l => l.Id == copper).Select(l => new { l.Name, l.Sort }).FirstAsync(), Is.EqualTo(new { Name = "铜", Sort = 7 }));
            Assert.That(await db.CustomerLevels.AnyAsync(l => l.Id == silver), Is.True);
            Assert.That(await db.CustomerLevels.CountAsync(l => l.Name == "金"), Is.EqualTo(1));
        }
        AssertRedirect(await Admin.PostFormAsync($"{page}/{copper}/delete", Form(), tokenFrom: page), page);
        using var check = App.Db();
        Assert.That(await check.CustomerLevels.AnyAsync(l => l.Id == copper), Is.False);
        Assert.That(await check.AuditEntries.Where(a => a.Entity == "customer_level" && a.EntityId == S(copper)).Select(a => a.Action).ToListAsync(),
            Is.EquivalentTo(new[] { "create", "update", "delete" }));
    }

    [Test]
    public async Task Industries_add_rename_with_unique_names_and_delete_only_unused()
    {
        const string page = "/admin/reference/industries";
        AssertRedirect(await Admin.PostFormAsync($"{page}/add", Form(("name", "物流快递")), tokenFrom: page), page);
        Assert.That(Errors(await (await Admin.PostFormAsync($"{page}/add", Form(("name", "教育")), tokenFrom: page)).BodyAsync()), Does.Contain("行业“教育”已存在"));
        int id, education;
        using (var db = App.Db())
        {
            id = await db.Industries.Where(i => i.Name == "物流快递").Select(i => i.Id).FirstAsync();
            education = await db.Industries.Where(i => i.Name == "教育").Select(i => i.Id).FirstAsync();
        }
        Assert.That(Errors(await (await Admin.PostFormAsync($"{page}/{id}/edit", Form(("name", "教育"), ("sort", "")), tokenFrom: page)).BodyAsync()), Does.Contain("行业“教育”已存在"));
        AssertRedirect(await Admin.PostFormAsync($"{page}/{id}/edit", Form(("name", "快递物流"), ("sort", "")), tokenFrom: page), page);

        await App.InsertCustomerAsync("IN-0001", "教育行业测试客户", "420106", industryId: education);
        int educationUsers; // the demo customers include schools too
        using (var db = App.Db()) educationUsers = await db.BusinessCustomers.CountAsync(c => c.IndustryId == education);
        Assert.That(Errors(await (await Admin.PostFormAsync($"{page}/{education}/delete", Form(), tokenFrom: page)).BodyAsync()), Does.Contain($"已被 {educationUsers} 个客户使用"));
        Assert.That(await Admin.GetHtmlAsync(page), Does.Contain("value=\"快递物流\""));

        using var check = App.Db();
        Assert.That(await check.Industries.Where(i => i.Id == id).Select(i => i.Name).FirstAsync(), Is.EqualTo("快递物流"));
        Assert.That(await check.Industries.AnyAsync(i => i.Id == education), Is.True);
    }

    [Test]
    public async Task Indicators_add_edit_deactivate_with_unique_names()
    {
        const string page = "/admin/reference/indicators";
        AssertRedirect(await Admin.PostFormAsync($"{page}/add", Form(("name", "回款及时率"), ("unit", "%"), ("description", "按期回款的账单比例")), tokenFrom: page), page);
        Assert.That(Errors(await (await Admin.PostFormAsync($"{page}/add", Form(("name", "妥投率"), ("unit", "%"), ("description", "")), tokenFrom: page)).BodyAsync()),
            Does.Contain("关注指标“妥投率”已存在"));
        int id;
        using (var db = App.Db()) id = await db.Indicators.Where(i => i.Name == "回款及时率").Select(i => i.Id).FirstAsync();
        AssertRedirect(await Admin.PostFormAsync($"{page}/{id}/edit", Form(("name", "回款及时率"), ("unit", "百分比"), ("description", "")), tokenFrom: page), page);
        AssertRedirect(await Admin.PostFormAsync($"{page}/{id}/deactivate", Form(), tokenFrom: page), page);

        using var check = App.Db();
        var indicator = await check.Indicators.FirstAsync(i => i.Id == id);
        Assert.That((indicator.Unit, indicator.Description, indicator.Active), Is.EqualTo(("百分比", (string?)null, false)));
        Assert.That(await check.Indicators.CountAsync(i => i.Name == "妥投率"), Is.EqualTo(1));
        Assert.That(await check.AuditEntries.CountAsync(a => a.Entity == "indicator" && a.EntityId == S(id)), Is.EqualTo(3));
    }

    // ---------- 插件管理 ----------

    [Test]
    public async Task Plugin_page_lists_sharing_with_its_version_and_state()
    {
        var html = await Admin.GetHtmlAsync("/admin/plugins");
        Assert.That(html, Does.Match("<tr data-id=\"sharing\">\\s*<td><code>sharing</code></td>\\s*<td>[^<]+</td>\\s*<td class=\"version\">"
            + Regex.Escape(RepoPaths.PluginVersion("sharing")) + "</td>"));
        Assert.That(html, Does.Contain("已启用"));
        Assert.That(html, Does.Contain("<code>[1.1,2.0)</code>"));
    }

    private async Task<int> ProductLineIdAsync(string name)
    {
        using var db = App.Db();
        return await db.ProductLines.Where(p => p.Name == name).Select(p => p.Id).FirstAsync();
    }
}
