using System.Reflection;
using McMaster.NETCore.Plugins;
using PostalCrm.Sdk.Plugins;

namespace PostalCrm.Host.Plugins;

/// <summary>
/// Loads a plugin into its own load context with McMaster.NETCore.Plugins. Shared types (the SDK, ASP.NET Core,
/// linq2db, …) come from the host so a plugin and the host agree on them (PreferSharedTypes).
/// </summary>
public sealed class McMasterAssemblyLoader : IPluginAssemblyLoader
{
    private static readonly Type[] SharedTypes =
    [
        typeof(IPlugin),
        typeof(Microsoft.AspNetCore.Mvc.Controller),
        typeof(Microsoft.Extensions.DependencyInjection.IServiceCollection),
        typeof(LinqToDB.Data.DataConnection),
        typeof(FluentMigrator.Migration),
    ];

    public Assembly Load(string entryAssemblyPath)
    {
        var loader = PluginLoader.CreateFromAssemblyFile(Path.GetFullPath(entryAssemblyPath), SharedTypes, c => c.PreferSharedTypes = true);
        return loader.LoadDefaultAssembly();
    }
}
