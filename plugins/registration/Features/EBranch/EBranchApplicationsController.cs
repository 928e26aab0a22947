using System.Text.Json;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using PostalCrm.Plugins.Registration.Applications;

namespace PostalCrm.Plugins.Registration.EBranch;

/// <summary>
/// F-3.11 电子化支局 channel through the ESB. Authenticated by its own API key (<see cref="EBranchAuth"/>), not by the
/// cookie, hence exempt from antiforgery (declared with the SDK's ApiKeyEndpoint). Errors are JSON problems in Chinese.
/// </summary>
[Route("api/registration/ebranch")]
[Authorize(Policy = EBranchAuth.Policy)]
public sealed class EBranchApplicationsController(EBranchService ebranch) : ControllerBase
{
    private const string ApiKeyReason = "F-3.11 电子化支局经 ESB 调用,以 X-Api-Key 认证,不使用门户 Cookie";
    private static readonly string[] BadFormat = ["格式不正确"];

    /// <summary>Creates an application (201), or returns the one already made under the same externalRef (200).</summary>
    [HttpPost("applications"), ApiKeyEndpoint(ApiKeyReason)]
    public async Task<IActionResult> Create()
    {
        // Read here rather than by [FromBody]: a malformed body, a wrong type or a missing content type then gets a
        // Chinese problem, never the framework's English one.
        EBranchApplicationRequest? body;
        try
        {
            body = await JsonSerializer.DeserializeAsync<EBranchApplicationRequest>(Request.Body, EBranchJson.Options, HttpContext.RequestAborted);
        }
        catch (JsonException e)
        {
            var at = string.IsNullOrEmpty(e.Path) || e.Path == "$" ? "body" : e.Path.TrimStart('$', '.');
            var where = e.LineNumber is { } line ? $"(第 {line + 1} 行第 {(e.BytePositionInLine ?? 0) + 1} 个字节附近)" : "";
            return Problem(400, "请求内容不是有效的申请 JSON", new() { [at] = [$"格式不正确{where}"] });
        }
        if (body is null) return Problem(400, "请求内容不是有效的申请 JSON", new() { ["body"] = BadFormat });
        try
        {
            var (app, created) = await ebranch.SubmitAsync(Client, body);
            var status = await ebranch.StatusAsync(Client, app.ExternalRef!);
            Response.Headers.Location = Url.Action(nameof(Status), new { externalRef = app.ExternalRef });
            return Json(created ? 201 : 200, status!);
        }
        catch (ApplicationInvalidException e)
        {
            return Problem(400, "客户注册申请内容有误", e.Errors.GroupBy(x => x.Field).ToDictionary(g => g.Key, g => g.Select(x => x.Message).Distinct().ToArray()));
        }
    }

    /// <summary>Status (Chinese and code); after final approval the customer details and the 大客户号.</summary>
    [HttpGet("applications/{externalRef}"), ApiKeyEndpoint(ApiKeyReason)]
    public async Task<IActionResult> Status(string externalRef) =>
        await ebranch.StatusAsync(Client, externalRef) is { } status
            ? Json(200, status)
            : Problem(404, $"没有电子化支局申请编号为“{externalRef}”的客户注册申请", null);

    /// <summary>The configured client (API key name) calling: it reads only the applications it submitted.</summary>
    private string Client => User.FindFirst(EBranchAuth.ClientClaim)?.Value ?? throw new InvalidOperationException("no e-branch client claim");

    /// <summary>The OpenAPI description of both endpoints.</summary>
    [HttpGet("openapi.json")]
    public ContentResult OpenApi() => Content(EBranchOpenApi.Document, "application/json; charset=utf-8");

    private static ContentResult Json(int status, object value) => new()
    {
        StatusCode = status, ContentType = "application/json; charset=utf-8", Content = JsonSerializer.Serialize(value, EBranchJson.Options),
    };

    private static ContentResult Problem(int status, string title, Dictionary<string, string[]>? errors) => new()
    {
        StatusCode = status, ContentType = "application/problem+json; charset=utf-8",
        Content = errors is null
            ? JsonSerializer.Serialize(new ProblemDetails { Title = title, Status = status }, EBranchJson.Options)
            : JsonSerializer.Serialize(new ValidationProblemDetails(errors) { Title = title, Status = status }, EBranchJson.Options),
    };
}
