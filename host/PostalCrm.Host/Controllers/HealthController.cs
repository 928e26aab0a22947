using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using PostalCrm.Host.Plugins;
using PostalCrm.Sdk.Data;

namespace PostalCrm.Host.Controllers;

/// <summary>/healthz: database status and every plugin's id, version and status, as JSON.</summary>
[AllowAnonymous]
public sealed class HealthController(PostalDb db, PluginCatalog catalog, DatabaseSettings settings) : ControllerBase
{
    [HttpGet("/healthz")]
    public async Task<IActionResult> Get()
    {
        string database;
        try
        {
            await db.OrgUnits.CountAsync();
            database = "ok";
        }
        catch (Exception e) when (e is System.Data.Common.DbException or InvalidOperationException)
        {
            database = "error";
        }
        var body = new
        {
            status = database == "ok" ? "ok" : "degraded",
            database = new { status = database, provider = settings.Provider.ToString() },
            plugins = catalog.All.Select(p => new { id = p.Id, version = p.Version, status = p.State.ToString().ToLowerInvariant(), reason = p.Reason }),
        };
        return database == "ok" ? Ok(body) : StatusCode(503, body);
    }
}
