using Microsoft.AspNetCore.Mvc.ApplicationModels;

namespace PostalCrm.Host.Plugins;

/// <summary>Puts every controller of a plugin assembly into the MVC area named by the plugin id (see PostalCrmHost).</summary>
public sealed class PluginAreaConvention(PluginCatalog catalog) : IControllerModelConvention
{
    public void Apply(ControllerModel controller)
    {
        var assembly = controller.ControllerType.Assembly;
        if (catalog.All.FirstOrDefault(p => p.Assembly == assembly) is { } plugin)
            controller.RouteValues["area"] = plugin.Id;
    }
}
