using PostalCrm.Host;
using PostalCrm.Host.Data;

// `generate-province …` fills an empty database with a generated province (issue 8) instead of serving.
if (args.Length > 0 && args[0] == ProvinceGenerator.Command)
    return await ProvinceGenerator.RunCommandAsync(args[1..]);

var app = PostalCrmHost.Build(args);
await app.RunAsync();
return 0;

/// <summary>Entry point; public for WebApplicationFactory in tests.</summary>
public partial class Program;
