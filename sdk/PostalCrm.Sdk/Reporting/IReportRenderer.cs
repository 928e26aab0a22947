namespace PostalCrm.Sdk.Reporting;

public enum ReportFormat
{
    Html,
    Pdf,
    Xlsx,
}

/// <summary>A rendered report: bytes plus what the browser needs to show or download it.</summary>
public sealed record RenderedReport(byte[] Content, string ContentType, string FileName);

/// <summary>
/// The reporting API (ARCHITECTURE §6): a template under <c>reports/&lt;plugin&gt;/</c> with a manifest,
/// rendered from a model the owning plugin supplies.
/// </summary>
public interface IReportRenderer
{
    Task<RenderedReport> RenderAsync(string reportId, object model, ReportFormat format, CancellationToken ct = default);
}
