using PostalCrm.Plugins.Usage.Common;
using PostalCrm.Plugins.Usage.Data;
using PostalCrm.Sdk.Data;
using PostalCrm.Sdk.Excel;
using PostalCrm.Sdk.Security;

namespace PostalCrm.Plugins.Usage.Features.Import;

/// <summary>
/// What a row is checked against, loaded once per check for the numbers and manager codes the file names (a few queries,
/// whatever the row count): the key accounts (existing, and in the user's scope), their registered options (approved
/// relationships), product lines, business types and managers. Rows are then checked in memory against dictionaries.
/// </summary>
internal sealed class ImportRules
{
    private readonly Dictionary<string, int> _lines = new(StringComparer.Ordinal);
    private readonly Dictionary<(int LineId, string Name), int> _types = [];
    private readonly HashSet<string> _existing = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (int Id, int CustomerId)> _inScope = new(StringComparer.Ordinal);
    private Dictionary<(int KeyAccountId, int LineId, int TypeId), UsageOption[]> _options = [];
    private HashSet<(int KeyAccountId, int LineId)> _lineOfAccount = [];
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
        rules._options = options.GroupBy(o => (o.KeyAccountId, o.ProductLineId, o.BusinessTypeId)).ToDictionary(g => g.Key, g => g.ToArray());
        rules._lineOfAccount = [.. options.Select(o => (o.KeyAccountId, o.ProductLineId))];
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
    public UsageRecord? Map(ImportRow row, ImportErrors errors)
    {
        var n = row.RowNumber;
        var failed = false;
        void Error(string key, string message)
        {
            errors.Add(n, key, message);
            failed = true;
        }

        if (_window.Check(row.Date) is { } dateMessage) Error("date", dateMessage);

        var number = row.Number;
        (int Id, int CustomerId) account = default;
        if (!_existing.Contains(number)) Error("number", $"大客户号“{number}”不存在");
        else if (!_inScope.TryGetValue(number, out account)) Error("number", $"大客户号“{number}”不在您的管辖范围内");

        var lineName = row.Line;
        var typeName = row.Type;
        int lineId = 0, typeId = 0;
        if (!_lines.TryGetValue(lineName, out lineId)) Error("line", $"专业类型“{lineName}”不存在");
        else if (!_types.TryGetValue((lineId, typeName), out typeId)) Error("type", $"专业“{lineName}”下没有业务类型“{typeName}”");

        if (failed) return null;
        if (!_options.TryGetValue((account.Id, lineId, typeId), out var options))
        {
            if (!_lineOfAccount.Contains((account.Id, lineId)))
                Error("line", $"大客户号“{number}”没有通过客户注册审批登记专业“{lineName}”");
            else Error("type", $"大客户号“{number}”的专业“{lineName}”没有通过客户注册审批登记业务类型“{typeName}”");
            return null;
        }

        UsageOption? option;
        if (row.Manager is { } code)
        {
            if (!_managers.TryGetValue(code, out var managerId)) { Error("manager", $"客户经理编号“{code}”不存在"); return null; }
            option = Array.Find(options, o => o.ManagerUserId == managerId);
            if (option is null) { Error("manager", $"客户经理“{code}”没有登记此大客户的该项业务"); return null; }
        }
        else
        {
            option = Array.Find(options, o => !_orgWide && o.ManagerUserId == _me)
                     ?? (options.All(o => o.ManagerUserId == options[0].ManagerUserId) ? options[0] : null);
            if (option is null) { Error("manager", "该大客户的此项业务有多位客户经理,请填写客户经理编号"); return null; }
        }

        return new UsageRecord
        {
            UsageDate = row.Date, CustomerId = account.CustomerId, KeyAccountId = account.Id, ProductLineId = lineId, BusinessTypeId = typeId,
            ManagerUserId = option.ManagerUserId, OrgUnitId = option.OrgUnitId, Volume = row.Volume,
            ReceivableFen = row.Receivable is { } r ? Money.ToFen(r) : null, ActualFen = Money.ToFen(row.Actual), Remarks = row.Remarks,
            Source = UsageSource.Batch,
        };
    }
}
