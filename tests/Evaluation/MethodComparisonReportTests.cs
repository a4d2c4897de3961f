using System.Text.Json.Nodes;
using System.Xml.Linq;

namespace PllmML.Evaluation.Tests;

/// <summary>
/// The side-by-side section of <c>metrics.json</c> and the report (<see cref="EvaluationResult.Methods"/>) on two small
/// synthetic embeddings of the same cells: a well-mixed one and one that keeps the batches apart.
/// </summary>
public sealed class MethodComparisonReportTests
{
    private static readonly Lazy<(EvaluationResult Mixed, EvaluationResult Apart)> Results = new(() => (Evaluate(0), Evaluate(6)));

    [Fact]
    public void Json_HasOneEntryPerMethod_EqualToEachMethodsOwnEvaluation()
    {
        var (mixed, apart) = Results.Value;
        var combined = mixed with { Methods = [new MethodEvaluation("harmony", true, 12.5, mixed), new MethodEvaluation("scvi", false, null, apart)] };

        var json = EvaluationJson.ToJson(combined);

        var methods = json["methods"]!.AsObject();
        Assert.Equal(["harmony", "scvi"], methods.Select(pair => pair.Key));
        Assert.True(methods["harmony"]!["primary"]!.GetValue<bool>());
        Assert.Equal(12.5, methods["harmony"]!["fit_seconds"]!.GetValue<double>());
        Assert.Null(methods["scvi"]!["fit_seconds"]);
        Assert.True(JsonNode.DeepEquals(EvaluationJson.ToJson(apart)["integrated"], methods["scvi"]!["integrated"]));
        Assert.True(JsonNode.DeepEquals(json["integrated"], methods["harmony"]!["integrated"]));
        var summary = methods["scvi"]!["summary"]!;
        Assert.Equal(apart.Integrated["iLISI"].Value, summary["iLISI"]!.GetValue<double>());
        Assert.Equal(apart.Transfers.Average(t => t.Accuracy), summary["knn_transfer_mean"]!.GetValue<double>());
        Assert.Equal(["a → b", "b → a"], summary["knn_transfer"]!.AsObject().Select(pair => pair.Key));

        // Without a comparison the document has no methods section (the default run's metrics.json is unchanged).
        Assert.Null(EvaluationJson.ToJson(mixed)["methods"]);
    }

    [Fact]
    public void Report_MarksTheSavedModel_BoldsTheBestOfEachRow_AndDrawsABarPerMethodAndScore()
    {
        var (mixed, apart) = Results.Value;
        var combined = mixed with { Methods = [new MethodEvaluation("harmony", true, 20, mixed), new MethodEvaluation("scvi", false, 10, apart)] };

        var html = HtmlReport.Render(combined);

        Assert.Contains("<th class=\"primary\">harmony ★ saved model</th><th>scvi</th>", html, StringComparison.Ordinal);
        // Fit time: the lower is best (scvi's 10 s); iLISI: the mixed embedding's.
        Assert.Contains("<tr><td>fit time (seconds)</td><td></td><td class=\"n\">20.0</td><td class=\"n best\">10.0</td></tr>", html, StringComparison.Ordinal);
        Assert.Contains($"<tr><td>iLISI</td><td>batch</td><td class=\"n best\">{mixed.Integrated["iLISI"].Value:F4}</td>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("side by side", HtmlReport.Render(mixed), StringComparison.Ordinal);

        var start = html.IndexOf("<svg xmlns=\"http://www.w3.org/2000/svg\" width=", StringComparison.Ordinal);
        var svg = XElement.Parse(html[start..(html.IndexOf("</svg>", start, StringComparison.Ordinal) + 6)]);
        XNamespace ns = "http://www.w3.org/2000/svg";
        Assert.Equal("integration methods side by side", (string?)svg.Attribute("aria-label"));
        var bars = svg.Elements(ns + "rect").Where(rect => rect.Element(ns + "title") is not null).ToList();
        // No classifier here: its mean transfer is undefined and drawn as a dash, not a bar.
        Assert.Equal(2 * (MethodComparisonChart.Scores.Count - 1), bars.Count);
        Assert.Equal(2, svg.Elements(ns + "text").Count(text => text.Value == "—"));
        Assert.Contains(bars, bar => bar.Element(ns + "title")!.Value.StartsWith("scvi, iLISI: ", StringComparison.Ordinal));
    }

    /// <summary>Two batches (a, b) of two cell types, 30 cells each, the batches shifted apart by <paramref name="offset"/>.</summary>
    private static EvaluationResult Evaluate(double offset)
    {
        var random = new Random(20261205);
        var (labels, batches, values) = (new List<string>(), new List<string>(), new List<double>());
        foreach (var batch in new[] { "a", "b" })
        {
            for (var cell = 0; cell < 30; cell++)
            {
                var type = cell % 2 == 0 ? "alpha" : "beta";
                labels.Add(type);
                batches.Add(batch);
                values.Add((type == "alpha" ? 0 : 4) + random.NextDouble());
                values.Add((batch == "a" ? 0 : offset) + random.NextDouble());
            }
        }

        var input = new EvaluationInput(labels.Count, 2, [.. values], new LabelCodes([.. labels]), new LabelCodes([.. batches]));
        return Evaluator.Run(new EvaluationRequest(input) { DrawPictures = false });
    }
}
