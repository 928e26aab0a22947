using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using PostalCrm.Plugins.Usage.Common;
using PostalCrm.Plugins.Usage.Features.Entry;
using PostalCrm.Plugins.Usage.Features.Records;
using PostalCrm.Plugins.Usage.Features.Import;
using PostalCrm.Plugins.Usage.Features.Batches;
using PostalCrm.Sdk.Data;
using PostalCrm.Sdk.Plugins;

namespace PostalCrm.Plugins.Usage;

/// <summary>客户用邮: batch import (F-5.5), single entry (F-5.6), detail query (F-5.7) and the daily summary statistics read.</summary>
public sealed class UsagePlugin : IPlugin
{
    public string Id => "usage";

    /// <summary>One explicit registration per feature (scoped services on the SDK's scoped PostalDb, AuditLog, ICurrentUser).</summary>
    public void ConfigureServices(IServiceCollection services, IConfiguration configuration) => services
        .AddUsageCommon()
        .AddEntryFeature()
        .AddRecordsFeature()
        .AddImportFeature()
        .AddBatchesFeature()
        .AddScoped<IDemoData, Demo.UsageDemoData>()
        .AddScoped<IProvinceData, Demo.UsageProvinceData>();

    public IReadOnlyList<PermissionDefinition> Permissions => UsagePermissions.All;

    public IReadOnlyList<MenuEntry> Menu => UsageMenu.Entries;
}
