using System.Globalization;
using System.Xml.Linq;

namespace PllmML.Evaluation.Tests;

/// <summary>The report's reliability diagram: bars at each bin's observed accuracy, ticks at its mean confidence, counts per bin.</summary>
public sealed class ReliabilityDiagramTests
{
    [Fact]
    public void Svg_DrawsEachNonEmptyBin_AtItsAccuracy_WithItsCount_AndTheEce()
    {
        // The six cells of AbstentionTests: four seen-type cells in bins 0.5–0.6 (right), 0.7–0.8 (wrong), 0.8–0.9 and 0.9–1 (right).
        string[] truth = ["alpha", "alpha", "beta", "beta", "delta", "delta"];
        var result = Abstention.Score(new AnnotationCalls(
            truth, ["alpha", "unknown", "beta", "alpha", "unknown", "beta"], [0.95, 0.55, 0.85, 0.75, 0.6, 0.9],
            ["alpha", "alpha", "beta", "alpha", "beta", "beta"], new HashSet<string> { "alpha", "beta" }));

        var svg = XElement.Parse(ReliabilityDiagram.Svg(result.Reliability, result.ExpectedCalibrationError));
        XNamespace ns = "http://www.w3.org/2000/svg";
        var bars = svg.Elements(ns + "rect").Where(rect => rect.Element(ns + "title") is not null).ToList();
        var counts = svg.Elements(ns + "text").Where(text => (string?)text.Attribute("font-size") == "10" && text.Value != "cells").Select(text => text.Value).ToList();

        // Accuracy 1 fills the plot's height (y = top 56, height 420 − 56 − 50 = 314); the wrong cell's bin draws a bar of height 0.
        Assert.Equal(4, bars.Count);
        double Number(XElement element, string name) => double.Parse((string)element.Attribute(name)!, CultureInfo.InvariantCulture);
        Assert.Equal([314.0, 0.0, 314.0, 314.0], bars.Select(bar => Number(bar, "height")));
        Assert.Equal(["0", "0", "0", "0", "0", "1", "0", "1", "1", "1"], counts);
        Assert.Contains("ECE 0.350", svg.Value, StringComparison.Ordinal);
        // Each bar's mean-confidence tick: 0.95 → y = 56 + 0.05 · 314.
        Assert.Contains(svg.Elements(ns + "line"), line => (string?)line.Attribute("stroke") == "#d62728" && Math.Abs(Number(line, "y1") - (56 + (0.05 * 314))) < 0.06);
    }
}
