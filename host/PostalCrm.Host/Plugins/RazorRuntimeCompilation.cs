using System.Reflection;
using Microsoft.AspNetCore.Mvc.Razor.RuntimeCompilation;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Primitives;

namespace PostalCrm.Host.Plugins;

/// <summary>
/// Development only (ARCHITECTURE §2): a plugin author edits a plugin's .cshtml and sees it on the next refresh,
/// without a rebuild. Each loaded plugin whose source folder is configured (<c>Plugins:Sources:&lt;id&gt;</c>) gets
/// its compiled path prefix <c>/&lt;id&gt;/</c> mapped to that folder; the precompiled views carry source checksums
/// (plugins' Debug builds), so only an edited view (or one whose _ViewImports changed) is recompiled. Production
/// never calls this and serves the precompiled views.
/// </summary>
public static class RazorRuntimeCompilation
{
    public static void Configure(IMvcBuilder mvc, PluginCatalog catalog, IConfiguration config, ILogger log)
    {
        var sources = catalog.InDependencyOrder()
            .Select(p => (Plugin: p, Folder: config[$"Plugins:Sources:{p.Id}"]))
            .Where(x => !string.IsNullOrWhiteSpace(x.Folder))
            .Select(x => (x.Plugin, Folder: Path.GetFullPath(x.Folder!)))
            .ToList();
        if (sources.Count == 0)
        {
            log.LogInformation("Razor runtime compilation: no Plugins:Sources configured, plugin views stay precompiled");
            return;
        }

        // Obsolete in .NET 10 for production use; here it is a development convenience only.
#pragma warning disable CS0618, ASPDEPR003
        mvc.AddRazorRuntimeCompilation(o =>
        {
            foreach (var (plugin, folder) in sources)
            {
                o.FileProviders.Add(new PrefixedFileProvider("/" + plugin.Id, new PhysicalFileProvider(folder)));
                // The recompiled view references the plugin's types (view models, helpers).
                o.AdditionalReferencePaths.Add(plugin.Assembly!.Location);
                log.LogInformation("Razor runtime compilation: /{Id}/ views from {Folder}", plugin.Id, folder);
            }
        });
#pragma warning restore CS0618, ASPDEPR003

        // A recompiled view is loaded into the default context, which cannot see the plugin's own load context.
        var loaded = sources.Select(s => s.Plugin.Assembly!).ToList();
        AppDomain.CurrentDomain.AssemblyResolve += (_, e) =>
            loaded.FirstOrDefault(a => AssemblyName.ReferenceMatchesDefinition(new AssemblyName(e.Name), a.GetName()));
    }

    /// <summary>Serves <c>{prefix}/x</c> from <c>x</c> of the inner provider; nothing else.</summary>
    private sealed class PrefixedFileProvider(string prefix, IFileProvider inner) : IFileProvider
    {
        private bool TryStrip(string path, out string rest)
        {
            var p = "/" + path.TrimStart('/');
            if (p.StartsWith(prefix + "/", StringComparison.OrdinalIgnoreCase))
            {
                rest = p[prefix.Length..];
                return true;
            }
            rest = "";
            return p.Equals(prefix, StringComparison.OrdinalIgnoreCase);
        }

        public IFileInfo GetFileInfo(string subpath) =>
            TryStrip(subpath, out var rest) && rest.Length > 0 ? inner.GetFileInfo(rest) : new NotFoundFileInfo(subpath);

        public IDirectoryContents GetDirectoryContents(string subpath) =>
            TryStrip(subpath, out var rest) ? inner.GetDirectoryContents(rest.Length == 0 ? "/" : rest) : NotFoundDirectoryContents.Singleton;

        public IChangeToken Watch(string filter) =>
            TryStrip(filter, out var rest) && rest.Length > 0 ? inner.Watch(rest) : NullChangeToken.Singleton;
    }
}
