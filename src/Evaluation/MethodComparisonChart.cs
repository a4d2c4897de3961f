using System.Globalization;
using System.Net;
using System.Text;

namespace PllmML.Evaluation;

/// <summary>
/// The side-by-side figure of the report as inline SVG (as <see cref="ReliabilityDiagram"/>): grouped bars, one group per
/// headline score in [0, 1] (scib total and its parts, iLISI, cLISI, mean kNN and classifier transfer), one bar per
/// integration method, the saved model's bar outlined.
/// </summary>
internal static class MethodComparisonChart
{
    private const int Height = 400;
    private const int Left = 56;
    private const int Right = 20;
    private const int Top = 64;
    private const int Bottom = 74;
    private const int GroupWidth = 120;

    private static readonly string[] Colors = ["#4878a8", "#e1812c", "#3a923a", "#c03d3e", "#9372b2", "#845b53"];

    /// <summary>The headline scores, in the figure's order: label and how to read it from a method.</summary>
    public static IReadOnlyList<(string Label, Func<MethodEvaluation, double?> Value)> Scores { get; } =
    [
        ("scib total", m => m.Result.Integrated.Total),
        ("bio conservation", m => m.Result.Integrated.BioConservation),
        ("batch correction", m => m.Result.Integrated.BatchCorrection),
        ("iLISI", m => m.Result.Integrated.Metrics.FirstOrDefault(x => x.Name == "iLISI")?.Value),
        ("cLISI", m => m.Result.Integrated.Metrics.FirstOrDefault(x => x.Name == "cLISI")?.Value),
        ("kNN transfer (mean)", m => m.MeanKnnTransfer),
        ("classifier transfer (mean)", m => m.MeanClassifierTransfer),
    ];

    public static string Svg(IReadOnlyList<MethodEvaluation> methods)
    {
        var width = Left + Right + (GroupWidth * Scores.Count);
        var plotWidth = width - Left - Right;
        var plotHeight = Height - Top - Bottom;
        double Y(double value) => Top + ((1 - Math.Clamp(value, 0, 1)) * plotHeight);
        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{Height}\" role=\"img\" aria-label=\"integration methods side by side\" font-family=\"DejaVu Sans, sans-serif\" font-size=\"12\">");
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{width / 2}\" y=\"20\" text-anchor=\"middle\" font-size=\"14\">Integration methods on the same cells (higher is better)</text>");
        for (var tick = 0; tick <= 10; tick += 2)
        {
            var value = tick / 10.0;
            svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{Left}\" x2=\"{Left + plotWidth}\" y1=\"{Y(value):F1}\" y2=\"{Y(value):F1}\" stroke=\"#eee\"/>");
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{Left - 6}\" y=\"{Y(value) + 4:F1}\" text-anchor=\"end\">{value:F1}</text>");
        }

        // Legend in a row under the title.
        var legendX = (double)Left;
        for (var m = 0; m < methods.Count; m++)
        {
            var name = methods[m].Method + (methods[m].Primary ? " (saved model)" : string.Empty);
            svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{legendX:F1}\" y=\"34\" width=\"14\" height=\"14\" fill=\"{Colors[m % Colors.Length]}\"{(methods[m].Primary ? " stroke=\"#000\" stroke-width=\"2\"" : string.Empty)}/>");
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{legendX + 20:F1}\" y=\"46\">{E(name)}</text>");
            legendX += 40 + (name.Length * 7.5);
        }

        var barWidth = (GroupWidth - 24.0) / Math.Max(1, methods.Count);
        for (var g = 0; g < Scores.Count; g++)
        {
            var (label, value) = Scores[g];
            var x0 = Left + (g * GroupWidth) + 12.0;
            for (var m = 0; m < methods.Count; m++)
            {
                var x = x0 + (m * barWidth);
                if (value(methods[m]) is { } v && double.IsFinite(v))
                {
                    svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{x + 1:F1}\" y=\"{Y(v):F1}\" width=\"{barWidth - 2:F1}\" height=\"{Y(0) - Y(v):F1}\" fill=\"{Colors[m % Colors.Length]}\"{(methods[m].Primary ? " stroke=\"#000\" stroke-width=\"1.5\"" : string.Empty)}><title>{E(methods[m].Method)}, {E(label)}: {v:F3}</title></rect>");
                    svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{x + (barWidth / 2):F1}\" y=\"{Y(v) - 4:F1}\" text-anchor=\"middle\" font-size=\"9\">{v:F2}</text>");
                }
                else
                {
                    svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{x + (barWidth / 2):F1}\" y=\"{Y(0) - 4:F1}\" text-anchor=\"middle\" font-size=\"9\">—</text>");
                }
            }

            var words = label.Split(' ', 2);
            var centre = Left + (g * GroupWidth) + (GroupWidth / 2.0);
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{centre:F1}\" y=\"{Top + plotHeight + 18}\" text-anchor=\"middle\">{E(words[0])}</text>");
            if (words.Length > 1)
            {
                svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{centre:F1}\" y=\"{Top + plotHeight + 33}\" text-anchor=\"middle\">{E(words[1])}</text>");
            }
        }

        svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{Left}\" y=\"{Top}\" width=\"{plotWidth}\" height=\"{plotHeight}\" fill=\"none\" stroke=\"#333\"/>");
        svg.Append(CultureInfo.InvariantCulture, $"<text transform=\"translate(16 {Top + (plotHeight / 2)}) rotate(-90)\" text-anchor=\"middle\">score</text>");
        svg.Append("</svg>");
        return svg.ToString();
    }

    private static string E(string text) => WebUtility.HtmlEncode(text);
}
