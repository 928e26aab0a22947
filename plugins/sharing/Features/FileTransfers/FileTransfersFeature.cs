using Microsoft.Extensions.DependencyInjection;

namespace PostalCrm.Plugins.Sharing.Features.FileTransfers;

public static class FileTransfersFeature
{
    /// <summary>F-7.3 文件传送.</summary>
    public static IServiceCollection AddFileTransfersFeature(this IServiceCollection services) => services
        .AddScoped<FileTransferService>();
}
