using Microsoft.AspNetCore.Mvc;
using PostalCrm.Sdk.Security;

namespace PostalCrm.Plugins.Usage.Features.Batches;

/// <summary>查询: the imported batches; the 用邮序列 opens a batch's rows.</summary>
[Route("usage/batches")]
[RequirePermission(UsagePermissions.BatchesView)]
public sealed class BatchesController(BatchService batches) : Controller
{
    [HttpGet("")]
    public async Task<IActionResult> Index(int page = 1) => View(await batches.ListAsync(page));

    [HttpGet("{id:int}")]
    public async Task<IActionResult> Details(int id, int page = 1) => View(await batches.DetailsAsync(id, page));
}
