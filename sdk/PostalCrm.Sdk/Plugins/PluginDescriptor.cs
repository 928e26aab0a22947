using System.Text.Json;
using System.Text.Json.Serialization;

namespace PostalCrm.Sdk.Plugins;

/// <summary>The contents of a plugin's <c>plugin.json</c>, read before any of its code is loaded.</summary>
public sealed class PluginDescriptor
{
    [JsonPropertyName("id")] public string Id { get; set; } = "";
    [JsonPropertyName("name")] public string Name { get; set; } = "";
    [JsonPropertyName("version")] public string Version { get; set; } = "";
    [JsonPropertyName("sdk")] public string Sdk { get; set; } = "";
    [JsonPropertyName("dependsOn")] public Dictionary<string, string> DependsOn { get; set; } = [];
    [JsonPropertyName("entryAssembly")] public string EntryAssembly { get; set; } = "";

    private static readonly JsonSerializerOptions Options = new() { ReadCommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true };

    public static PluginDescriptor Parse(string json)
    {
        var d = JsonSerializer.Deserialize<PluginDescriptor>(json, Options)
                ?? throw new FormatException("plugin.json is empty");
        if (string.IsNullOrWhiteSpace(d.Id)) throw new FormatException("plugin.json has no id");
        if (!System.Version.TryParse(d.Version, out _)) throw new FormatException($"plugin {d.Id}: version '{d.Version}' is not a version");
        if (string.IsNullOrWhiteSpace(d.EntryAssembly)) throw new FormatException($"plugin {d.Id}: no entryAssembly");
        VersionRange.Parse(d.Sdk);
        foreach (var range in d.DependsOn.Values) VersionRange.Parse(range);
        return d;
    }
}

/// <summary>
/// A NuGet-style version range: <c>[1.0,2.0)</c>, <c>[1.2,]</c>, <c>(,3.0)</c>, or a bare <c>1.0</c> meaning "at least 1.0".
/// </summary>
public sealed record VersionRange(Version? Min, bool MinInclusive, Version? Max, bool MaxInclusive)
{
    public static VersionRange Parse(string text)
    {
        var s = (text ?? "").Trim();
        if (s.Length == 0) throw new FormatException("empty version range");
        if (s[0] is not ('[' or '('))
            return new VersionRange(ParseVersion(s), true, null, false);
        if (s[^1] is not (']' or ')')) throw new FormatException($"version range '{text}' is not closed");
        var parts = s[1..^1].Split(',');
        if (parts.Length != 2) throw new FormatException($"version range '{text}' needs two bounds");
        var min = parts[0].Trim().Length == 0 ? null : ParseVersion(parts[0].Trim());
        var max = parts[1].Trim().Length == 0 ? null : ParseVersion(parts[1].Trim());
        return new VersionRange(min, s[0] == '[', max, s[^1] == ']');
    }

    public bool Admits(Version v)
    {
        v = Normalize(v);
        if (Min is not null)
        {
            var c = v.CompareTo(Min);
            if (c < 0 || (c == 0 && !MinInclusive)) return false;
        }
        if (Max is not null)
        {
            var c = v.CompareTo(Max);
            if (c > 0 || (c == 0 && !MaxInclusive)) return false;
        }
        return true;
    }

    private static Version ParseVersion(string s) =>
        Version.TryParse(s, out var v) ? Normalize(v) : throw new FormatException($"'{s}' is not a version");

    // 1.0 and 1.0.0 must compare equal.
    private static Version Normalize(Version v) => new(v.Major, v.Minor, Math.Max(v.Build, 0), 0);
}

/// <summary>The SDK's own version, which plugin.json "sdk" ranges are checked against.</summary>
public static class SdkInfo
{
    public static Version Version { get; } =
        typeof(SdkInfo).Assembly.GetName().Version is { } v ? new Version(v.Major, v.Minor, v.Build) : new Version(1, 0, 0);
}
