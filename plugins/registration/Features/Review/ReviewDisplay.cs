namespace PostalCrm.Plugins.Registration.Review;

/// <summary>Formatting for the review pages.</summary>
public static class ReviewDisplay
{
    /// <summary>A stored UTC time as Beijing time (UTC+8, no daylight saving).</summary>
    public static string Time(DateTime utc) => PostalCrm.Sdk.Time.BeijingTime.Display(utc);

    public static string Slug(PostalCrm.Plugins.Registration.Data.ReviewStage stage) => stage switch
    {
        PostalCrm.Plugins.Registration.Data.ReviewStage.Pre => "pre",
        PostalCrm.Plugins.Registration.Data.ReviewStage.Initial => "initial",
        _ => "final",
    };

    /// <summary>The <see cref="ReviewController"/> action listing a stage (links come from routes, not strings).</summary>
    public static string ListAction(PostalCrm.Plugins.Registration.Data.ReviewStage stage) => stage switch
    {
        PostalCrm.Plugins.Registration.Data.ReviewStage.Pre => nameof(ReviewController.Pre),
        PostalCrm.Plugins.Registration.Data.ReviewStage.Initial => nameof(ReviewController.Initial),
        _ => nameof(ReviewController.Final),
    };

    /// <summary>The <see cref="ReviewController"/> action deciding a stage.</summary>
    public static string DecideAction(PostalCrm.Plugins.Registration.Data.ReviewStage stage) => stage switch
    {
        PostalCrm.Plugins.Registration.Data.ReviewStage.Pre => nameof(ReviewController.DecidePre),
        PostalCrm.Plugins.Registration.Data.ReviewStage.Initial => nameof(ReviewController.DecideInitial),
        _ => nameof(ReviewController.DecideFinal),
    };
}
