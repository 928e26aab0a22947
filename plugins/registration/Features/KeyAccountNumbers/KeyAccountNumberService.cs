using System.Globalization;
using PostalCrm.Sdk.Data;
using PostalCrm.Sdk.Numbering;
using PostalCrm.Sdk.Organisation;
using PostalCrm.Sdk.Security;

namespace PostalCrm.Plugins.Registration.KeyAccountNumbers;

/// <summary>
/// F-3.4 大客户号 at final approval: the allocator's next free number of the district's range (or the nearest unit
/// above with one), or a number the key-account centre types by hand; and the 商务客户代码 of a customer created by
/// an approval.
/// </summary>
public sealed class KeyAccountNumberService(PostalDb db, NumberAllocator allocator)
{
    /// <summary>
    /// The next number of the range serving <paramref name="districtOrgId"/>. Must run inside the approval's
    /// transaction. A number an earlier manual assignment already took is skipped (the range moves on), so a
    /// hand-given number can never make a later automatic approval fail on the unique index.
    /// </summary>
    public async Task<string> AllocateAsync(int districtOrgId)
    {
        while (true)
        {
            var number = await allocator.NextAsync(districtOrgId);
            if (await allocator.IsFreeAsync(number)) return number;
        }
    }

    /// <summary>The number the allocator would hand out next for the district (a hint on 手工赋码), or null when exhausted.</summary>
    public async Task<string?> NextHintAsync(int districtOrgId)
    {
        var range = await allocator.RangeForAsync(districtOrgId);
        return range is null || range.NextSerial > range.EndSerial ? null : NumberRange.Format(range.UnitCode, range.NextSerial);
    }

    /// <summary>
    /// A hand-given number (手工赋码): 14 digits, not yet used, and its 6-digit prefix the code of the customer's
    /// district or of a unit above it that holds a number range (F-3.4: numbers come from the ranges serving the district).
    /// </summary>
    public async Task<string> CheckManualAsync(string? number, int districtOrgId)
    {
        var n = (number ?? "").Trim();
        if (n.Length == 0) throw new BusinessRuleException("请输入大客户号");
        if (!NumberAllocator.IsWellFormed(n))
            throw new BusinessRuleException("大客户号格式不正确:应为 14 位数字(6 位单位代码 + 8 位序号),例如 42010300133000");
        var district = await db.OrgUnits.FirstAsync(u => u.Id == districtOrgId);
        var lineage = await new OrgTree(db).LineageAsync(district);
        var above = lineage.Where(u => u.Id != district.Id).Select(u => u.Id).ToList();
        var rangeUnits = await db.GetTable<NumberRange>().Where(r => above.Contains(r.OrgUnitId)).Select(r => r.OrgUnitId).ToListAsync();
        var allowed = lineage.Where(u => u.Id == district.Id || rangeUnits.Contains(u.Id)).Select(u => u.Code).Distinct().ToList();
        if (!allowed.Contains(n[..6], StringComparer.Ordinal))
            throw new BusinessRuleException($"大客户号前 6 位须为客户所在区县“{district.Name}”的单位代码或其上级已分配号码段的单位代码({string.Join("、", allowed)}),{n[..6]} 不符合");
        if (!await allocator.IsFreeAsync(n)) throw new BusinessRuleException(Taken(n));
        return n;
    }

    public static string Taken(string number) => $"大客户号 {number} 已被其他大客户使用,请换一个号码";

    /// <summary>
    /// True when a failed write was the unique index on key_accounts.number (the last guard against two
    /// concurrent hand assignments of the same number). Called after the transaction was rolled back.
    /// </summary>
    public async Task<bool> NumberTakenAsync(string number) => !await allocator.IsFreeAsync(number);

    /// <summary>
    /// 商务客户代码 of a customer created by final approval: "C" + the district's 6-digit code + the application id
    /// as an 8-digit serial (C4201020000012). The application id is unique, so concurrent approvals never collide and
    /// no counter table is needed; should another source (import) already hold that code, "-2", "-3", … is appended.
    /// </summary>
    public async Task<string> CustomerCodeAsync(int districtOrgId, int applicationId)
    {
        var districtCode = await db.OrgUnits.Where(u => u.Id == districtOrgId).Select(u => u.Code).FirstAsync();
        var code = "C" + districtCode + applicationId.ToString("D8", CultureInfo.InvariantCulture);
        var candidate = code;
        for (var i = 2; await db.BusinessCustomers.AnyAsync(c => c.Code == candidate); i++)
            candidate = code + "-" + i.ToString(CultureInfo.InvariantCulture);
        return candidate;
    }
}
