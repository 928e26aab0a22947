using System.Text.Json.Nodes;
using PostalCrm.Testing;

namespace PostalCrm.Host.Tests;

/// <summary>
/// A temporary plugins folder: the published plugins plus chosen test plugins (tests/TestPlugins, built by this
/// project's references), optionally with one descriptor changed. Deleted on dispose.
/// </summary>
public sealed class TestPluginFolder : IDisposable
{
    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "postalcrm-plugins-" + Guid.NewGuid().ToString("N"));

    public TestPluginFolder(params string[] testPlugins)
    {
        RepoPaths.RequirePublishedPlugins();
        Copy(RepoPaths.Plugins, Path);
        foreach (var id in testPlugins) Copy(BinOf(id), System.IO.Path.Combine(Path, id));
    }

    /// <summary>Changes <c>&lt;id&gt;/plugin.json</c>.</summary>
    public TestPluginFolder Change(string id, Action<JsonObject> change)
    {
        var descriptor = System.IO.Path.Combine(Path, id, "plugin.json");
        var json = JsonNode.Parse(File.ReadAllText(descriptor))!.AsObject();
        change(json);
        File.WriteAllText(descriptor, json.ToJsonString());
        return this;
    }

    /// <summary>The newest build output of tests/TestPlugins/&lt;id&gt; (Debug or Release, whichever the tests were built with).</summary>
    private static string BinOf(string id)
    {
        var bin = System.IO.Path.Combine(RepoPaths.Root, "tests", "TestPlugins", id, "bin");
        return Directory.Exists(bin)
            ? Directory.GetFiles(bin, "plugin.json", SearchOption.AllDirectories)
                  .Select(System.IO.Path.GetDirectoryName).OfType<string>()
                  .OrderByDescending(Directory.GetLastWriteTimeUtc).First()
            : throw new InvalidOperationException($"test plugin {id} is not built under {bin}: build PostalCrm.Host.Tests");
    }

    private static void Copy(string from, string to)
    {
        foreach (var file in Directory.GetFiles(from, "*", SearchOption.AllDirectories))
        {
            var dest = System.IO.Path.Combine(to, System.IO.Path.GetRelativePath(from, file));
            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(dest)!);
            File.Copy(file, dest);
        }
    }

    public void Dispose()
    {
        try { Directory.Delete(Path, true); }
        catch (IOException) { } // a loaded plugin may still hold a file on some systems; the temp folder is cleaned later
        catch (UnauthorizedAccessException) { }
    }
}
