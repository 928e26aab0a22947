using System.Globalization;
using System.Net;
using System.Text;
using PostalCrm.Sdk.Reporting;

namespace PostalCrm.Host.Reporting;

/// <summary>Server-side SVG bar charts, so a report's chart is the same in the portal and in the PDF (ARCHITECTURE §6).</summary>
public static class SvgCharts
{
    private static readonly string[] Colours = ["#0b7a3e", "#e0a100", "#2f6fb3", "#b33a3a", "#6b4fa3"];

    public static string Bar(ReportChart chart, int width = 640, int height = 280)
    {
        const int left = 48, bottom = 40, top = 28, right = 12;
        var max = chart.Series.SelectMany(s => s.Values).DefaultIfEmpty(0).Max();
        if (max <= 0) max = 1;
        var n = Math.Max(chart.Labels.Count, 1);
        var groupWidth = (double)(width - left - right) / n;
        var barWidth = groupWidth * 0.8 / Math.Max(chart.Series.Count, 1);
        var plot = height - top - bottom;
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{height}\" viewBox=\"0 0 {width} {height}\" font-size=\"11\">");
        sb.Append(CultureInfo.InvariantCulture, $"<text x=\"{width / 2}\" y=\"16\" text-anchor=\"middle\" font-size=\"13\">{E(chart.Title)}</text>");
        sb.Append(CultureInfo.InvariantCulture, $"<line x1=\"{left}\" y1=\"{top + plot}\" x2=\"{width - right}\" y2=\"{top + plot}\" stroke=\"#333\"/>");
        sb.Append(CultureInfo.InvariantCulture, $"<text x=\"{left - 4}\" y=\"{top + 4}\" text-anchor=\"end\">{max:0.##}</text>");
        for (var i = 0; i < chart.Labels.Count; i++)
        {
            var gx = left + i * groupWidth + groupWidth * 0.1;
            for (var s = 0; s < chart.Series.Count; s++)
            {
                var v = i < chart.Series[s].Values.Count ? chart.Series[s].Values[i] : 0;
                var h = (double)(v / max) * plot;
                sb.Append(CultureInfo.InvariantCulture,
                    $"<rect x=\"{gx + s * barWidth:0.#}\" y=\"{top + plot - h:0.#}\" width=\"{barWidth:0.#}\" height=\"{h:0.#}\" fill=\"{Colours[s % Colours.Length]}\"><title>{E(chart.Series[s].Name)} {v:0.##}</title></rect>");
            }
            sb.Append(CultureInfo.InvariantCulture, $"<text x=\"{left + (i + 0.5) * groupWidth:0.#}\" y=\"{top + plot + 14}\" text-anchor=\"middle\">{E(chart.Labels[i])}</text>");
        }
        for (var s = 0; s < chart.Series.Count; s++)
            sb.Append(CultureInfo.InvariantCulture,
                $"<rect x=\"{left + s * 110}\" y=\"{height - 14}\" width=\"10\" height=\"10\" fill=\"{Colours[s % Colours.Length]}\"/><text x=\"{left + s * 110 + 14}\" y=\"{height - 5}\">{E(chart.Series[s].Name)}</text>");
        sb.Append("</svg>");
        return sb.ToString();
    }

    private static string E(string s) => WebUtility.HtmlEncode(s);
}
