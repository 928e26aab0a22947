namespace PostalCrm.Testing;

public static class RepoPaths
{
    /// <summary>The repository root: the folder holding build.cake.</summary>
    public static string Root { get; } = FindRoot();

    /// <summary>Where ./build.sh --target=Publish-Plugins puts the host and its plugins.</summary>
    public static string App => Path.Combine(Root, "artifacts", "app");
    public static string Plugins => Path.Combine(App, "plugins");

    private static string FindRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "build.cake"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("build.cake not found above " + AppContext.BaseDirectory);
    }

    /// <summary>The version a plugin's source declares (plugins/&lt;id&gt;/plugin.json), which its published build reports.</summary>
    public static string PluginVersion(string id)
    {
        using var json = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(Root, "plugins", id, "plugin.json")));
        return json.RootElement.GetProperty("version").GetString() ?? throw new InvalidOperationException($"plugin {id} has no version");
    }

    /// <summary>Fails loudly when plugins were not published (run the README's test command, which publishes first).</summary>
    public static void RequirePublishedPlugins()
    {
        if (!Directory.Exists(Plugins) || Directory.GetDirectories(Plugins).Length == 0)
            throw new InvalidOperationException($"No published plugins under {Plugins}: run ./build.sh --target=Test (it publishes them first).");
    }
}
