using Microsoft.AspNetCore.Mvc;
using PostalCrm.Sdk.Security;

namespace PostalCrm.Plugins.Sharing.Features.Manuals;

/// <summary>F-8.2 操作手册: a download list maintained by administrators.</summary>
[Route("sharing/manuals")]
public sealed class ManualsController : Controller
{
    [HttpGet(""), RequirePermission(SharingPermissions.ManualsView)]
    public IActionResult Index() => View();
}
