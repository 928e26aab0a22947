namespace PostalCrm.Host.Plugins;

public static class RazorRuntimeCompilation
{
    public static void Configure(IMvcBuilder mvc, PluginCatalog catalog, IConfiguration config, ILogger log) { }
}
