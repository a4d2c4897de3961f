using System.Globalization;
using System.Text;

namespace PllmML.Evaluation;

/// <summary>
/// A reliability (calibration) diagram as inline SVG: one bar per confidence bin at the observed accuracy of its cells,
/// the diagonal of perfect calibration, each bin's mean confidence as a tick and its cell count above the bar.
/// </summary>
internal static class ReliabilityDiagram
{
    private const int Width = 560;
    private const int Height = 420;
    private const int Left = 60;
    private const int Right = 20;
    private const int Top = 56;
    private const int Bottom = 50;

    public static string Svg(IReadOnlyList<ReliabilityBin> bins, double expectedCalibrationError)
    {
        var plotWidth = Width - Left - Right;
        var plotHeight = Height - Top - Bottom;
        double X(double confidence) => Left + (confidence * plotWidth);
        double Y(double accuracy) => Top + ((1 - accuracy) * plotHeight);
        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{Width}\" height=\"{Height}\" role=\"img\" aria-label=\"reliability diagram\" font-family=\"DejaVu Sans, sans-serif\" font-size=\"12\">");
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{Width / 2}\" y=\"20\" text-anchor=\"middle\" font-size=\"14\">Reliability: confidence against observed accuracy (ECE {expectedCalibrationError:F3})</text>");
        for (var tick = 0; tick <= 10; tick += 2)
        {
            var value = tick / 10.0;
            svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{Left}\" x2=\"{Left + plotWidth}\" y1=\"{Y(value):F1}\" y2=\"{Y(value):F1}\" stroke=\"#eee\"/>");
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{Left - 6}\" y=\"{Y(value) + 4:F1}\" text-anchor=\"end\">{value:F1}</text>");
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{X(value):F1}\" y=\"{Top + plotHeight + 18}\" text-anchor=\"middle\">{value:F1}</text>");
        }

        foreach (var bin in bins)
        {
            var x0 = X(bin.Lower) + 2;
            var width = X(bin.Upper) - X(bin.Lower) - 4;
            if (bin.Cells > 0 && double.IsFinite(bin.Accuracy))
            {
                svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{x0:F1}\" y=\"{Y(bin.Accuracy):F1}\" width=\"{width:F1}\" height=\"{Y(0) - Y(bin.Accuracy):F1}\" fill=\"#4878a8\"><title>confidence {bin.Lower:F1}–{bin.Upper:F1}: {bin.Cells} cells, accuracy {bin.Accuracy:F3}, mean confidence {bin.MeanConfidence:F3}</title></rect>");
                svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{x0:F1}\" x2=\"{x0 + width:F1}\" y1=\"{Y(bin.MeanConfidence):F1}\" y2=\"{Y(bin.MeanConfidence):F1}\" stroke=\"#d62728\" stroke-width=\"2\"/>");
            }

            // Counts in a row above the frame, clear of the bars and ticks.
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{x0 + (width / 2):F1}\" y=\"{Top - 6}\" text-anchor=\"middle\" font-size=\"10\">{bin.Cells}</text>");
        }

        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{Left - 6}\" y=\"{Top - 6}\" text-anchor=\"end\" font-size=\"10\">cells</text>");
        svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{X(0)}\" y1=\"{Y(0)}\" x2=\"{X(1)}\" y2=\"{Y(1)}\" stroke=\"#888\" stroke-dasharray=\"5,4\"/>");
        svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{Left}\" y=\"{Top}\" width=\"{plotWidth}\" height=\"{plotHeight}\" fill=\"none\" stroke=\"#333\"/>");
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{Left + (plotWidth / 2)}\" y=\"{Height - 12}\" text-anchor=\"middle\">confidence (probability of the most probable type)</text>");
        svg.Append(CultureInfo.InvariantCulture, $"<text transform=\"translate(16 {Top + (plotHeight / 2)}) rotate(-90)\" text-anchor=\"middle\">observed accuracy</text>");
        svg.Append("</svg>");
        return svg.ToString();
    }
}
