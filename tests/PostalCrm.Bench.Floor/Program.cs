using PostalCrm.Sdk.Data;

// Same configuration keys as the portal: Database:Provider and Database:ConnectionString.
var builder = WebApplication.CreateBuilder(args);
builder.Logging.SetMinimumLevel(LogLevel.Warning);
var settings = builder.Configuration.GetSection("Database").Get<DatabaseSettings>() ?? new DatabaseSettings();
var options = settings.ToDataOptions();
builder.Services.AddScoped(_ => new PostalDb(options));
builder.Services.AddControllersWithViews();
var app = builder.Build();
app.MapControllers();
await app.RunAsync();

