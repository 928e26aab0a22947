using Microsoft.Extensions.DependencyInjection;

namespace PostalCrm.Plugins.Kpi.Features.Complaints;

public static class ComplaintsFeature
{
    /// <summary>F-6.5 客户投诉建议添加 / 查询.</summary>
    public static IServiceCollection AddComplaintsFeature(this IServiceCollection services) => services.AddScoped<ComplaintService>();
}
