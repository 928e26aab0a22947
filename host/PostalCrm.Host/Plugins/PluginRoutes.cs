using System.Reflection;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Routing;

namespace PostalCrm.Host.Plugins;

/// <summary>
/// A plugin lives inside its id: every action of its controllers has an attribute route starting with
/// <c>&lt;id&gt;/</c> (pages) or <c>api/&lt;id&gt;/</c> (machine endpoints); an <see cref="ApiKeyEndpointAttribute"/>
/// only under <c>api/&lt;id&gt;/</c>. Checked by reflection before the assembly becomes an application part, so a
/// refused plugin never gets a route.
/// </summary>
public static class PluginRoutes
{
    /// <summary>The first violation in Chinese (shown on 插件管理 and /healthz), or null when all routes are inside the id.</summary>
    public static string? FindViolation(Assembly assembly, string id) => FindViolation(ControllerTypes(assembly), id);

    public static string? FindViolation(IEnumerable<Type> controllers, string id)
    {
        foreach (var controller in controllers)
        {
            var prefixes = Templates(controller).ToList();
            var typeKey = controller.GetCustomAttribute<ApiKeyEndpointAttribute>() is not null;
            foreach (var action in Actions(controller))
            {
                var own = Templates(action).ToList();
                var routes = new List<string>();
                // An action route starting with / or ~/ ignores the controller's; otherwise they combine.
                foreach (var t in own.Where(IsAbsolute)) routes.Add(t.TrimStart('~').TrimStart('/'));
                var relative = own.Where(t => !IsAbsolute(t)).ToList();
                if (relative.Count > 0 || own.Count == 0)
                    foreach (var p in prefixes)
                        routes.AddRange(relative.Count == 0 ? [p] : relative.Select(r => Combine(p, r)));

                var name = $"{controller.Name}.{action.Name}";
                if (routes.Count == 0)
                    return $"{name} 没有以 /{id}/ 开头的特性路由(插件不得使用约定路由)";
                var apiKey = typeKey || action.GetCustomAttribute<ApiKeyEndpointAttribute>() is not null;
                foreach (var r in routes)
                {
                    if (apiKey && !Under(r, $"api/{id}"))
                        return $"{name} 声明为 API 密钥接口,但路由 /{r} 不在 /api/{id}/ 之下";
                    if (!Under(r, id) && !Under(r, $"api/{id}"))
                        return $"{name} 的路由 /{r} 不在 /{id}/ 或 /api/{id}/ 之下";
                }
            }
        }
        return null;
    }

    private static bool IsAbsolute(string t) => t.StartsWith('/') || t.StartsWith("~/", StringComparison.Ordinal);

    private static string Combine(string prefix, string route) =>
        prefix.Length == 0 ? route : route.Length == 0 ? prefix : prefix.TrimEnd('/') + "/" + route;

    // Segment-wise and case-insensitive like routing: "registrationx/..." is not under "registration".
    private static bool Under(string route, string prefix) =>
        route.Equals(prefix, StringComparison.OrdinalIgnoreCase)
        || route.StartsWith(prefix + "/", StringComparison.OrdinalIgnoreCase);

    private static IEnumerable<string> Templates(MemberInfo member) =>
        member.GetCustomAttributes(inherit: true).OfType<IRouteTemplateProvider>()
            .Where(p => p.Template is not null).Select(p => p.Template!.Trim());

    // MVC's rule: public, non-abstract, not generic, [Controller] or name ending in Controller or derived from ControllerBase, no [NonController].
    private static IEnumerable<Type> ControllerTypes(Assembly assembly) =>
        assembly.GetExportedTypes().Where(t => t is { IsClass: true, IsAbstract: false, ContainsGenericParameters: false }
            && !t.IsDefined(typeof(NonControllerAttribute), true)
            && (t.Name.EndsWith("Controller", StringComparison.OrdinalIgnoreCase) || typeof(ControllerBase).IsAssignableFrom(t)
                || t.IsDefined(typeof(ControllerAttribute), true)));

    private static IEnumerable<MethodInfo> Actions(Type controller) =>
        controller.GetMethods(BindingFlags.Public | BindingFlags.Instance)
            .Where(m => !m.IsSpecialName && !m.IsDefined(typeof(NonActionAttribute), true)
                && m.GetBaseDefinition().DeclaringType is { } d && d != typeof(object)
                && d != typeof(ControllerBase) && d != typeof(Controller)
                && !m.ContainsGenericParameters && m.DeclaringType != typeof(object)
                && !(m.Name == nameof(IDisposable.Dispose) && m.GetParameters().Length == 0));
}
