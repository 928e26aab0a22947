using LinqToDB;
using LinqToDB.Mapping;
using PostalCrm.Sdk.Data;
using PostalCrm.Sdk.Organisation;
using PostalCrm.Sdk.Security;

namespace PostalCrm.Sdk.Numbering;

/// <summary>号码段: numbers <c>UnitCode + serial(8 digits)</c> from <c>StartSerial</c> to <c>EndSerial</c>.</summary>
[Table("number_ranges")]
public sealed class NumberRange
{
    [Column("id"), PrimaryKey, Identity] public int Id { get; set; }
    [Column("org_unit_id"), NotNull] public int OrgUnitId { get; set; }
    /// <summary>The 6-digit unit code that prefixes every number.</summary>
    [Column("unit_code", Length = 6), NotNull] public string UnitCode { get; set; } = "";
    [Column("start_serial"), NotNull] public long StartSerial { get; set; }
    [Column("end_serial"), NotNull] public long EndSerial { get; set; }
    /// <summary>The next serial to hand out; &gt; EndSerial means exhausted.</summary>
    [Column("next_serial"), NotNull] public long NextSerial { get; set; }
    [Column("created_at"), NotNull] public DateTime CreatedAt { get; set; }

    public const int SerialDigits = 8;
    public const long MaxSerial = 99_999_999;

    public static string Format(string unitCode, long serial) => unitCode + serial.ToString("D8", System.Globalization.CultureInfo.InvariantCulture);

    public string First => Format(UnitCode, StartSerial);
    public string Last => Format(UnitCode, EndSerial);
    public long Remaining => Math.Max(0, EndSerial - NextSerial + 1);
}

/// <summary>
/// Hands out key-account numbers (F-3.4). Runs inside the caller's transaction: the conditional UPDATE
/// takes the row's write lock first (PostgreSQL row lock; SQLite's write lock with BEGIN IMMEDIATE), so two
/// approvals can never read the same serial; the unique index on key_accounts.number is the last guard.
/// </summary>
public sealed class NumberAllocator(PostalDb db)
{
    /// <summary>The range that serves a unit: its own, or the nearest unit above it that has one.</summary>
    public async Task<NumberRange?> RangeForAsync(int orgUnitId)
    {
        var unit = await db.OrgUnits.FirstOrDefaultAsync(u => u.Id == orgUnitId)
                   ?? throw new BusinessRuleException("机构不存在");
        var lineage = OrgTree.ParsePath(unit.Path).Reverse().ToList();
        var ranges = await db.NumberRanges.Where(r => lineage.Contains(r.OrgUnitId)).ToListAsync();
        foreach (var id in lineage)
        {
            var own = ranges.Where(r => r.OrgUnitId == id).OrderBy(r => r.Id).ToList();
            if (own.Count > 0)
                return own.FirstOrDefault(r => r.NextSerial <= r.EndSerial) ?? own[^1];
        }
        return null;
    }

    /// <summary>Takes the next free number for a unit. Must be called inside a transaction.</summary>
    public async Task<string> NextAsync(int orgUnitId)
    {
        if (db.Transaction is null) throw new InvalidOperationException("号码分配必须在事务中进行");
        var range = await RangeForAsync(orgUnitId)
                    ?? throw new BusinessRuleException("该单位及其上级单位均未分配号码段,无法生成大客户号");
        var updated = await db.NumberRanges
            .Where(r => r.Id == range.Id && r.NextSerial <= r.EndSerial)
            .Set(r => r.NextSerial, r => r.NextSerial + 1)
            .UpdateAsync();
        if (updated == 0)
            throw new BusinessRuleException($"号码段 {range.First}–{range.Last} 已用完,请先为该单位分配新的号码段");
        var next = await db.NumberRanges.Where(r => r.Id == range.Id).Select(r => r.NextSerial).FirstAsync();
        return NumberRange.Format(range.UnitCode, next - 1);
    }

    /// <summary>True when no key account holds the number yet (manual assignment must check this).</summary>
    public async Task<bool> IsFreeAsync(string number) => !await db.KeyAccounts.AnyAsync(k => k.Number == number);

    public static bool IsWellFormed(string number) => number.Length == 14 && number.All(char.IsAsciiDigit);
}
