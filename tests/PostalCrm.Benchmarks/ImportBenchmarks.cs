using BenchmarkDotNet.Attributes;
using Microsoft.AspNetCore.Http;
using MiniExcelLibs;
using PostalCrm.Plugins.Registration.CustomerImport;
using PostalCrm.Sdk.Audit;
using PostalCrm.Sdk.Data;
using PostalCrm.Sdk.Files;
using PostalCrm.Sdk.Security;
using PostalCrm.Testing;

namespace PostalCrm.Benchmarks;

/// <summary>
/// F-3.10: a 10,000-row workbook imported by CustomerImportService (both passes: validate, then bulk copy in one
/// transaction) into the 200,000-customer database. Each invocation imports new names (a fresh file per iteration).
/// </summary>
[Config(typeof(ShortInProcess))]
[MemoryDiagnoser]
public class ImportBenchmarks
{
    public const int Rows = 10_000;

    [Params(DatabaseProvider.Sqlite, DatabaseProvider.PostgreSQL)]
    public DatabaseProvider Provider { get; set; }

    private TestDatabase _tdb = null!;
    private byte[] _file = [];
    private int _iteration;

    [GlobalSetup]
    public void Setup() => _tdb = BenchData.For(Provider);

    [IterationSetup]
    public void NewFile()
    {
        var prefix = $"导入基准{Guid.NewGuid():N}"[..12];
        using var ms = new MemoryStream();
        MiniExcel.SaveAs(ms, Enumerable.Range(0, Rows).Select(i => new Dictionary<string, object?>
        {
            ["客户名称*"] = $"{prefix}客户{i:D5}有限公司", ["客户简称*"] = $"简称{i:D5}", ["所在市*"] = "武汉市", ["所在区县*"] = i % 2 == 0 ? "江岸区" : "武昌区",
            ["行业"] = "制造业", ["客户级别"] = "金", ["总部客户"] = "否", ["地址"] = $"武汉市某路 {i} 号", ["邮编"] = "430010", ["电话"] = "027-88886666",
            ["法人代表"] = "张三", ["备注"] = null,
        }), sheetName: CustomerImportSheet.SheetName);
        _file = ms.ToArray();
        _iteration++;
    }

    [Benchmark, InvocationCount(1)]
    public async Task<int> Import10000Rows()
    {
        using var db = _tdb.Open();
        var user = await Users.AsAsync(db, DemoUsers.WuhanCentre);
        var service = new CustomerImportService(db, user, new DataScope(user, db), new AuditLog(db, user), new StorageSettings { Root = Path.Combine(_tdb.Folder, "files") }, TimeProvider.System);
        using var content = new MemoryStream(_file, writable: false);
        var form = new FormFile(content, 0, content.Length, "File", $"bench-{_iteration}.xlsx");
        var result = await service.ImportAsync(form);
        return result.Succeeded ? result.Imported : throw new InvalidOperationException(string.Join("; ", result.Errors.Take(5)));
    }
}
