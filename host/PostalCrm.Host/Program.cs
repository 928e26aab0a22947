using PostalCrm.Host;

var app = PostalCrmHost.Build(args);
await app.RunAsync();

/// <summary>Entry point; public for WebApplicationFactory in tests.</summary>
public partial class Program;
