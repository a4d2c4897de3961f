using System.Globalization;
using System.Net;
using System.Text;

namespace PllmML.Evaluation;

/// <summary>
/// One self-contained HTML page: inputs and parameters, the metrics table (baseline beside integrated), label
/// transfer, gene-map quality, the pictures embedded as base64 PNG, and timings.
/// </summary>
public static class HtmlReport
{
    /// <summary>Renders the page.</summary>
    /// <param name="result">The evaluation.</param>
    public static string Render(EvaluationResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var html = new StringBuilder();
        html.AppendLine("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>PllmML evaluation</title><style>")
            .AppendLine("body{font-family:'DejaVu Sans',sans-serif;margin:2em;max-width:1100px}table{border-collapse:collapse;margin:1em 0}")
            .AppendLine("td,th{border:1px solid #bbb;padding:4px 10px;text-align:left}td.n{text-align:right;font-family:monospace}")
            .AppendLine("tr.agg{font-weight:bold;background:#f3f3f3}td.best{font-weight:bold;background:#e6f2e6}th.primary{background:#fff4d6}.note{color:#666;font-size:90%}img{max-width:100%;border:1px solid #ddd;margin:6px 0}")
            .AppendLine("</style></head><body><h1>PllmML evaluation</h1>");
        Inputs(html, result);
        Methods(html, result);
        Metrics(html, result);
        Transfers(html, result);
        GeneMap(html, result);
        Calls(html, result);
        html.AppendLine("<h2>Pictures</h2>");
        foreach (var (name, png) in result.Pictures)
        {
            html.Append(CultureInfo.InvariantCulture, $"<figure><img alt=\"{E(name)}\" src=\"data:image/png;base64,{Convert.ToBase64String(png)}\"><figcaption>{E(name)}</figcaption></figure>").AppendLine();
        }

        html.AppendLine("<h2>Timings</h2><table><tr><th>step</th><th>seconds</th></tr>");
        foreach (var (step, seconds) in result.Timings)
        {
            html.Append(CultureInfo.InvariantCulture, $"<tr><td>{E(step)}</td><td class=\"n\">{seconds:F2}</td></tr>").AppendLine();
        }

        html.AppendLine("</table><p class=\"note\">Metric definitions: scib (Luecken et al., Nat Methods 2022) and scib-metrics; see the PllmML docs for where each differs.</p></body></html>");
        return html.ToString();
    }

    /// <summary>Writes the page to a file.</summary>
    /// <param name="result">The evaluation.</param>
    /// <param name="path">The file.</param>
    public static void Write(EvaluationResult result, string path) => File.WriteAllText(path, Render(result));

    private static void Inputs(StringBuilder html, EvaluationResult result)
    {
        var input = result.Request.Integrated;
        html.AppendLine("<h2>Inputs and parameters</h2><table>");
        foreach (var (key, value) in result.Request.Description)
        {
            html.Append(CultureInfo.InvariantCulture, $"<tr><th>{E(key)}</th><td>{E(value)}</td></tr>").AppendLine();
        }

        foreach (var (label, address) in result.Request.Links)
        {
            html.Append(CultureInfo.InvariantCulture, $"<tr><th>{E(label)}</th><td><a href=\"{E(address)}\">{E(address)}</a></td></tr>").AppendLine();
        }

        var options = result.Request.Scib;
        html.Append(CultureInfo.InvariantCulture, $"<tr><th>cells × dimensions</th><td>{input.CellCount} × {input.Dimensions}</td></tr>")
            .Append(CultureInfo.InvariantCulture, $"<tr><th>cell types</th><td>{E(Counts(input.Labels))}</td></tr>")
            .Append(CultureInfo.InvariantCulture, $"<tr><th>batches</th><td>{E(Counts(input.Batches))}</td></tr>")
            .Append(CultureInfo.InvariantCulture, $"<tr><th>parameters</th><td>LISI: {options.LisiNeighborCount} neighbours, perplexity {options.Perplexity}; graph: {options.GraphNeighborCount} neighbours; kBET α = {options.KbetAlpha}; Louvain resolutions {string.Join(", ", options.Resolutions.Select(r => r.ToString("0.0", CultureInfo.InvariantCulture)))}; k-means restarts {options.KMeansRestarts}, seed {options.Seed}; PCR ≤ {options.PcrComponentCount} PCs; label transfer k = {result.Request.TransferNeighborCount}</td></tr>")
            .AppendLine("</table>");
    }

    private static void Methods(StringBuilder html, EvaluationResult result)
    {
        var methods = result.Methods;
        if (methods.Count == 0)
        {
            return;
        }

        html.AppendLine("<h2>Integration methods side by side</h2>")
            .AppendLine("<p class=\"note\">Every method was fitted on the same cells (same inputs, genes, labels and seed) and evaluated by the same code with the same settings; "
                + "★ marks the saved model (<code>model.zip</code>, the rest of this report). Best value of each row in bold (fit time: lowest; every score: highest).</p>")
            .Append("<table><tr><th>metric</th><th>group</th>");
        foreach (var method in methods)
        {
            html.Append(CultureInfo.InvariantCulture, $"<th{(method.Primary ? " class=\"primary\"" : string.Empty)}>{E(method.Method)}{(method.Primary ? " ★ saved model" : string.Empty)}</th>");
        }

        html.AppendLine("</tr>");
        void Row(string name, string group, Func<MethodEvaluation, double?> value, string format = "F4", bool lowerIsBetter = false, string css = "", bool ranked = true)
        {
            // Best as shown: values equal at the printed precision tie (cLISI 1.0000 and 1.0000 are both best).
            var texts = methods.Select(m => value(m) is { } v && double.IsFinite(v) ? v.ToString(format, CultureInfo.InvariantCulture) : null).ToList();
            var shown = texts.OfType<string>().Select(text => double.Parse(text, CultureInfo.InvariantCulture)).ToList();
            double? best = !ranked || shown.Count < 2 ? null : lowerIsBetter ? shown.Min() : shown.Max();
            html.Append(CultureInfo.InvariantCulture, $"<tr{css}><td>{E(name)}</td><td>{group}</td>");
            foreach (var text in texts)
            {
                var isBest = text is not null && best is { } b && double.Parse(text, CultureInfo.InvariantCulture) == b;
                html.Append(CultureInfo.InvariantCulture, $"<td class=\"n{(isBest ? " best" : string.Empty)}\">{text ?? "—"}</td>");
            }

            html.AppendLine("</tr>");
        }

        Row("fit time (seconds)", string.Empty, m => m.FitSeconds, "F1", lowerIsBetter: true);
        Row("embedding dimensions", string.Empty, m => m.Result.Request.Integrated.Dimensions, "F0", css: " class=\"note\"", ranked: false);
        foreach (var metric in methods[0].Result.Integrated.Metrics)
        {
            Row(metric.Name, Group(metric.Group), m => m.Result.Integrated.Metrics.FirstOrDefault(x => x.Name == metric.Name)?.Value);
        }

        Row("Batch correction", string.Empty, m => m.Result.Integrated.BatchCorrection, css: " class=\"agg\"");
        Row("Bio conservation", string.Empty, m => m.Result.Integrated.BioConservation, css: " class=\"agg\"");
        Row("Total (0.4 batch + 0.6 bio)", string.Empty, m => m.Result.Integrated.Total, css: " class=\"agg\"");
        foreach (var (kind, pick) in new (string, Func<EvaluationResult, IReadOnlyList<LabelTransferResult>>)[] { ("kNN", r => r.Transfers), ("classifier", r => r.ClassifierTransfers) })
        {
            var directions = methods.SelectMany(m => pick(m.Result)).Select(t => (t.ReferenceBatch, t.QueryBatch)).Distinct().ToList();
            foreach (var (reference, query) in directions)
            {
                Row($"{kind} transfer {reference} → {query} (accuracy)", "transfer", m => pick(m.Result).FirstOrDefault(t => t.ReferenceBatch == reference && t.QueryBatch == query)?.Accuracy);
            }

            if (directions.Count > 0)
            {
                Row($"{kind} transfer, mean accuracy", "transfer", m => pick(m.Result).Count == 0 ? null : pick(m.Result).Average(t => t.Accuracy), css: " class=\"agg\"");
            }
        }

        html.AppendLine("</table><figure>").AppendLine(MethodComparisonChart.Svg(methods))
            .AppendLine("<figcaption>The headline scores of each method (the table's aggregate rows, iLISI, cLISI and the mean transfer accuracies); the saved model's bars are outlined. "
                + "kNN transfer: k-nearest-neighbour label transfer between the species on each method's joint embedding, both ways; classifier transfer: the method's own trained classifier on the species it was not trained on.</figcaption></figure>");
    }

    private static void Metrics(StringBuilder html, EvaluationResult result)
    {
        var baseline = result.Baseline;
        html.AppendLine("<h2>scib metrics</h2><table><tr><th>metric</th><th>group</th>")
            .Append(baseline is null ? string.Empty : "<th>baseline</th>").AppendLine("<th>integrated</th><th>seconds</th><th>note</th></tr>");
        foreach (var metric in result.Integrated.Metrics)
        {
            var before = baseline?.Metrics.First(m => m.Name == metric.Name);
            html.Append(CultureInfo.InvariantCulture, $"<tr><td>{E(metric.Name)}</td><td>{Group(metric.Group)}</td>")
                .Append(before is null ? string.Empty : $"<td class=\"n\">{F(before.Value)}</td>")
                .Append(CultureInfo.InvariantCulture, $"<td class=\"n\">{F(metric.Value)}</td><td class=\"n\">{metric.Seconds:F2}</td><td class=\"note\">{E(metric.Note ?? string.Empty)}</td></tr>")
                .AppendLine();
        }

        foreach (var (name, pick) in new (string, Func<ScibReport, double?>)[] { ("Batch correction", r => r.BatchCorrection), ("Bio conservation", r => r.BioConservation), ("Total (0.4 batch + 0.6 bio)", r => r.Total) })
        {
            html.Append(CultureInfo.InvariantCulture, $"<tr class=\"agg\"><td>{name}</td><td></td>")
                .Append(baseline is null ? string.Empty : $"<td class=\"n\">{F(pick(baseline))}</td>")
                .Append(CultureInfo.InvariantCulture, $"<td class=\"n\">{F(pick(result.Integrated))}</td><td></td><td></td></tr>").AppendLine();
        }

        html.AppendLine("</table><p class=\"note\">The baseline's PCR comparison is against itself (0 by definition).</p>");
    }

    private static void Transfers(StringBuilder html, EvaluationResult result)
    {
        if (result.Transfers.Count == 0 && result.ClassifierTransfers.Count == 0)
        {
            return;
        }

        html.AppendLine("<h2>Label transfer</h2><table><tr><th>reference → query</th><th>method</th><th>accuracy</th><th>balanced accuracy</th><th>macro-F1</th><th>recall per type</th></tr>");
        foreach (var (name, transfers) in new[]
        {
            ("kNN on the baseline", result.BaselineTransfers), ("kNN on the integrated embedding", result.Transfers),
            ("trained classifier", result.ClassifierTransfers),
        })
        {
            foreach (var t in transfers)
            {
                var recall = string.Join(", ", t.RecallPerType.Select(p => $"{p.Key} {p.Value:F2}"));
                html.Append(CultureInfo.InvariantCulture, $"<tr><td>{E(t.ReferenceBatch)} → {E(t.QueryBatch)}</td><td>{name}</td><td class=\"n\">{t.Accuracy:F3}</td><td class=\"n\">{t.BalancedAccuracy:F3}</td><td class=\"n\">{t.MacroF1:F3}</td><td class=\"note\">{E(recall)}</td></tr>").AppendLine();
            }
        }

        html.AppendLine("</table>");
    }

    private static void GeneMap(StringBuilder html, EvaluationResult result)
    {
        if (result.Request.GeneMap is not { } map)
        {
            return;
        }

        html.AppendLine("<h2>Gene map against the reference</h2><table>")
            .Append(CultureInfo.InvariantCulture, $"<tr><th>predicted pairs</th><td class=\"n\">{map.UniquePairs}</td></tr><tr><th>reference pairs</th><td class=\"n\">{map.ReferencePairs}</td></tr>")
            .Append(CultureInfo.InvariantCulture, $"<tr><th>shared pairs</th><td class=\"n\">{map.SharedPairs}</td></tr><tr><th>coverage of reference genes (A / B)</th><td class=\"n\">{map.CoverageA:F3} / {map.CoverageB:F3}</td></tr>")
            .Append(CultureInfo.InvariantCulture, $"<tr><th>agreement (pairs of reference genes)</th><td class=\"n\">{map.Agreement:F3}</td></tr><tr><th>precision / recall</th><td class=\"n\">{map.Precision:F3} / {map.Recovered:F3}</td></tr>")
            .AppendLine("</table>");
    }

    private static void Calls(StringBuilder html, EvaluationResult result)
    {
        if (result.Abstention is not { } abstention)
        {
            return;
        }

        html.AppendLine("<h2>Annotation calls: unknown types and confidence</h2><table>")
            .Append(CultureInfo.InvariantCulture, $"<tr><td>cells of types the model was trained on</td><td class=\"n\">{abstention.SeenTypeCells}</td></tr>")
            .Append(CultureInfo.InvariantCulture, $"<tr><td>of those, called unknown</td><td class=\"n\">{P(abstention.SeenFlagged)}</td></tr>")
            .Append(CultureInfo.InvariantCulture, $"<tr><td>of those that kept a label, right</td><td class=\"n\">{P(abstention.KnownTypeAccuracy)}</td></tr>")
            .Append(CultureInfo.InvariantCulture, $"<tr><td>cells of types the model was not trained on</td><td class=\"n\">{abstention.UnseenTypeCells}</td></tr>")
            .Append(CultureInfo.InvariantCulture, $"<tr><td>of those, called unknown</td><td class=\"n\">{P(abstention.UnseenUnknown)}</td></tr>")
            .Append(CultureInfo.InvariantCulture, $"<tr><td>AUROC of the confidence, seen against unseen types</td><td class=\"n\">{F(abstention.SeenVsUnseenAuroc)}</td></tr>")
            .Append(CultureInfo.InvariantCulture, $"<tr><td>expected calibration error (10 bins)</td><td class=\"n\">{F(abstention.ExpectedCalibrationError)}</td></tr>")
            .AppendLine("</table><table><tr><th>annotated type</th><th>called unknown</th></tr>");
        foreach (var (type, rate) in abstention.UnknownRateByType.OrderBy(pair => pair.Key, StringComparer.Ordinal))
        {
            html.Append(CultureInfo.InvariantCulture, $"<tr><td>{E(type)}</td><td class=\"n\">{P(rate)}</td></tr>").AppendLine();
        }

        html.AppendLine("</table><figure>").AppendLine(ReliabilityDiagram.Svg(abstention.Reliability, abstention.ExpectedCalibrationError))
            .AppendLine("<figcaption>Seen-type cells binned by confidence: bar = share whose most probable type is right, red tick = mean confidence, "
                + "number = cells in the bin, dashed = perfect calibration.</figcaption></figure><table><tr><th>confidence</th><th>cells</th><th>mean confidence</th><th>accuracy</th></tr>");
        foreach (var bin in abstention.Reliability)
        {
            html.Append(CultureInfo.InvariantCulture, $"<tr><td>{bin.Lower:F1}–{bin.Upper:F1}</td><td class=\"n\">{bin.Cells}</td><td class=\"n\">{F(bin.MeanConfidence)}</td><td class=\"n\">{F(bin.Accuracy)}</td></tr>").AppendLine();
        }

        html.AppendLine("</table>");
    }

    private static string P(double value) => double.IsFinite(value) ? value.ToString("P1", CultureInfo.InvariantCulture) : "—";

    private static string Counts(LabelCodes codes) => string.Join(", ", Enumerable.Range(0, codes.Count).Select(i => $"{codes.Names[i]} {codes.Counts[i]}"));

    private static string Group(MetricGroup group) => group switch
    {
        MetricGroup.BioConservation => "bio",
        MetricGroup.BatchCorrection => "batch",
        _ => "extra",
    };

    private static string F(double? value) => value is { } v && double.IsFinite(v) ? v.ToString("F4", CultureInfo.InvariantCulture) : "—";

    private static string E(string text) => WebUtility.HtmlEncode(text);
}
