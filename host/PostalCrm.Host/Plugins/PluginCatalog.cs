using System.Reflection;
using PostalCrm.Sdk.Plugins;

namespace PostalCrm.Host.Plugins;

public enum PluginState
{
    Loaded,
    Disabled,
    Refused,
}

/// <summary>One plugin folder as the host saw it at start-up (admin plugin page, /healthz).</summary>
public sealed class PluginInfo
{
    public required string Id { get; init; }
    public string Name { get; init; } = "";
    public string Version { get; init; } = "";
    public string SdkRange { get; init; } = "";
    public PluginState State { get; set; }
    /// <summary>Why it was refused, in Chinese (shown on the admin page); also logged.</summary>
    public string? Reason { get; set; }
    public PluginDescriptor? Descriptor { get; init; }
    public string Folder { get; init; } = "";
    public Assembly? Assembly { get; set; }
    public IPlugin? Instance { get; set; }

    public string StateName => State switch
    {
        PluginState.Loaded => "已启用",
        PluginState.Disabled => "未启用",
        _ => "已拒绝",
    };
}

/// <summary>Loads an entry assembly from a plugin folder. Kept behind this interface so McMaster can be swapped for a plain AssemblyLoadContext.</summary>
public interface IPluginAssemblyLoader
{
    Assembly Load(string entryAssemblyPath);
}

/// <summary>
/// Reads every <c>plugins/&lt;id&gt;/plugin.json</c> first, refuses what cannot run (SDK range, missing or
/// refused dependency, bad descriptor, load failure) with a clear log line, then loads the rest in dependency order.
/// A refused plugin never stops the host.
/// </summary>
public sealed class PluginCatalog
{
    private readonly List<PluginInfo> _all = [];
    public IReadOnlyList<PluginInfo> All => _all;
    public IEnumerable<PluginInfo> Loaded => _all.Where(p => p.State == PluginState.Loaded);

    public static PluginCatalog Discover(string folder, IReadOnlyCollection<string> enabled, Version sdkVersion,
        IPluginAssemblyLoader loader, ILogger log)
    {
        var catalog = new PluginCatalog();
        if (!Directory.Exists(folder))
        {
            log.LogWarning("Plugin folder {Folder} does not exist: no plugins loaded", folder);
            return catalog;
        }

        foreach (var dir in Directory.GetDirectories(folder).Order(StringComparer.Ordinal))
        {
            var descriptorPath = Path.Combine(dir, "plugin.json");
            if (!File.Exists(descriptorPath)) continue;
            try
            {
                var d = PluginDescriptor.Parse(File.ReadAllText(descriptorPath));
                catalog._all.Add(new PluginInfo
                {
                    Id = d.Id, Name = d.Name, Version = d.Version, SdkRange = d.Sdk, Descriptor = d, Folder = dir,
                    State = enabled.Contains(d.Id, StringComparer.OrdinalIgnoreCase) ? PluginState.Loaded : PluginState.Disabled,
                });
            }
            catch (Exception e) when (e is FormatException or System.Text.Json.JsonException or IOException)
            {
                var bad = new PluginInfo { Id = Path.GetFileName(dir), Folder = dir };
                Refuse(bad, $"plugin.json 无效:{e.Message}", log);
                catalog._all.Add(bad);
            }
        }

        foreach (var id in enabled.Where(id => catalog._all.All(p => !string.Equals(p.Id, id, StringComparison.OrdinalIgnoreCase))))
            log.LogWarning("Plugin {Id} is enabled in configuration but no folder with its plugin.json exists under {Folder}", id, folder);

        foreach (var p in catalog._all.Where(p => p.State == PluginState.Loaded))
        {
            if (!VersionRange.Parse(p.SdkRange).Admits(sdkVersion))
                Refuse(p, $"要求 SDK 版本 {p.SdkRange},本系统 SDK 版本为 {sdkVersion}", log);
        }

        // A dependency must be present, loaded and of an admitted version; repeat until stable (refusals cascade).
        bool changed;
        do
        {
            changed = false;
            foreach (var p in catalog._all.Where(p => p.State == PluginState.Loaded).ToList())
            {
                foreach (var (depId, range) in p.Descriptor!.DependsOn)
                {
                    var dep = catalog._all.FirstOrDefault(x => string.Equals(x.Id, depId, StringComparison.OrdinalIgnoreCase));
                    string? why = dep is null ? $"缺少依赖插件 {depId}"
                        : dep.State != PluginState.Loaded ? $"依赖插件 {depId} 未启用或已被拒绝"
                        : !VersionRange.Parse(range).Admits(Version.Parse(dep.Version)) ? $"依赖插件 {depId} 版本 {dep.Version} 不满足 {range}"
                        : null;
                    if (why is null) continue;
                    Refuse(p, why, log);
                    changed = true;
                    break;
                }
            }
        } while (changed);

        foreach (var p in catalog.InDependencyOrder(log))
        {
            try
            {
                var asm = loader.Load(Path.Combine(p.Folder, p.Descriptor!.EntryAssembly));
                var entryType = asm.GetExportedTypes().SingleOrDefault(t => typeof(IPlugin).IsAssignableFrom(t) && t is { IsClass: true, IsAbstract: false })
                                ?? throw new InvalidOperationException("程序集中没有(或有多个)实现 IPlugin 的公共类");
                var instance = (IPlugin)Activator.CreateInstance(entryType)!;
                if (!string.Equals(instance.Id, p.Id, StringComparison.Ordinal))
                    throw new InvalidOperationException($"IPlugin.Id '{instance.Id}' 与 plugin.json 的 id '{p.Id}' 不一致");
                // plugin.json "version" is the assembly's version too (ARCHITECTURE §2): a mismatch means a stale or mixed-up build.
                var asmVersion = asm.GetName().Version ?? new Version(0, 0);
                if (!SameVersion(asmVersion, Version.Parse(p.Version)))
                    throw new InvalidOperationException($"程序集版本 {asmVersion.ToString(3)} 与 plugin.json 的版本 {p.Version} 不一致");
                p.Assembly = asm;
                p.Instance = instance;
                log.LogInformation("Plugin {Id} {Version} loaded from {Folder}", p.Id, p.Version, p.Folder);
            }
            catch (Exception e)
            {
                Refuse(p, $"加载失败:{e.GetBaseException().Message}", log);
            }
        }
        return catalog;
    }

    // 1.0 = 1.0.0 = 1.0.0.0.
    private static bool SameVersion(Version a, Version b) =>
        a.Major == b.Major && a.Minor == b.Minor && Math.Max(a.Build, 0) == Math.Max(b.Build, 0) && Math.Max(a.Revision, 0) == Math.Max(b.Revision, 0);

    private static void Refuse(PluginInfo p, string reason, ILogger log)
    {
        p.State = PluginState.Refused;
        p.Reason = reason;
        log.LogError("Plugin {Id} refused: {Reason}", p.Id, reason);
    }

    /// <summary>Loaded plugins, each after the plugins it depends on.</summary>
    public IReadOnlyList<PluginInfo> InDependencyOrder(ILogger? log = null)
    {
        var ordered = new List<PluginInfo>();
        var visiting = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        void Visit(PluginInfo p)
        {
            if (ordered.Contains(p) || p.State != PluginState.Loaded) return;
            if (!visiting.Add(p.Id))
            {
                Refuse(p, "插件之间存在循环依赖", log ?? Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance);
                return;
            }
            foreach (var depId in p.Descriptor!.DependsOn.Keys)
            {
                var dep = _all.First(x => string.Equals(x.Id, depId, StringComparison.OrdinalIgnoreCase));
                Visit(dep);
            }
            if (p.State == PluginState.Loaded) ordered.Add(p);
        }
        foreach (var p in _all.Where(p => p.State == PluginState.Loaded).OrderBy(p => p.Id, StringComparer.Ordinal)) Visit(p);
        return ordered;
    }
}
