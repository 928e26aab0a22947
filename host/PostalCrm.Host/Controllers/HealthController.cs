using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using PostalCrm.Host.Plugins;
using PostalCrm.Host.Security;
using PostalCrm.Sdk.Data;
using PostalCrm.Sdk.Security;

namespace PostalCrm.Host.Controllers;

/// <summary>
/// /healthz: the status for anyone (load balancers); the database provider and every plugin's id, version, status and
/// failure reason only for a signed-in administrator (they help an attacker pick a target).
/// </summary>
[AllowAnonymous]
public sealed class HealthController(PostalDb db, PluginCatalog catalog, DatabaseSettings settings, ICurrentUser me) : ControllerBase
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
        var status = database == "ok" ? "ok" : "degraded";
        if (!(me.IsAuthenticated && me.Has(HostPermissions.Plugins)))
            return database == "ok" ? Ok(new { status }) : StatusCode(503, new { status });
        var body = new
        {
            status,
            database = new { status = database, provider = settings.Provider.ToString() },
            plugins = catalog.All.Select(p => new { id = p.Id, version = p.Version, status = p.State.ToString().ToLowerInvariant(), reason = p.Reason }),
        };
        return database == "ok" ? Ok(body) : StatusCode(503, body);
    }
}
