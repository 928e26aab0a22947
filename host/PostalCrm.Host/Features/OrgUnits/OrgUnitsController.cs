using Microsoft.AspNetCore.Mvc;
using PostalCrm.Host.Security;
using PostalCrm.Sdk.Audit;
using PostalCrm.Sdk.Data;
using PostalCrm.Sdk.Organisation;
using PostalCrm.Sdk.Reference;
using PostalCrm.Sdk.Security;

namespace PostalCrm.Host.Features.OrgUnits;

public sealed record OrgUnitRow(OrgUnit Unit, int Depth, string? ProductLine, int EnabledUsers);

public sealed class OrgUnitsPage
{
    public IReadOnlyList<OrgUnitRow> Rows { get; init; } = [];
}

public sealed class AddOrgUnitForm
{
    public OrgUnitKind Kind { get; set; }
    public string? Code { get; set; }
    public string? Name { get; set; }
    public int? ProductLineId { get; set; }
}

public sealed class AddOrgUnitPage
{
    public required OrgUnit Parent { get; init; }
    public required AddOrgUnitForm Form { get; init; }
    public IReadOnlyList<OrgUnitKind> Kinds { get; init; } = [];
    public IReadOnlyList<ProductLine> ProductLines { get; init; } = [];
}

public sealed class RenameOrgUnitPage
{
    public required OrgUnit Unit { get; init; }
    public string? Name { get; set; }
}

/// <summary>机构管理: the org tree of the administrator's area; add a child unit, rename, deactivate / reactivate.</summary>
[Route("admin/org-units"), RequirePermission(HostPermissions.OrgUnits)]
public sealed class OrgUnitsController(PostalDb db, DataScope scope, AuditLog audit) : Controller
{
    [HttpGet("")]
    public async Task<IActionResult> Index()
    {
        var units = await scope.UnitAndBelow(db.OrgUnits, u => u.Id).ToListAsync();
        var lines = await db.ProductLines.ToDictionaryAsync(p => p.Id, p => p.Name);
        var users = (await scope.UnitAndBelow(db.Users.Where(u => !u.Disabled), u => u.OrgUnitId)
                .GroupBy(u => u.OrgUnitId).Select(g => new { g.Key, Count = g.Count() }).ToListAsync())
            .ToDictionary(x => x.Key, x => x.Count);
        var rows = TreeOrder(units).Select(x => new OrgUnitRow(x.Unit, x.Depth,
            x.Unit.ProductLineId is { } pl && lines.TryGetValue(pl, out var n) ? n : null,
            users.GetValueOrDefault(x.Unit.Id))).ToList();
        return View("Index", new OrgUnitsPage { Rows = rows });
    }

    [HttpGet("{id:int}/add")]
    public async Task<IActionResult> Add(int id)
    {
        var parent = await FindAsync(id);
        return View(await AddPageAsync(parent, new AddOrgUnitForm { Kind = AllowedKinds(parent) is [var first, ..] ? first : default }));
    }

    [HttpPost("{id:int}/add")]
    public async Task<IActionResult> Add(int id, AddOrgUnitForm form)
    {
        var parent = await FindAsync(id);
        return await this.ChangeAsync(db, async () =>
            {
                if (!parent.Active) throw new BusinessRuleException("上级机构已停用,不能添加下级机构");
                if (parent.Kind != OrgUnitKind.Area) throw new BusinessRuleException("只能在行政区域(省、市、区县)下添加下级机构");
                if (!Enum.IsDefined(form.Kind)) throw new BusinessRuleException("请选择机构类型");
                var level = form.Kind == OrgUnitKind.Area ? parent.Level + 1 : parent.Level;
                CheckKindAtLevel(form.Kind, level);

                var code = (form.Code ?? "").Trim();
                if (code.Length == 0) throw new BusinessRuleException("请输入机构代码");
                if (form.Kind == OrgUnitKind.Area && !IsSixDigits(code))
                    throw new BusinessRuleException("行政区域的机构代码必须是 6 位数字(号码段以它为前缀)");
                if (code.Length > 20 || !code.All(char.IsAsciiLetterOrDigit))
                    throw new BusinessRuleException("机构代码只能包含字母和数字,最多 20 位");
                if (await db.OrgUnits.FirstOrDefaultAsync(u => u.Code == code) is { } taken)
                    throw new BusinessRuleException($"机构代码“{code}”已被“{taken.Name}”使用");

                var name = Input.RequireText(form.Name, "机构名称", 100);
                await CheckSiblingNameAsync(parent.Id, name, null);

                int? productLine = null;
                if (form.Kind == OrgUnitKind.SpecialistBureau)
                {
                    if (form.ProductLineId is not { } pl || !await db.ProductLines.AnyAsync(p => p.Id == pl && p.Active))
                        throw new BusinessRuleException("专业局必须选择所属专业");
                    productLine = pl;
                }

                var sort = await db.OrgUnits.Where(u => u.ParentId == parent.Id).Select(u => (int?)u.Sort).MaxAsync() ?? 0;
                var unit = new OrgUnit
                {
                    Code = code, Name = name, ParentId = parent.Id, Level = level, Kind = form.Kind, ProductLineId = productLine,
                    Path = "", Sort = sort + 1, Active = true,
                };
                unit.Id = await db.InsertWithInt32IdentityAsync(unit);
                unit.Path = OrgTree.ChildPath(parent.Path, unit.Id);
                await db.OrgUnits.Where(u => u.Id == unit.Id).Set(u => u.Path, unit.Path).UpdateAsync();
                await audit.WriteAsync("org_unit", unit.Id, "create", null, Snapshot(unit));
            },
            $"已添加机构“{form.Name?.Trim()}”", () => RedirectToAction(nameof(Index)),
            async () => View(await AddPageAsync(parent, form)));
    }

    [HttpGet("{id:int}/rename")]
    public async Task<IActionResult> Rename(int id)
    {
        var unit = await FindAsync(id);
        return View(new RenameOrgUnitPage { Unit = unit, Name = unit.Name });
    }

    [HttpPost("{id:int}/rename")]
    public async Task<IActionResult> Rename(int id, string? name)
    {
        var unit = await FindAsync(id);
        return await this.ChangeAsync(db, async () =>
            {
                var newName = Input.RequireText(name, "机构名称", 100);
                if (newName == unit.Name) return;
                if (unit.ParentId is { } parentId) await CheckSiblingNameAsync(parentId, newName, unit.Id);
                var before = Snapshot(unit);
                await db.OrgUnits.Where(u => u.Id == unit.Id).Set(u => u.Name, newName).UpdateAsync();
                unit.Name = newName;
                await audit.WriteAsync("org_unit", unit.Id, "rename", before, Snapshot(unit));
            },
            "机构名称已修改", () => RedirectToAction(nameof(Index)),
            () => Task.FromResult<IActionResult>(View(new RenameOrgUnitPage { Unit = unit, Name = name })));
    }

    [HttpPost("{id:int}/deactivate")]
    public async Task<IActionResult> Deactivate(int id)
    {
        var unit = await FindAsync(id);
        return await this.ChangeAsync(db, async () =>
            {
                if (!unit.Active) return;
                var activeChildren = await db.OrgUnits.Where(u => u.ParentId == unit.Id && u.Active).Select(u => u.Name).ToListAsync();
                if (activeChildren.Count > 0)
                    throw new BusinessRuleException($"“{unit.Name}”下还有启用的下级机构({string.Join("、", activeChildren)}),请先停用下级机构");
                var users = await db.Users.CountAsync(u => u.OrgUnitId == unit.Id && !u.Disabled);
                if (users > 0)
                    throw new BusinessRuleException($"“{unit.Name}”下还有 {users} 个启用的用户,请先调整这些用户的所属机构或停用他们");
                await SetActiveAsync(unit, false);
            },
            $"已停用机构“{unit.Name}”", () => RedirectToAction(nameof(Index)), Index);
    }

    [HttpPost("{id:int}/activate")]
    public async Task<IActionResult> Activate(int id)
    {
        var unit = await FindAsync(id);
        return await this.ChangeAsync(db, async () =>
            {
                if (unit.Active) return;
                if (unit.ParentId is { } parentId && !await db.OrgUnits.AnyAsync(u => u.Id == parentId && u.Active))
                    throw new BusinessRuleException("上级机构已停用,请先启用上级机构");
                await SetActiveAsync(unit, true);
            },
            $"已启用机构“{unit.Name}”", () => RedirectToAction(nameof(Index)), Index);
    }

    private async Task SetActiveAsync(OrgUnit unit, bool active)
    {
        var before = Snapshot(unit);
        await db.OrgUnits.Where(u => u.Id == unit.Id).Set(u => u.Active, active).UpdateAsync();
        unit.Active = active;
        await audit.WriteAsync("org_unit", unit.Id, active ? "activate" : "deactivate", before, Snapshot(unit));
    }

    /// <summary>A unit of the administrator's area, else 404.</summary>
    private async Task<OrgUnit> FindAsync(int id)
    {
        await scope.EnsureUnitAsync(id);
        return await db.OrgUnits.FirstOrDefaultAsync(u => u.Id == id) ?? throw new OutOfScopeException();
    }

    private async Task<AddOrgUnitPage> AddPageAsync(OrgUnit parent, AddOrgUnitForm form) => new()
    {
        Parent = parent,
        Form = form,
        Kinds = AllowedKinds(parent),
        ProductLines = await db.ProductLines.Where(p => p.Active).OrderBy(p => p.Sort).ToListAsync(),
    };

    private async Task CheckSiblingNameAsync(int parentId, string name, int? self)
    {
        if (await db.OrgUnits.AnyAsync(u => u.ParentId == parentId && u.Name == name && (self == null || u.Id != self)))
            throw new BusinessRuleException($"同一上级机构下已有名为“{name}”的机构");
    }

    /// <summary>The kinds a child of <paramref name="parent"/> may have (areas go one level down; departments stay on the parent's level).</summary>
    public static IReadOnlyList<OrgUnitKind> AllowedKinds(OrgUnit parent)
    {
        if (parent.Kind != OrgUnitKind.Area) return [];
        return [.. Enum.GetValues<OrgUnitKind>().Where(k => IsAllowed(k, k == OrgUnitKind.Area ? parent.Level + 1 : parent.Level))];
    }

    private static bool IsAllowed(OrgUnitKind kind, OrgLevel level) => kind switch
    {
        OrgUnitKind.Area => level is OrgLevel.City or OrgLevel.District,
        OrgUnitKind.KeyAccountCentre or OrgUnitKind.SpecialistBureau => level is OrgLevel.Province or OrgLevel.City,
        OrgUnitKind.KeyAccountDept => level == OrgLevel.District,
        _ => true,
    };

    private static void CheckKindAtLevel(OrgUnitKind kind, OrgLevel level)
    {
        if (IsAllowed(kind, level)) return;
        throw new BusinessRuleException(kind switch
        {
            OrgUnitKind.Area => "区(县)下不能再添加行政区域",
            OrgUnitKind.KeyAccountDept => "大客户部只能设在区(县)",
            _ => $"{OrgUnit.KindName(kind)}只能设在省或市(州)",
        });
    }

    private static bool IsSixDigits(string code) => code.Length == 6 && code.All(char.IsAsciiDigit);

    private static object Snapshot(OrgUnit u) =>
        new { u.Id, u.Code, u.Name, u.ParentId, Level = (int)u.Level, Kind = (int)u.Kind, u.ProductLineId, u.Path, u.Active };

    /// <summary>Depth-first order of the tree (siblings by sort, then id), with each unit's depth below the top.</summary>
    public static IEnumerable<(OrgUnit Unit, int Depth)> TreeOrder(IReadOnlyCollection<OrgUnit> units)
    {
        var ids = units.Select(u => u.Id).ToHashSet();
        var children = units.ToLookup(u => u.ParentId is { } p && ids.Contains(p) ? p : (int?)null);
        IEnumerable<(OrgUnit, int)> Walk(int? parent, int depth)
        {
            foreach (var u in children[parent].OrderBy(u => u.Sort).ThenBy(u => u.Id))
            {
                yield return (u, depth);
                foreach (var c in Walk(u.Id, depth + 1)) yield return c;
            }
        }
        return Walk(null, 0);
    }
}
