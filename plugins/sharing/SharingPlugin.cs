using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using PostalCrm.Plugins.Sharing.Common;
using PostalCrm.Plugins.Sharing.Features.FileTransfers;
using PostalCrm.Plugins.Sharing.Features.Manuals;
using PostalCrm.Plugins.Sharing.Features.MarketingCases;
using PostalCrm.Plugins.Sharing.Features.SmeLeads;
using PostalCrm.Sdk.Data;
using PostalCrm.Sdk.Plugins;

namespace PostalCrm.Plugins.Sharing;

/// <summary>信息共享: SME leads (F-7.1), marketing cases (F-7.2), file transfer (F-7.3) and operation manuals (F-8.2).</summary>
public sealed class SharingPlugin : IPlugin
{
    public string Id => "sharing";

    /// <summary>One explicit registration per feature (scoped services on the SDK's scoped PostalDb, FileStore, AuditLog, ICurrentUser).</summary>
    public void ConfigureServices(IServiceCollection services, IConfiguration configuration) => services
        .AddSharingCommon()
        .AddSmeLeadsFeature()
        .AddMarketingCasesFeature()
        .AddFileTransfersFeature()
        .AddManualsFeature()
        .AddScoped<IDemoData, Demo.SharingDemoData>();

    public IReadOnlyList<PermissionDefinition> Permissions => SharingPermissions.All;

    public IReadOnlyList<MenuEntry> Menu => SharingMenu.Entries;
}
