using Microsoft.Extensions.DependencyInjection;

namespace PostalCrm.Plugins.Registration.Review;

public static class ReviewFeature
{
    /// <summary>F-3.3 预审/初审/终审.</summary>
    public static IServiceCollection AddReviewFeature(this IServiceCollection services) => services
        .AddScoped<ReviewService>();
}
