using System.Globalization;

namespace PostalCrm.Plugins.Sharing.Common;

/// <summary>Formatting for the pages.</summary>
public static class Display
{
    /// <summary>A stored UTC time as Beijing time (UTC+8, no daylight saving).</summary>
    public static string Time(DateTime utc) => PostalCrm.Sdk.Time.BeijingTime.Display(utc);

    public static string Size(long bytes) => bytes switch
    {
        < 1024 => $"{bytes} B",
        < 1024 * 1024 => (bytes / 1024d).ToString("0.#", CultureInfo.InvariantCulture) + " KB",
        _ => (bytes / 1024d / 1024d).ToString("0.#", CultureInfo.InvariantCulture) + " MB",
    };
}
