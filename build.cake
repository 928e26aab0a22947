// The one build script. Targets: Clean, Build, Publish-Plugins, Test, Run, Bench (./build.sh --target=<name>).
using System.Text.RegularExpressions;
using System.Xml.Linq;

var target = Argument("target", "Build");
// Bench measures what a deployment runs: Release unless told otherwise.
var configuration = Argument("configuration", target == "Bench" ? "Release" : "Debug");
var root = MakeAbsolute(Directory("."));
var artifacts = root.Combine("artifacts");
var app = artifacts.Combine("app");
var solution = root.CombineWithFilePath("PostalCrm.slnx");

Task("Clean").Does(() =>
{
    CleanDirectory(artifacts);
    DotNetClean(solution.FullPath, new DotNetCleanSettings { Configuration = configuration });
});

Task("Build").Does(() =>
{
    DotNetBuild(solution.FullPath, new DotNetBuildSettings { Configuration = configuration });
});

// The host and every plugin into artifacts/app (plugins/<id>/ each), the layout a deployment has.
Task("Publish-Plugins").IsDependentOn("Build").Does(() =>
{
    DotNetPublish("host/PostalCrm.Host/PostalCrm.Host.csproj", new DotNetPublishSettings
    {
        Configuration = configuration, OutputDirectory = app, NoBuild = true,
    });
    foreach (var descriptor in GetFiles("plugins/*/plugin.json"))
    {
        var folder = descriptor.GetDirectory();
        var id = folder.GetDirectoryName();
        var project = GetFiles(folder.FullPath + "/*.csproj").Single();
        var output = app.Combine("plugins").Combine(id);
        CleanDirectory(output);
        DotNetPublish(project.FullPath, new DotNetPublishSettings { Configuration = configuration, OutputDirectory = output, NoBuild = true });
        Information($"plugin {id} → {output}");
    }
    // Report templates and manifests (ARCHITECTURE §6) beside the app: a deployment edits them there without a rebuild.
    var reports = app.Combine("reports");
    CleanDirectory(reports);
    CopyDirectory(root.Combine("reports"), reports);
});

Task("Test").IsDependentOn("Publish-Plugins").Does(() =>
{
    // PostgreSQL and Chromium are needed; install them when we can (root on Debian), else say what to install.
    var deps = StartProcess("bash", new ProcessSettings { Arguments = "build/test-deps.sh", WorkingDirectory = root });
    if (deps != 0) throw new Exception("Test prerequisites are missing (see the message above).");

    var results = artifacts.Combine("test-results");
    CleanDirectory(results);
    var failed = false;
    try
    {
        DotNetTest(solution.FullPath, new DotNetTestSettings
        {
            Configuration = configuration, NoBuild = true, ResultsDirectory = results,
            Loggers = new[] { "trx", "console;verbosity=normal" },
        });
    }
    catch (Exception) { failed = true; }
    PrintTotals(results);
    if (failed) throw new Exception("Some tests failed.");
});

Task("Run").IsDependentOn("Publish-Plugins").Does(() =>
{
    var env = new Dictionary<string, string>
    {
        ["ASPNETCORE_URLS"] = EnvironmentVariable("ASPNETCORE_URLS") ?? "http://127.0.0.1:5000",
        ["DataFolder"] = EnvironmentVariable("DataFolder") ?? root.Combine("App_Data").FullPath,
    };
    Information($"Serving on {env["ASPNETCORE_URLS"]} (data in {env["DataFolder"]}). Ctrl+C stops.");
    var code = StartProcess("dotnet", new ProcessSettings
    {
        Arguments = "PostalCrm.Host.dll", WorkingDirectory = app, EnvironmentVariables = env,
    });
    if (code != 0) throw new Exception($"host exited with {code}");
});

// Issue 8: generates the province if needed, starts the floor app and the portal, measures every page beside the floor
// with wrk and writes the table into docs/benchmarks.md. ./build.sh --target=Bench [--databases=sqlite,postgres]
Task("Bench").IsDependentOn("Publish-Plugins").Does(() =>
{
    DotNetPublish("tests/PostalCrm.Bench.Floor/PostalCrm.Bench.Floor.csproj", new DotNetPublishSettings
    {
        Configuration = configuration, OutputDirectory = artifacts.Combine("floor"),
    });
    var databases = Argument("databases", "sqlite").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
    if (databases.Contains("postgres"))
    {
        var deps = StartProcess("bash", new ProcessSettings { Arguments = "build/test-deps.sh", WorkingDirectory = root });
        if (deps != 0) throw new Exception("PostgreSQL is missing (see the message above).");
    }
    var code = StartProcess("bash", new ProcessSettings { Arguments = "build/bench.sh " + string.Join(" ", databases), WorkingDirectory = root });
    if (code != 0) throw new Exception($"bench failed ({code})");
});

RunTarget(target);

// Sums every .trx file: the closing line CI reads (dotnet test prints no such line itself).
void PrintTotals(DirectoryPath results)
{
    int passed = 0, failed = 0, skipped = 0;
    foreach (var trx in GetFiles(results.FullPath + "/**/*.trx"))
    {
        var counters = XDocument.Load(trx.FullPath).Descendants().FirstOrDefault(e => e.Name.LocalName == "Counters");
        if (counters == null) continue;
        int Get(string name) => int.TryParse((string)counters.Attribute(name), out var v) ? v : 0;
        passed += Get("passed");
        failed += Get("failed") + Get("error") + Get("timeout") + Get("aborted");
        skipped += Get("notExecuted");
    }
    Information($"tests: {passed} passed, {failed} failed, {skipped} skipped");
}
