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

    /// <summary>
    /// Several documents of one report in one file (e.g. a month's KPI forms of all of a manager's customers as one PDF,
    /// each starting on a new page). <paramref name="progress"/> receives the number of documents rendered so far.
    /// </summary>
    Task<RenderedReport> RenderManyAsync(string reportId, IReadOnlyList<ReportData> documents, ReportFormat format,
        IProgress<int>? progress = null, CancellationToken ct = default);
}

/// <summary>The report template or manifest is broken, or the PDF printer is not available; the message is for the user.</summary>
public sealed class ReportUnavailableException(string message, Exception? inner = null) : Exception(message, inner);
