using PostalCrm.Plugins.Usage.Common;
using PostalCrm.Plugins.Usage.Data;
using PostalCrm.Sdk.Data;
using PostalCrm.Sdk.Excel;
using PostalCrm.Sdk.Security;

namespace PostalCrm.Plugins.Usage.Features.Import;

/// <summary>
/// What a row is checked against, loaded once per pass for the numbers and manager codes the file names: the key
/// accounts (existing, and in the user's scope), their registered options (approved relationships), product lines,
/// business types and managers. Rows are then checked in memory.
/// </summary>
internal sealed class ImportRules
{
    private readonly Dictionary<string, int> _lines = new(StringComparer.Ordinal);
    private readonly Dictionary<(int LineId, string Name), int> _types = [];
    private readonly HashSet<string> _existing = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (int Id, int CustomerId)> _inScope = new(StringComparer.Ordinal);
    private ILookup<(int KeyAccountId, int LineId, int TypeId), UsageOption> _options = Array.Empty<UsageOption>().ToLookup(o => (0, 0, 0));
    private ILookup<int, UsageOption> _byAccount = Array.Empty<UsageOption>().ToLookup(o => 0);
    private readonly Dictionary<string, int> _managers = new(StringComparer.Ordinal);
    private int _me;
    private bool _orgWide;
    private UsageDateWindow _window;

    public static async Task<ImportRules> LoadAsync(PostalDb db, DataScope scope, ICurrentUser me, UsageAccounts accounts,
        IReadOnlyCollection<string> numbers, IReadOnlyCollection<string> managerCodes, UsageDateWindow window)
    {
        var rules = new ImportRules { _me = me.Id, _orgWide = scope.IsOrgWide, _window = window };
        foreach (var p in await db.ProductLines.Where(p => p.Active).ToListAsync())
        {
            rules._lines.TryAdd(p.Name, p.Id);
            rules._lines.TryAdd(p.Name + "专业", p.Id);
        }
        foreach (var t in await db.BusinessTypes.Where(t => t.Active).ToListAsync()) rules._types.TryAdd((t.ProductLineId, t.Name), t.Id);
        foreach (var chunk in numbers.Chunk(500))
        {
            foreach (var n in await db.KeyAccounts.Where(k => chunk.Contains(k.Number!)).Select(k => k.Number!).ToListAsync()) rules._existing.Add(n);
            foreach (var k in await accounts.InScope().Where(k => chunk.Contains(k.Number!)).Select(k => new { k.Number, k.Id, k.CustomerId }).ToListAsync())
                rules._inScope[k.Number!] = (k.Id, k.CustomerId);
        }
        var options = await accounts.OptionsAsync([.. rules._inScope.Values.Select(v => v.Id)]);
        rules._options = options.ToLookup(o => (o.KeyAccountId, o.ProductLineId, o.BusinessTypeId));
        rules._byAccount = options.ToLookup(o => o.KeyAccountId);
        foreach (var chunk in managerCodes.Chunk(500))
        {
            foreach (var u in await db.Users.Where(u => chunk.Contains(u.EmployeeNo!) || chunk.Contains(u.Login)).Select(u => new { u.Id, u.EmployeeNo, u.Login }).ToListAsync())
            {
                if (u.EmployeeNo is { } no && chunk.Contains(no)) rules._managers.TryAdd(no, u.Id);
                if (chunk.Contains(u.Login)) rules._managers.TryAdd(u.Login, u.Id);
            }
        }
        return rules;
    }

    /// <summary>The record the row books (batch and entry fields not set), or null with the row's errors added.</summary>
    public UsageRecord? Map(ExcelRow row)
    {
        var date = row.Date("date")!.Value;
        if (_window.Check(date) is { } dateMessage) row.AddError("date", dateMessage);

        var number = row.Text("number")!;
        (int Id, int CustomerId) account = default;
        if (!_existing.Contains(number)) row.AddError("number", $"大客户号“{number}”不存在");
        else if (!_inScope.TryGetValue(number, out account)) row.AddError("number", $"大客户号“{number}”不在您的管辖范围内");

        var lineName = row.Text("line")!;
        var typeName = row.Text("type")!;
        int lineId = 0, typeId = 0;
        if (!_lines.TryGetValue(lineName, out lineId)) row.AddError("line", $"专业类型“{lineName}”不存在");
        else if (!_types.TryGetValue((lineId, typeName), out typeId)) row.AddError("type", $"专业“{lineName}”下没有业务类型“{typeName}”");

        if (row.HasErrors) return null;
        var options = _options[(account.Id, lineId, typeId)].ToList();
        if (options.Count == 0)
        {
            if (!_byAccount[account.Id].Any(o => o.ProductLineId == lineId))
                row.AddError("line", $"大客户号“{number}”没有通过客户注册审批登记专业“{lineName}”");
            else row.AddError("type", $"大客户号“{number}”的专业“{lineName}”没有通过客户注册审批登记业务类型“{typeName}”");
            return null;
        }

        UsageOption? option;
        if (row.Text("manager") is { } code)
        {
            if (!_managers.TryGetValue(code, out var managerId)) { row.AddError("manager", $"客户经理编号“{code}”不存在"); return null; }
            option = options.FirstOrDefault(o => o.ManagerUserId == managerId);
            if (option is null) { row.AddError("manager", $"客户经理“{code}”没有登记此大客户的该项业务"); return null; }
        }
        else
        {
            option = options.FirstOrDefault(o => !_orgWide && o.ManagerUserId == _me)
                     ?? (options.Select(o => o.ManagerUserId).Distinct().Count() == 1 ? options[0] : null);
            if (option is null) { row.AddError("manager", "该大客户的此项业务有多位客户经理,请填写客户经理编号"); return null; }
        }

        var actual = row.Number("actual")!.Value;
        var receivable = row.Number("receivable");
        return new UsageRecord
        {
            UsageDate = date, CustomerId = account.CustomerId, KeyAccountId = account.Id, ProductLineId = lineId, BusinessTypeId = typeId,
            ManagerUserId = option.ManagerUserId, OrgUnitId = option.OrgUnitId, Volume = row.WholeNumber("volume"),
            ReceivableFen = receivable is { } r ? Money.ToFen(r) : null, ActualFen = Money.ToFen(actual), Remarks = row.Text("remarks"),
            Source = UsageSource.Batch,
        };
    }
}
