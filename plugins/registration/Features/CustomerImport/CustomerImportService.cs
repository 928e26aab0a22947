using System.Data.Common;
using System.Globalization;
using System.Security.Cryptography;
using System.Text.RegularExpressions;
using LinqToDB.Data;
using Microsoft.AspNetCore.Http;
using PostalCrm.Sdk.Audit;
using PostalCrm.Sdk.Customers;
using PostalCrm.Sdk.Data;
using PostalCrm.Sdk.Excel;
using PostalCrm.Sdk.Files;
using PostalCrm.Sdk.Organisation;
using PostalCrm.Sdk.Security;
using PostalCrm.Sdk.Time;

namespace PostalCrm.Plugins.Registration.CustomerImport;

/// <summary>
/// F-3.10 商务客户信息导入: validates every row of the uploaded workbook and imports all rows or none. Imported customers
/// are master data only (no application, relationship or number). The file is read twice, streamed both times, so
/// memory does not grow with the file beyond one set of names (needed for duplicates within the file): pass 1 only
/// validates (no transaction, no lock); pass 2 runs only for a clean file and bulk-copies the rows in batches of
/// <see cref="BatchSize"/> inside one transaction, with one audit entry for the batch.
/// </summary>
public sealed partial class CustomerImportService(PostalDb db, ICurrentUser me, DataScope scope, AuditLog audit, StorageSettings storage, TimeProvider clock)
{
    public const string AuditEntity = "registration_customer_import";
    public const int BatchSize = 1000;
    private const string ReportFolder = "import-errors";

    public static byte[] Template() => ExcelTemplateWriter.ToBytes(CustomerImportSheet.Spec);

    public async Task<CustomerImportResult> ImportAsync(IFormFile? file)
    {
        if (file is null || file.Length == 0) throw new BusinessRuleException("请选择要导入的 Excel 文件(.xlsx)");
        var fileName = FilePolicy.SafeDisplayName(file.FileName);
        await using (var s = file.OpenReadStream())
        {
            var head = new byte[512];
            var n = await s.ReadAtLeastAsync(head, head.Length, throwOnEndOfStream: false);
            FilePolicy.Excel().Check(fileName, file.Length, head.AsSpan(0, n));
        }
        var rules = await ImportRules.LoadAsync(db, me, scope);
        var reader = new ExcelRowReader(CustomerImportSheet.Spec);

        // Pass 1: every row checked; name keys (CustomerNames.Key: full-width, spaces, brackets) remembered for
        // duplicates within the file and against the database.
        var names = new Dictionary<string, int>(StringComparer.Ordinal);
        ExcelReadResult check;
        await using (var s = file.OpenReadStream())
            check = reader.Read(s, row =>
            {
                if (rules.Map(row) is { } c && !names.TryAdd(c.NameKey, row.RowNumber))
                    row.AddError("name", $"与第 {names[c.NameKey]} 行的客户名称重复");
                return (object?)null;
            });
        var existing = await ExistingNamesAsync(names);
        if (!check.Succeeded || existing.Count > 0) return Failed(check, existing);
        names.Clear();

        // Pass 2: the same rows, written in batches inside one transaction.
        var codePrefix = NewCodePrefix();
        var options = new BulkCopyOptions
        {
            // PostgreSQL: binary COPY (MultipleRows is ~5× slower there); SQLite: multi-row inserts in the transaction.
            BulkCopyType = db.IsPostgres ? BulkCopyType.ProviderSpecific : BulkCopyType.MultipleRows,
            MaxBatchSize = BatchSize,
        };
        var now = clock.UtcNow();
        var batch = new List<BusinessCustomer>(BatchSize);
        var count = 0;
        await using var tx = await db.BeginTransactionAsync();
        try
        {
            ExcelReadResult write;
            await using (var s = file.OpenReadStream())
                write = reader.Read(s, row =>
                {
                    var c = rules.Map(row) ?? throw new InvalidOperationException($"row {row.RowNumber} passed the check but not the import");
                    c.Code = codePrefix + (++count).ToString("D6", CultureInfo.InvariantCulture);
                    c.CreatedAt = now;
                    batch.Add(c);
                    if (batch.Count == BatchSize) Flush(batch, options);
                    return (object?)null;
                });
            if (!write.Succeeded) throw new InvalidOperationException("the workbook changed between the check and the import");
            Flush(batch, options);
        }
        catch (DbException)
        {
            // The unique name key: a customer of the same name was approved or imported since the check. The transaction
            // rolls back (nothing written); importing again names the row.
            await tx.RollbackAsync();
            throw new BusinessRuleException("导入期间系统中新增了与本文件同名的商务客户,本次导入未写入任何数据;请重新导入,系统将指出重名的行");
        }
        await audit.WriteAsync(AuditEntity, codePrefix, "import", null, new { FileName = fileName, Count = count, CodePrefix = codePrefix });
        await tx.CommitAsync();
        return new CustomerImportResult { Imported = count, RowCount = count };
    }

    private void Flush(List<BusinessCustomer> batch, BulkCopyOptions options)
    {
        if (batch.Count == 0) return;
        db.BulkCopy(options, batch);
        batch.Clear();
    }

    /// <summary>Rows whose 客户名称 an existing customer already has under any spelling (same name key), with that customer's name and code.</summary>
    private async Task<List<ExcelError>> ExistingNamesAsync(Dictionary<string, int> names)
    {
        var errors = new List<ExcelError>();
        foreach (var chunk in names.Keys.Chunk(500))
        {
            var found = await db.BusinessCustomers.Where(c => chunk.Contains(c.NameKey)).Select(c => new { c.NameKey, c.Name, c.Code }).ToListAsync();
            foreach (var f in found)
                errors.Add(new ExcelError(names[f.NameKey], "客户名称", $"系统中已有同名商务客户“{f.Name}”(商务客户代码 {f.Code})"));
        }
        return errors;
    }

    private static CustomerImportResult Failed(ExcelReadResult check, List<ExcelError> existing)
    {
        var max = new ExcelReadOptions().MaxReportedErrors;
        return new CustomerImportResult
        {
            RowCount = check.RowCount,
            ErrorCount = check.ErrorCount + existing.Count,
            Errors = [.. check.Errors.Concat(existing).OrderBy(e => e.Row).Take(max)],
        };
    }

    /// <summary>"DR" + date + 6 random characters: every customer of one batch shares it (its code = prefix + serial), so the batch is traceable from its audit entry.</summary>
    private string NewCodePrefix()
    {
        const string alphabet = "0123456789ABCDEFGHJKLMNPQRSTUVWXYZ";
        var random = string.Create(6, 0, (span, _) =>
        {
            for (var i = 0; i < span.Length; i++) span[i] = alphabet[RandomNumberGenerator.GetInt32(alphabet.Length)];
        });
        return "DR" + clock.UtcNow().ToString("yyMMdd", CultureInfo.InvariantCulture) + random;
    }

    /// <summary>
    /// Keeps the error report of a refused import for download by the same user (a file under the storage root, not the
    /// database: a refused import writes nothing there). Reports older than a day are removed.
    /// </summary>
    public string SaveReport(CustomerImportResult result)
    {
        var folder = Path.Combine(storage.Root, ReportFolder);
        Directory.CreateDirectory(folder);
        foreach (var old in new DirectoryInfo(folder).EnumerateFiles("*.xlsx").Where(f => f.LastWriteTimeUtc < clock.UtcNow().AddDays(-1)))
        {
            try { old.Delete(); } catch (IOException) { } // another request may be removing it too
        }
        var token = me.Id.ToString(CultureInfo.InvariantCulture) + "-" + Guid.NewGuid().ToString("N");
        using var output = new FileStream(Path.Combine(folder, token + ".xlsx"), FileMode.CreateNew, FileAccess.Write);
        IEnumerable<IReadOnlyList<object?>> rows = result.Errors.Select(e => (IReadOnlyList<object?>)
            [e.Row > 0 ? e.Row : null, e.Column.Length > 0 ? e.Column : null, e.Message]);
        if (result.ErrorCount > result.Errors.Count)
            rows = rows.Append([null, null, $"共 {result.ErrorCount} 个错误,此处只列出前 {result.Errors.Count} 个;请先改正这些错误后重新导入。"]);
        ExcelExporter.Write(output, ExcelErrorReport.Spec, rows);
        return token;
    }

    /// <summary>The current user's own error report, or null.</summary>
    public Stream? OpenReport(string token)
    {
        var m = TokenRegex().Match(token ?? "");
        if (!m.Success || m.Groups[1].Value != me.Id.ToString(CultureInfo.InvariantCulture)) return null;
        var path = Path.Combine(storage.Root, ReportFolder, token + ".xlsx");
        return File.Exists(path) ? new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read) : null;
    }

    [GeneratedRegex("^([0-9]+)-[0-9a-f]{32}$")]
    private static partial Regex TokenRegex();
}

/// <summary>Reference data and org units for checking rows, loaded once per import (small tables).</summary>
internal sealed partial class ImportRules
{
    private readonly Dictionary<string, List<OrgUnit>> _cities = new(StringComparer.Ordinal);
    private readonly Dictionary<(int CityId, string Name), OrgUnit> _districts = [];
    private readonly Dictionary<string, int> _industries = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _levels = new(StringComparer.Ordinal);
    private HashSet<int> _districtsInScope = [];
    private int _userId;

    public static async Task<ImportRules> LoadAsync(PostalDb db, ICurrentUser me, DataScope scope)
    {
        var rules = new ImportRules { _userId = me.Id };
        // The SDK's unit-and-below rule, evaluated once for the whole file (rows are checked in memory).
        rules._districtsInScope = [.. await scope.UnitAndBelow(db.OrgUnits.Where(u => u.Kind == OrgUnitKind.Area), u => u.Id).Select(u => u.Id).ToListAsync()];
        var areas = await db.OrgUnits.Where(u => u.Kind == OrgUnitKind.Area && u.Active).ToListAsync();
        foreach (var city in areas.Where(u => u.Level == OrgLevel.City))
        {
            if (!rules._cities.TryGetValue(city.Name, out var list)) rules._cities[city.Name] = list = [];
            list.Add(city);
        }
        foreach (var d in areas.Where(u => u.Level == OrgLevel.District && u.ParentId is not null))
            rules._districts.TryAdd((d.ParentId!.Value, d.Name), d);
        foreach (var i in await db.Industries.ToListAsync()) rules._industries.TryAdd(i.Name, i.Id);
        foreach (var l in await db.CustomerLevels.ToListAsync()) rules._levels.TryAdd(l.Name, l.Id);
        return rules;
    }

    /// <summary>The customer the row describes (no code yet), or null with the row's errors added.</summary>
    public BusinessCustomer? Map(ExcelRow row)
    {
        var cityName = row.Text("city")!;
        var districtName = row.Text("district")!;
        OrgUnit? district = null;
        if (!_cities.TryGetValue(cityName, out var cities))
            row.AddError("city", $"找不到名为“{cityName}”的市(州)");
        else if (cities.Select(c => _districts.GetValueOrDefault((c.Id, districtName))).FirstOrDefault(d => d is not null) is not { } found)
            row.AddError("district", $"“{cityName}”下没有名为“{districtName}”的区县");
        else if (!_districtsInScope.Contains(found.Id))
            row.AddError("district", $"“{cityName}{districtName}”不在您的管辖范围内,不能导入");
        else
            district = found;

        int? industryId = null;
        if (row.Text("industry") is { } industry)
        {
            if (_industries.TryGetValue(industry, out var id)) industryId = id;
            else row.AddError("industry", $"行业“{industry}”不存在,请填写系统中已有的行业名称");
        }
        var headquarters = row.Boolean("headquarters") ?? false;
        int? levelId = null;
        var level = row.Text("level");
        if (headquarters && level is not null && level != CustomerImportSheet.HeadquartersLevel)
        {
            row.AddError("level", $"总部客户的客户级别必须为{CustomerImportSheet.HeadquartersLevel}");
        }
        else
        {
            if (headquarters) level = CustomerImportSheet.HeadquartersLevel; // 总部客户 forces 钻石级 (F-3.1)
            if (level is not null)
            {
                if (_levels.TryGetValue(level, out var id)) levelId = id;
                else row.AddError("level", $"客户级别“{level}”不存在,请填写系统中已有的客户级别");
            }
        }
        if (row.Text("postcode") is { } postcode && !PostcodeRegex().IsMatch(postcode)) row.AddError("postcode", "邮编必须是 6 位数字");
        if (row.Text("phone") is { } phone && !PhoneRegex().IsMatch(phone)) row.AddError("phone", "电话只能包含数字、空格和 + - ( ),5 至 30 位");
        if (row.HasErrors || district is null) return null;

        return new BusinessCustomer
        {
            Name = row.Text("name")!,
            ShortName = row.Text("short_name")!,
            CityOrgId = district.ParentId!.Value,
            DistrictOrgId = district.Id,
            IndustryId = industryId,
            LevelId = levelId,
            IsHeadquarters = headquarters,
            Address = row.Text("address"),
            Postcode = row.Text("postcode"),
            Phone = row.Text("phone"),
            LegalPerson = row.Text("legal_person"),
            Remarks = row.Text("remarks"),
            Developed = false,
            CreatedBy = _userId,
        };
    }

    [GeneratedRegex("^[0-9]{6}$")]
    private static partial Regex PostcodeRegex();

    [GeneratedRegex(@"^[0-9+\-() ]{5,30}$")]
    private static partial Regex PhoneRegex();
}
