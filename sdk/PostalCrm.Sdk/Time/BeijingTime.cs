using System.Globalization;

namespace PostalCrm.Sdk.Time;

/// <summary>
/// The one way times are shown and "today" is decided: stored times are UTC; users live in Beijing time (UTC+8, no
/// daylight saving), whatever the server's time zone. "Now" always comes from the injected <see cref="TimeProvider"/>,
/// so tests control it.
/// </summary>
public static class BeijingTime
{
    public static readonly TimeSpan Offset = TimeSpan.FromHours(8);

    /// <summary>A stored UTC time for display, e.g. 2026-11-30 09:05.</summary>
    public static string Display(DateTime utc) =>
        DateTime.SpecifyKind(utc, DateTimeKind.Utc).Add(Offset).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);

    /// <summary>Display of an optional time; empty when there is none.</summary>
    public static string Display(DateTime? utc) => utc is { } t ? Display(t) : "";

    /// <summary>The current UTC time as stored in the database.</summary>
    public static DateTime UtcNow(this TimeProvider clock) => clock.GetUtcNow().UtcDateTime;

    /// <summary>Today's date in Beijing (a usage date, a plan day, a due date compare against this).</summary>
    public static DateOnly Today(this TimeProvider clock) => DateOnly.FromDateTime(clock.GetUtcNow().ToOffset(Offset).DateTime);
}
