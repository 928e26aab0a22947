using Microsoft.Extensions.DependencyInjection;

namespace PostalCrm.Plugins.Usage.Features.Batches;

public static class BatchesFeature
{
    /// <summary>查询 of F-5.5: batch list and batch rows.</summary>
    public static IServiceCollection AddBatchesFeature(this IServiceCollection services) => services.AddScoped<BatchService>();
}
