using Microsoft.Extensions.DependencyInjection;

namespace PostalCrm.Plugins.Usage.Features.Records;

public static class RecordsFeature
{
    /// <summary>F-5.7 手工录入用邮信息明细查询 and corrections.</summary>
    public static IServiceCollection AddRecordsFeature(this IServiceCollection services) => services.AddScoped<RecordService>();
}
