namespace PostalCrm.Plugins.Sharing.Common;

public static class Text
{
    /// <summary>An optional field as stored: trimmed, and null when blank.</summary>
    public static string? TrimToNull(this string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
