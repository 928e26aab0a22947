using Microsoft.AspNetCore.Mvc;
using PostalCrm.Host.Security;
using PostalCrm.Sdk.Audit;
using PostalCrm.Sdk.Data;
using PostalCrm.Sdk.Reference;
using PostalCrm.Sdk.Security;

namespace PostalCrm.Host.Features.ReferenceData;

public sealed record ProductLineRow(ProductLine Line, IReadOnlyList<BusinessType> Types, int Bureaus);

public sealed record NamedRow(int Id, string Name, int Sort, int UsedBy, bool Protected);

/// <summary>Levels or industries: the same page for two small name lists.</summary>
public sealed class NamedListPage
{
    public required string Title { get; init; }
    /// <summary>"Level" or "Industry": the actions are Add{Kind}, Edit{Kind}, Delete{Kind}.</summary>
    public required string Kind { get; init; }
    public required string Intro { get; init; }
    public IReadOnlyList<NamedRow> Rows { get; init; } = [];
}

/// <summary>
/// 基础数据: product lines and their business types, customer levels, industries and the KPI indicator catalogue.
/// Names are unique; what is referenced is deactivated (or, for levels and industries, kept) rather than deleted.
/// </summary>
[Route("admin/reference"), RequirePermission(HostPermissions.ReferenceData)]
public sealed class ReferenceDataController(PostalDb db, AuditLog audit) : Controller
{
    // ---------- 专业与业务类型 ----------

    [HttpGet("product-lines")]
    public async Task<IActionResult> ProductLines()
    {
        var lines = await db.ProductLines.OrderBy(p => p.Sort).ThenBy(p => p.Id).ToListAsync();
        var types = (await db.BusinessTypes.OrderBy(t => t.Id).ToListAsync()).ToLookup(t => t.ProductLineId);
        var bureaus = (await db.OrgUnits.Where(u => u.ProductLineId != null)
                .GroupBy(u => u.ProductLineId).Select(g => new { g.Key, Count = g.Count() }).ToListAsync())
            .ToDictionary(x => x.Key!.Value, x => x.Count);
        return View("ProductLines", lines.Select(l => new ProductLineRow(l, [.. types[l.Id]], bureaus.GetValueOrDefault(l.Id))).ToList());
    }

    [HttpPost("product-lines/add")]
    public Task<IActionResult> AddProductLine(string? name) => Change(ProductLines, async () =>
    {
        var n = Input.RequireText(name, "专业名称", 50);
        await UniqueProductLineAsync(n, null);
        var sort = await db.ProductLines.Select(p => (int?)p.Sort).MaxAsync() ?? 0;
        var line = new ProductLine { Name = n, Sort = sort + 1, Active = true };
        line.Id = await db.InsertWithInt32IdentityAsync(line);
        await audit.WriteAsync("product_line", line.Id, "create", null, line);
        return $"已添加专业“{n}”";
    });

    [HttpPost("product-lines/{id:int}/rename")]
    public Task<IActionResult> RenameProductLine(int id, string? name) => Change(ProductLines, async () =>
    {
        var line = await FindAsync(db.ProductLines, p => p.Id == id);
        var n = Input.RequireText(name, "专业名称", 50);
        await UniqueProductLineAsync(n, id);
        var before = Copy(line);
        line.Name = n;
        await audit.UpdateAsync(before, line, "product_line", id);
        return $"专业已更名为“{n}”";
    });

    [HttpPost("product-lines/{id:int}/deactivate")]
    public Task<IActionResult> DeactivateProductLine(int id) => SetProductLineActive(id, false);

    [HttpPost("product-lines/{id:int}/activate")]
    public Task<IActionResult> ActivateProductLine(int id) => SetProductLineActive(id, true);

    private Task<IActionResult> SetProductLineActive(int id, bool active) => Change(ProductLines, async () =>
    {
        var line = await FindAsync(db.ProductLines, p => p.Id == id);
        if (line.Active != active)
        {
            var before = Copy(line);
            line.Active = active;
            await audit.UpdateAsync(before, line, "product_line", id);
        }
        return active ? $"已启用专业“{line.Name}”" : $"已停用专业“{line.Name}”(已有的业务关系和用邮记录不受影响)";
    });

    [HttpPost("product-lines/{id:int}/types/add")]
    public Task<IActionResult> AddBusinessType(int id, string? name) => Change(ProductLines, async () =>
    {
        var line = await FindAsync(db.ProductLines, p => p.Id == id);
        var n = Input.RequireText(name, "业务类型名称", 50);
        await UniqueBusinessTypeAsync(line, n, null);
        var type = new BusinessType { ProductLineId = line.Id, Name = n, Active = true };
        type.Id = await db.InsertWithInt32IdentityAsync(type);
        await audit.WriteAsync("business_type", type.Id, "create", null, type);
        return $"已为专业“{line.Name}”添加业务类型“{n}”";
    });

    [HttpPost("business-types/{id:int}/rename")]
    public Task<IActionResult> RenameBusinessType(int id, string? name) => Change(ProductLines, async () =>
    {
        var type = await FindAsync(db.BusinessTypes, t => t.Id == id);
        var line = await db.ProductLines.FirstAsync(p => p.Id == type.ProductLineId);
        var n = Input.RequireText(name, "业务类型名称", 50);
        await UniqueBusinessTypeAsync(line, n, id);
        var before = Copy(type);
        type.Name = n;
        await audit.UpdateAsync(before, type, "business_type", id);
        return $"业务类型已更名为“{n}”";
    });

    [HttpPost("business-types/{id:int}/deactivate")]
    public Task<IActionResult> DeactivateBusinessType(int id) => SetBusinessTypeActive(id, false);

    [HttpPost("business-types/{id:int}/activate")]
    public Task<IActionResult> ActivateBusinessType(int id) => SetBusinessTypeActive(id, true);

    private Task<IActionResult> SetBusinessTypeActive(int id, bool active) => Change(ProductLines, async () =>
    {
        var type = await FindAsync(db.BusinessTypes, t => t.Id == id);
        if (type.Active != active)
        {
            var before = Copy(type);
            type.Active = active;
            await audit.UpdateAsync(before, type, "business_type", id);
        }
        return active ? $"已启用业务类型“{type.Name}”" : $"已停用业务类型“{type.Name}”";
    });

    private async Task UniqueProductLineAsync(string name, int? self)
    {
        if (await db.ProductLines.FirstOrDefaultAsync(p => p.Name == name && (self == null || p.Id != self)) is { } other)
            throw new BusinessRuleException(other.Active ? $"专业“{name}”已存在" : $"专业“{name}”已存在(已停用,可重新启用)");
    }

    private async Task UniqueBusinessTypeAsync(ProductLine line, string name, int? self)
    {
        if (await db.BusinessTypes.FirstOrDefaultAsync(t => t.ProductLineId == line.Id && t.Name == name && (self == null || t.Id != self)) is { } other)
            throw new BusinessRuleException(other.Active
                ? $"专业“{line.Name}”下已有业务类型“{name}”"
                : $"专业“{line.Name}”下已有业务类型“{name}”(已停用,可重新启用)");
    }

    // ---------- 客户级别 ----------

    [HttpGet("levels")]
    public async Task<IActionResult> Levels()
    {
        var used = (await db.BusinessCustomers.Where(c => c.LevelId != null).GroupBy(c => c.LevelId)
            .Select(g => new { g.Key, Count = g.Count() }).ToListAsync()).ToDictionary(x => x.Key!.Value, x => x.Count);
        var rows = (await db.CustomerLevels.OrderBy(l => l.Sort).ThenBy(l => l.Id).ToListAsync())
            .Select(l => new NamedRow(l.Id, l.Name, l.Sort, used.GetValueOrDefault(l.Id), l.Name == CustomerLevel.Diamond)).ToList();
        return View("NamedList", new NamedListPage
        {
            Title = "客户级别", Kind = "Level", Rows = rows,
            Intro = "排序号小的级别排在前面。“钻石级”由业务规则使用(总部客户自动定为钻石级),不能更名或删除;已被客户使用的级别不能删除。",
        });
    }

    [HttpPost("levels/add")]
    public Task<IActionResult> AddLevel(string? name, string? sort) => Change(Levels, async () =>
    {
        var n = Input.RequireText(name, "级别名称", 30);
        await UniqueLevelAsync(n, null);
        var s = ParseSort(sort) ?? (await db.CustomerLevels.Select(l => (int?)l.Sort).MaxAsync() ?? 0) + 1;
        var level = new CustomerLevel { Name = n, Sort = s };
        level.Id = await db.InsertWithInt32IdentityAsync(level);
        await audit.WriteAsync("customer_level", level.Id, "create", null, level);
        return $"已添加客户级别“{n}”";
    });

    [HttpPost("levels/{id:int}/edit")]
    public Task<IActionResult> EditLevel(int id, string? name, string? sort) => Change(Levels, async () =>
    {
        var level = await FindAsync(db.CustomerLevels, l => l.Id == id);
        var n = Input.RequireText(name, "级别名称", 30);
        if (level.Name == CustomerLevel.Diamond && n != level.Name)
            throw new BusinessRuleException("“钻石级”由业务规则使用(总部客户自动定为钻石级),不能更名");
        await UniqueLevelAsync(n, id);
        var before = Copy(level);
        level.Name = n;
        level.Sort = ParseSort(sort) ?? level.Sort;
        await audit.UpdateAsync(before, level, "customer_level", id);
        return $"已保存客户级别“{n}”";
    });

    [HttpPost("levels/{id:int}/delete")]
    public Task<IActionResult> DeleteLevel(int id) => Change(Levels, async () =>
    {
        var level = await FindAsync(db.CustomerLevels, l => l.Id == id);
        if (level.Name == CustomerLevel.Diamond) throw new BusinessRuleException("“钻石级”由业务规则使用,不能删除");
        var used = await db.BusinessCustomers.CountAsync(c => c.LevelId == id);
        if (used > 0) throw new BusinessRuleException($"客户级别“{level.Name}”已被 {used} 个客户使用,不能删除");
        await db.CustomerLevels.Where(l => l.Id == id).DeleteAsync();
        await audit.WriteAsync("customer_level", id, "delete", level, null);
        return $"已删除客户级别“{level.Name}”";
    });

    private async Task UniqueLevelAsync(string name, int? self)
    {
        if (await db.CustomerLevels.AnyAsync(l => l.Name == name && (self == null || l.Id != self)))
            throw new BusinessRuleException($"客户级别“{name}”已存在");
    }

    // ---------- 行业 ----------

    [HttpGet("industries")]
    public async Task<IActionResult> Industries()
    {
        var used = (await db.BusinessCustomers.Where(c => c.IndustryId != null).GroupBy(c => c.IndustryId)
            .Select(g => new { g.Key, Count = g.Count() }).ToListAsync()).ToDictionary(x => x.Key!.Value, x => x.Count);
        var rows = (await db.Industries.OrderBy(l => l.Sort).ThenBy(l => l.Id).ToListAsync())
            .Select(l => new NamedRow(l.Id, l.Name, l.Sort, used.GetValueOrDefault(l.Id), false)).ToList();
        return View("NamedList", new NamedListPage
        {
            Title = "行业", Kind = "Industry", Rows = rows,
            Intro = "排序号小的行业排在前面;已被客户使用的行业不能删除。",
        });
    }

    [HttpPost("industries/add")]
    public Task<IActionResult> AddIndustry(string? name, string? sort) => Change(Industries, async () =>
    {
        var n = Input.RequireText(name, "行业名称", 50);
        await UniqueIndustryAsync(n, null);
        var s = ParseSort(sort) ?? (await db.Industries.Select(l => (int?)l.Sort).MaxAsync() ?? 0) + 1;
        var industry = new Industry { Name = n, Sort = s };
        industry.Id = await db.InsertWithInt32IdentityAsync(industry);
        await audit.WriteAsync("industry", industry.Id, "create", null, industry);
        return $"已添加行业“{n}”";
    });

    [HttpPost("industries/{id:int}/edit")]
    public Task<IActionResult> EditIndustry(int id, string? name, string? sort) => Change(Industries, async () =>
    {
        var industry = await FindAsync(db.Industries, l => l.Id == id);
        var n = Input.RequireText(name, "行业名称", 50);
        await UniqueIndustryAsync(n, id);
        var before = Copy(industry);
        industry.Name = n;
        industry.Sort = ParseSort(sort) ?? industry.Sort;
        await audit.UpdateAsync(before, industry, "industry", id);
        return $"已保存行业“{n}”";
    });

    [HttpPost("industries/{id:int}/delete")]
    public Task<IActionResult> DeleteIndustry(int id) => Change(Industries, async () =>
    {
        var industry = await FindAsync(db.Industries, l => l.Id == id);
        var used = await db.BusinessCustomers.CountAsync(c => c.IndustryId == id);
        if (used > 0) throw new BusinessRuleException($"行业“{industry.Name}”已被 {used} 个客户使用,不能删除");
        await db.Industries.Where(l => l.Id == id).DeleteAsync();
        await audit.WriteAsync("industry", id, "delete", industry, null);
        return $"已删除行业“{industry.Name}”";
    });

    private async Task UniqueIndustryAsync(string name, int? self)
    {
        if (await db.Industries.AnyAsync(l => l.Name == name && (self == null || l.Id != self)))
            throw new BusinessRuleException($"行业“{name}”已存在");
    }

    // ---------- 关注指标目录 ----------

    [HttpGet("indicators")]
    public async Task<IActionResult> Indicators() =>
        View("Indicators", await db.Indicators.OrderBy(i => i.Active ? 0 : 1).ThenBy(i => i.Id).ToListAsync());

    [HttpPost("indicators/add")]
    public Task<IActionResult> AddIndicator(string? name, string? unit, string? description) => Change(Indicators, async () =>
    {
        var indicator = new Indicator { Active = true };
        await FillIndicatorAsync(indicator, name, unit, description);
        indicator.Id = await db.InsertWithInt32IdentityAsync(indicator);
        await audit.WriteAsync("indicator", indicator.Id, "create", null, indicator);
        return $"已添加关注指标“{indicator.Name}”";
    });

    [HttpPost("indicators/{id:int}/edit")]
    public Task<IActionResult> EditIndicator(int id, string? name, string? unit, string? description) => Change(Indicators, async () =>
    {
        var indicator = await FindAsync(db.Indicators, i => i.Id == id);
        var before = Copy(indicator);
        await FillIndicatorAsync(indicator, name, unit, description);
        await audit.UpdateAsync(before, indicator, "indicator", id);
        return $"已保存关注指标“{indicator.Name}”";
    });

    [HttpPost("indicators/{id:int}/deactivate")]
    public Task<IActionResult> DeactivateIndicator(int id) => SetIndicatorActive(id, false);

    [HttpPost("indicators/{id:int}/activate")]
    public Task<IActionResult> ActivateIndicator(int id) => SetIndicatorActive(id, true);

    private Task<IActionResult> SetIndicatorActive(int id, bool active) => Change(Indicators, async () =>
    {
        var indicator = await FindAsync(db.Indicators, i => i.Id == id);
        if (indicator.Active != active)
        {
            var before = Copy(indicator);
            indicator.Active = active;
            await audit.UpdateAsync(before, indicator, "indicator", id);
        }
        return active ? $"已启用关注指标“{indicator.Name}”" : $"已停用关注指标“{indicator.Name}”(已设定的客户关注指标不受影响)";
    });

    private async Task FillIndicatorAsync(Indicator indicator, string? name, string? unit, string? description)
    {
        var n = Input.RequireText(name, "指标名称", 50);
        if (await db.Indicators.AnyAsync(i => i.Name == n && i.Id != indicator.Id))
            throw new BusinessRuleException($"关注指标“{n}”已存在");
        indicator.Name = n;
        indicator.Unit = Input.OptionalText(unit, "计量单位", 20);
        indicator.Description = Input.OptionalText(description, "说明", 200);
    }

    // ---------- helpers ----------

    /// <summary>Runs the change in a transaction with its audit; success → flash + back to the list, a broken rule → the list with the message.</summary>
    private async Task<IActionResult> Change(Func<Task<IActionResult>> page, Func<Task<string>> change)
    {
        var flash = "";
        var list = Url.Action(page.Method.Name) ?? "/admin/reference/product-lines";
        return await this.ChangeAsync(db, async () => flash = await change(), "", () =>
        {
            TempData["Flash"] = flash;
            return Redirect(list);
        }, page);
    }

    private static async Task<T> FindAsync<T>(IQueryable<T> table, System.Linq.Expressions.Expression<Func<T, bool>> match) =>
        await table.FirstOrDefaultAsync(match) ?? throw new OutOfScopeException("记录不存在");

    private static int? ParseSort(string? text)
    {
        var t = (text ?? "").Trim();
        if (t.Length == 0) return null;
        return int.TryParse(t, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var v) && v is >= 0 and <= 9999
            ? v
            : throw new BusinessRuleException("排序号必须是 0–9999 之间的整数");
    }

    private static ProductLine Copy(ProductLine p) => new() { Id = p.Id, Name = p.Name, Sort = p.Sort, Active = p.Active };
    private static BusinessType Copy(BusinessType t) => new() { Id = t.Id, ProductLineId = t.ProductLineId, Name = t.Name, Active = t.Active };
    private static CustomerLevel Copy(CustomerLevel l) => new() { Id = l.Id, Name = l.Name, Sort = l.Sort };
    private static Industry Copy(Industry i) => new() { Id = i.Id, Name = i.Name, Sort = i.Sort };
    private static Indicator Copy(Indicator i) => new() { Id = i.Id, Name = i.Name, Unit = i.Unit, Description = i.Description, Active = i.Active };
}
