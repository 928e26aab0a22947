using System.Globalization;
using PostalCrm.Sdk.Security;

namespace PostalCrm.Sdk.Reporting;

/// <summary>
/// A plugin's side of a report (ARCHITECTURE §6): the template and its manifest live in <c>reports/&lt;plugin&gt;/</c>; the
/// plugin supplies the data. Register it in <c>ConfigureServices</c>: <c>services.AddScoped&lt;IReportSource, MySource&gt;()</c>.
/// <see cref="LoadAsync"/> runs as the signed-in user: it must check the data scope of every parameter (a customer,
/// unit or manager outside the user's scope → <see cref="OutOfScopeException"/>, answered 404) and throw
/// <see cref="BusinessRuleException"/> for a missing or invalid parameter. The reporting server has already checked the
/// manifest's permission.
/// </summary>
public interface IReportSource
{
    /// <summary>The manifest id, <c>&lt;plugin&gt;/&lt;report&gt;</c> (e.g. <c>kpi/kpi-form</c>).</summary>
    string ReportId { get; }

    Task<ReportData> LoadAsync(ReportRequest request, CancellationToken ct);

    /// <summary>Choices for a parameter of kind <see cref="ReportParameterKinds.Choice"/> (value, label), scoped to the user. Default: none.</summary>
    Task<IReadOnlyList<ReportChoice>> ChoicesAsync(string parameter, CancellationToken ct) => Task.FromResult<IReadOnlyList<ReportChoice>>([]);
}

public sealed record ReportChoice(string Value, string Label);

/// <summary>Parameter kinds a manifest may declare; the 报表中心 builds its form from them.</summary>
public static class ReportParameterKinds
{
    /// <summary>A customer id, picked from the customers in the user's scope.</summary>
    public const string Customer = "customer";
    public const string Year = "year";
    public const string Month = "month";
    /// <summary>A date (yyyy-MM-dd).</summary>
    public const string Date = "date";
    public const string Text = "text";
    /// <summary>One of <see cref="IReportSource.ChoicesAsync"/>.</summary>
    public const string Choice = "choice";
}

/// <summary>The parameters of one run, as submitted (query string or form).</summary>
public sealed class ReportRequest(string reportId, IReadOnlyDictionary<string, string?> parameters)
{
    public string ReportId { get; } = reportId;

    public IReadOnlyDictionary<string, string?> Parameters { get; } = parameters;

    public string? Text(string name) => Parameters.TryGetValue(name, out var v) && !string.IsNullOrWhiteSpace(v) ? v.Trim() : null;

    /// <summary>A required whole number in [min, max]; otherwise a <see cref="BusinessRuleException"/> naming <paramref name="label"/>.</summary>
    public int Number(string name, string label, int min = int.MinValue, int max = int.MaxValue)
    {
        if (Text(name) is not { } s) throw new BusinessRuleException($"请选择{label}");
        if (!int.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) || v < min || v > max)
            throw new BusinessRuleException($"{label}无效");
        return v;
    }
}

/// <summary>
/// What a template is rendered from. <see cref="Model"/> is the report's own data (a form's fields, header lines …),
/// exposed to the template as <c>model</c> — plain values only: the server copies it to JSON-like data, so a template
/// reads properties (snake_case, e.g. <c>model.customer_name</c>) and never calls code. <see cref="Tables"/> are the
/// tabular parts (exported as XLSX sheets, exposed as <c>tables</c>); <see cref="Charts"/> are drawn by the server as SVG
/// (<c>charts[i].svg</c>), so HTML and PDF agree. A form (KPI) uses the model and maybe a table; a statistics report uses
/// tables and charts.
/// </summary>
public sealed record ReportData(object Model)
{
    /// <summary>Download name without extension (Chinese is fine), e.g. "KPI指标分析报告-某某公司-2026年3月".</summary>
    public string? FileName { get; init; }

    public IReadOnlyList<ReportTable> Tables { get; init; } = [];

    public IReadOnlyList<ReportChart> Charts { get; init; } = [];
}

/// <summary>A table: one XLSX sheet named <see cref="Name"/>; cells are strings, numbers (decimal/int), dates or null.</summary>
public sealed record ReportTable(string Name, IReadOnlyList<string> Columns, IReadOnlyList<IReadOnlyList<object?>> Rows);

/// <summary>A bar chart of one or more series over the labels.</summary>
public sealed record ReportChart(string Title, IReadOnlyList<string> Labels, IReadOnlyList<ReportSeries> Series);

public sealed record ReportSeries(string Name, IReadOnlyList<decimal> Values);
