using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using PostalCrm.Host.Features.OrgUnits;
using PostalCrm.Host.Security;
using PostalCrm.Sdk.Audit;
using PostalCrm.Sdk.Data;
using PostalCrm.Sdk.Numbering;
using PostalCrm.Sdk.Organisation;
using PostalCrm.Sdk.Security;
using PostalCrm.Sdk.Time;

namespace PostalCrm.Host.Features.NumberRanges;

public sealed record NumberRangeRow(NumberRange Range, OrgUnit Unit, int Depth)
{
    public bool Unused => Range.NextSerial == Range.StartSerial;
}

public sealed class AllocateForm
{
    public int? OrgUnitId { get; set; }
    public string? StartSerial { get; set; }
    public string? EndSerial { get; set; }
}

public sealed class NumberRangesPage
{
    public IReadOnlyList<NumberRangeRow> Rows { get; init; } = [];
    /// <summary>Active administrative areas of the administrator's scope, in tree order (the only units a range can go to).</summary>
    public IReadOnlyList<(OrgUnit Unit, int Depth)> Areas { get; init; } = [];
    public AllocateForm Form { get; init; } = new();
}

/// <summary>
/// 号码段管理 (F-3.4): each area unit gets ranges of key-account numbers, its 6-digit unit code + an 8-digit serial.
/// Ranges of the same unit code never overlap; a range nobody has drawn from yet may be deleted.
/// </summary>
[Route("admin/number-ranges"), RequirePermission(HostPermissions.NumberRanges)]
public sealed class NumberRangesController(PostalDb db, DataScope scope, AuditLog audit, TimeProvider clock) : Controller
{
    [HttpGet("")]
    public async Task<IActionResult> Index() => View("Index", await PageAsync(new AllocateForm()));

    [HttpPost("")]
    public async Task<IActionResult> Allocate(AllocateForm form) =>
        await this.ChangeAsync(db, async () =>
            {
                if (form.OrgUnitId is not { } unitId) throw new BusinessRuleException("请选择分配号码段的机构");
                if (!await scope.CoversUnitAsync(unitId)) throw new BusinessRuleException("所选机构不存在或不在您的管理范围内");
                var unit = await db.OrgUnits.FirstAsync(u => u.Id == unitId);
                if (unit.Kind != OrgUnitKind.Area) throw new BusinessRuleException($"号码段只能分配给行政区域单位(省、市、区县),“{unit.Name}”不是");
                if (!unit.Active) throw new BusinessRuleException($"“{unit.Name}”已停用,不能分配号码段");
                if (unit.Code.Length != 6 || !unit.Code.All(char.IsAsciiDigit))
                    throw new BusinessRuleException($"“{unit.Name}”的机构代码“{unit.Code}”不是 6 位数字,不能作为号码前缀");
                var start = ParseSerial(form.StartSerial, "起始序号");
                var end = ParseSerial(form.EndSerial, "结束序号");
                if (end < start) throw new BusinessRuleException("结束序号不能小于起始序号");

                // A no-op write on the unit takes its row lock (SQLite: the write lock) before the overlap check, so two
                // concurrent allocations for the same unit code are serialised instead of both passing the check.
                await db.OrgUnits.Where(u => u.Id == unit.Id).Set(u => u.Sort, u => u.Sort).UpdateAsync();

                var overlap = await db.NumberRanges
                    .Where(r => r.UnitCode == unit.Code && r.StartSerial <= end && start <= r.EndSerial)
                    .OrderBy(r => r.StartSerial).FirstOrDefaultAsync();
                if (overlap is not null)
                    throw new BusinessRuleException($"与已有号码段 {overlap.First}–{overlap.Last} 重叠,同一单位代码的号码段不能重叠");

                var range = new NumberRange
                {
                    OrgUnitId = unit.Id, UnitCode = unit.Code, StartSerial = start, EndSerial = end, NextSerial = start, CreatedAt = clock.UtcNow(),
                };
                range.Id = await db.InsertWithInt32IdentityAsync(range);
                await audit.WriteAsync("number_range", range.Id, "create", null, Snapshot(range));
            },
            "号码段已分配", () => RedirectToAction(nameof(Index)), async () => View("Index", await PageAsync(form)));

    [HttpPost("{id:int}/delete")]
    public async Task<IActionResult> Delete(int id)
    {
        var range = await scope.UnitAndBelow(db.NumberRanges, r => r.OrgUnitId).Where(r => r.Id == id).SingleInScopeAsync();
        return await this.ChangeAsync(db, async () =>
            {
                // Conditional delete: a number drawn meanwhile makes it fail rather than lose the range.
                var deleted = await db.NumberRanges.Where(r => r.Id == id && r.NextSerial == r.StartSerial).DeleteAsync();
                if (deleted == 0) throw new BusinessRuleException($"号码段 {range.First}–{range.Last} 已有号码被使用,不能删除");
                await audit.WriteAsync("number_range", id, "delete", Snapshot(range), null);
            },
            $"已删除号码段 {range.First}–{range.Last}", () => RedirectToAction(nameof(Index)),
            async () => View("Index", await PageAsync(new AllocateForm())));
    }

    private static long ParseSerial(string? text, string field)
    {
        var t = (text ?? "").Trim();
        if (t.Length == 0) throw new BusinessRuleException($"请输入{field}");
        if (!t.All(char.IsAsciiDigit) || !long.TryParse(t, NumberStyles.None, CultureInfo.InvariantCulture, out var v) || v < 1 || v > NumberRange.MaxSerial)
            throw new BusinessRuleException($"{field}必须是 1–{NumberRange.MaxSerial} 之间的整数(8 位序号)");
        return v;
    }

    private async Task<NumberRangesPage> PageAsync(AllocateForm form)
    {
        var units = await scope.UnitAndBelow(db.OrgUnits, u => u.Id).ToListAsync();
        var ranges = (await scope.UnitAndBelow(db.NumberRanges, r => r.OrgUnitId).ToListAsync()).ToLookup(r => r.OrgUnitId);
        var tree = OrgUnitsController.TreeOrder(units).ToList();
        return new NumberRangesPage
        {
            Form = form,
            Rows = [.. tree.SelectMany(x => ranges[x.Unit.Id].OrderBy(r => r.StartSerial).Select(r => new NumberRangeRow(r, x.Unit, x.Depth)))],
            Areas = [.. tree.Where(x => x.Unit.Kind == OrgUnitKind.Area && x.Unit.Active)],
        };
    }

    private static object Snapshot(NumberRange r) =>
        new { r.Id, r.OrgUnitId, r.UnitCode, r.StartSerial, r.EndSerial, r.NextSerial, First = r.First, Last = r.Last };
}
