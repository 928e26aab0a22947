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
}
