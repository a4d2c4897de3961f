using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using PllmML.Evaluation;
using PllmML.Homology.Comparison;

namespace PllmML.Pipeline.Comparison;

/// <summary>The comparison's side-by-side page and JSON: one column per gene map, one row per measure.</summary>
internal static class GeneMapComparisonReport
{
    private enum Better
    {
        None,
        Higher,
        Lower,
    }

    public static JsonObject Json(GeneMapComparisonResult result)
    {
        var maps = new JsonArray();
        foreach (var map in result.Maps)
        {
            var evaluation = EvaluationJson.ToJson(map.Evaluation);
            maps.Add(new JsonObject
            {
                ["name"] = map.Name,
                ["source"] = map.Source,
                ["strategy"] = map.Strategy,
                ["pairs"] = map.Pairs,
                ["unique_pairs"] = map.UniquePairs,
                ["pairs_in_data"] = map.PairsInData,
                ["reference"] = new JsonObject(map.Reference.Select(entry => KeyValuePair.Create(entry.Key, (JsonNode?)JsonNode.Parse(entry.Value.ToJson())))),
                ["shared_genes"] = map.SharedGenes,
                ["variable_genes"] = map.VariableGenes,
                ["scib"] = evaluation["integrated"]!["metrics"]!.DeepClone(),
                ["scib_unintegrated_pca"] = evaluation["baseline"]?["metrics"]?.DeepClone(),
                ["knn_transfer"] = Transfers(map.Evaluation.Transfers),
                ["knn_transfer_unintegrated_pca"] = Transfers(map.Evaluation.BaselineTransfers),
                ["classifier_transfer"] = Transfers(map.ClassifierTransfers),
                ["fit_seconds"] = Math.Round(map.FitSeconds, 3),
                ["folder"] = map.Folder,
            });
        }

        return new JsonObject
        {
            ["config"] = result.ConfigPath,
            ["reference_species"] = result.ReferenceSpecies,
            ["cells"] = new JsonObject(result.Cells.Select(entry => KeyValuePair.Create(entry.Key, (JsonNode?)JsonValue.Create(entry.Value)))),
            ["reference_table"] = result.ReferenceTable,
            ["shared_seconds"] = Math.Round(result.SharedSeconds, 3),
            ["maps"] = maps,
        };
    }

    public static string Html(GeneMapComparisonResult result, bool pictures = true)
    {
        var rows = new List<(string Group, string Measure, Func<GeneMapOutcome, double?> Value, string Format, Better Better)>
        {
            ("gene map", "pairs (table rows)", map => map.Pairs, "N0", Better.None),
            ("gene map", "distinct pairs with the reference species", map => map.UniquePairs, "N0", Better.None),
            ("gene map", "distinct pairs with both genes in the cells", map => map.PairsInData, "N0", Better.Higher),
        };
        foreach (var species in result.Species.Where(name => result.Maps.Any(map => map.Reference.ContainsKey(name))))
        {
            var label = $"{result.ReferenceSpecies}–{species}";
            rows.Add(("reference table", $"{label}: reference pairs recovered (recall)", map => Of(map, species)?.Recovered, "P1", Better.Higher));
            rows.Add(("reference table", $"{label}: agreement where both map the {result.ReferenceSpecies} gene", map => Of(map, species)?.Agreement, "P1", Better.Higher));
            rows.Add(("reference table", $"{label}: pairs judged (gene mapped by both)", map => Of(map, species)?.ComparablePairs, "N0", Better.None));
        }

        rows.Add(("genes", "shared genes (model features)", map => map.SharedGenes, "N0", Better.Higher));
        rows.Add(("genes", "variable genes kept", map => map.VariableGenes, "N0", Better.None));
        rows.Add(("scib (integrated)", "Total", map => map.Evaluation.Integrated.Total, "F3", Better.Higher));
        rows.Add(("scib (integrated)", "Bio conservation", map => map.Evaluation.Integrated.BioConservation, "F3", Better.Higher));
        rows.Add(("scib (integrated)", "Batch correction", map => map.Evaluation.Integrated.BatchCorrection, "F3", Better.Higher));
        foreach (var metric in result.Maps.Count > 0 ? result.Maps[0].Evaluation.Integrated.Metrics : [])
        {
            var name = metric.Name;
            rows.Add(("scib (integrated)", name, map => map.Evaluation.Integrated.Metrics.FirstOrDefault(m => m.Name == name)?.Value, "F3", Better.Higher));
        }

        rows.Add(("scib (unintegrated PCA)", "Total", map => map.Evaluation.Baseline?.Total, "F3", Better.Higher));
        foreach (var (from, to) in Directions(result.Maps.SelectMany(map => map.Evaluation.Transfers)))
        {
            rows.Add(("kNN label transfer (integrated)", $"{from} → {to}: accuracy", map => Transfer(map.Evaluation.Transfers, from, to)?.Accuracy, "P1", Better.Higher));
            rows.Add(("kNN label transfer (integrated)", $"{from} → {to}: macro-F1", map => Transfer(map.Evaluation.Transfers, from, to)?.MacroF1, "F3", Better.Higher));
        }

        foreach (var (from, to) in Directions(result.Maps.SelectMany(map => map.ClassifierTransfers)))
        {
            rows.Add(("classifier label transfer", $"{from} → {to}: accuracy", map => Transfer(map.ClassifierTransfers, from, to)?.Accuracy, "P1", Better.Higher));
            rows.Add(("classifier label transfer", $"{from} → {to}: macro-F1", map => Transfer(map.ClassifierTransfers, from, to)?.MacroF1, "F3", Better.Higher));
        }

        rows.Add(("time", "fit (s)", map => map.FitSeconds, "F1", Better.None));

        var html = new StringBuilder();
        html.AppendLine("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>PllmML gene-map comparison</title><style>")
            .AppendLine("body{font-family:'DejaVu Sans',sans-serif;margin:2em;max-width:1400px}table{border-collapse:collapse;margin:1em 0}")
            .AppendLine("td,th{border:1px solid #bbb;padding:3px 9px;text-align:left}td.n{text-align:right;font-family:monospace;white-space:nowrap}")
            .AppendLine("td.best{font-weight:bold;background:#e3f1e3}tr td:first-child{white-space:nowrap}tr.group th{background:#eef2f7;text-align:left}.note{color:#555;font-size:90%}")
            .AppendLine("span.bar{display:inline-block;height:8px;background:#7aa6d6;margin-left:6px;vertical-align:middle}")
            .AppendLine("figure{margin:1em 0}figure img{max-width:100%;border:1px solid #ddd}figcaption{color:#555;font-size:90%}")
            .AppendLine("</style></head><body><h1>Gene-map comparison</h1>");
        html.Append(CultureInfo.InvariantCulture, $"<p>The same cells ({E(string.Join(", ", result.Cells.Select(entry => $"{entry.Value} {entry.Key}")))}) fitted once per gene map with the parameters of ")
            .Append(CultureInfo.InvariantCulture, $"<code>{E(result.ConfigPath)}</code>; shared genes are named by <b>{E(result.ReferenceSpecies)}</b> genes. ")
            .Append(result.ReferenceTable is null ? "No reference table was given. " : $"Pairs are judged against <code>{E(result.ReferenceTable)}</code>. ")
            .AppendLine("The best value of each row is shaded; bars show values in [0, 1]. Each map's own report, model and integrated cells are linked below.</p>");
        if (pictures && result.Maps.Count > 0)
        {
            foreach (var (title, caption, png) in Figures(result))
            {
                html.Append(CultureInfo.InvariantCulture, $"<figure><img alt=\"{E(title)}\" src=\"data:image/png;base64,{Convert.ToBase64String(png)}\"><figcaption>{E(caption)}</figcaption></figure>").AppendLine();
            }
        }

        html.Append("<table><tr><th>measure</th>");
        foreach (var map in result.Maps)
        {
            html.Append(CultureInfo.InvariantCulture, $"<th><a href=\"maps/{E(map.Name)}/report.html\">{E(map.Name)}</a></th>");
        }

        html.AppendLine("</tr>");
        html.Append("<tr><td>source</td>");
        foreach (var map in result.Maps)
        {
            html.Append(CultureInfo.InvariantCulture, $"<td class=\"note\" title=\"{E(map.Source)}\">{E(Short(map.Source))}<br>{E(map.Strategy)}</td>");
        }

        html.AppendLine("</tr>");
        string? group = null;
        foreach (var (rowGroup, measure, value, format, better) in rows)
        {
            if (rowGroup != group)
            {
                group = rowGroup;
                html.Append(CultureInfo.InvariantCulture, $"<tr class=\"group\"><th colspan=\"{result.Maps.Count + 1}\">{E(group)}</th></tr>").AppendLine();
            }

            var values = result.Maps.Select(value).ToList();
            var finite = values.Where(v => v is { } x && double.IsFinite(x)).Select(v => v!.Value).ToList();
            double? best = finite.Count < 2 || better == Better.None || finite.Distinct().Count() == 1 ? null : better == Better.Higher ? finite.Max() : finite.Min();
            html.Append(CultureInfo.InvariantCulture, $"<tr><td>{E(measure)}</td>");
            foreach (var v in values)
            {
                var text = v is { } x && double.IsFinite(x) ? x.ToString(format, CultureInfo.InvariantCulture) : "–";
                var bar = v is { } y && double.IsFinite(y) && y is >= 0 and <= 1 && format is "F3" or "P1" ? $"<span class=\"bar\" style=\"width:{y * 60:F0}px\"></span>" : string.Empty;
                html.Append(CultureInfo.InvariantCulture, $"<td class=\"n{(best is { } b && v == b ? " best" : string.Empty)}\">{text}{bar}</td>");
            }

            html.AppendLine("</tr>");
        }

        html.AppendLine("</table>");
        html.AppendLine("<p class=\"note\">Recall: the share of the reference table's distinct pairs the map holds. Agreement: among the map's pairs whose reference-species gene the reference table maps, the share that are reference pairs (<code>MappingComparison</code>, the definition of <code>pllm compare</code>). ")
            .AppendLine("kNN transfer: labels of one species' cells predicted from the other's by k-nearest neighbours in the integrated embedding. Classifier transfer: the integration model's own classifier, fitted on one species' labels, annotating the other's cells (one fit per training species). ")
            .AppendLine("scib: Luecken et al. 2022 under scib-metrics' names; total = 0.4·batch + 0.6·bio. Fit: the wall time of the main model's fit (shared genes through the classifier and its calibration).</p>");
        html.Append(CultureInfo.InvariantCulture, $"<p class=\"note\">Work shared by every map (reading and preparing the cells, the reference table): {result.SharedSeconds:F1} s.</p>").AppendLine("</body></html>");
        return html.ToString();
    }

    /// <summary>
    /// The side-by-side pictures (<see cref="EvaluationPlots.GroupedBars"/>, as the run report draws its charts): the
    /// integration measures of every map, and with a reference table how each map's pairs agree with it.
    /// </summary>
    private static List<(string Title, string Caption, byte[] Png)> Figures(GeneMapComparisonResult result)
    {
        var names = result.Maps.Select(map => map.Name).ToList();
        var measures = new List<(string Group, Func<GeneMapOutcome, double?> Value)>
        {
            ("scib\ntotal", map => map.Evaluation.Integrated.Total),
            ("bio\nconservation", map => map.Evaluation.Integrated.BioConservation),
            ("batch\ncorrection", map => map.Evaluation.Integrated.BatchCorrection),
            ("iLISI", map => Metric(map, "iLISI")),
            ("cLISI", map => Metric(map, "cLISI")),
        };
        // Directions in one order for both kinds of transfer (trained-on species, then annotated species).
        measures.AddRange(Directions(result.Maps.SelectMany(map => map.Evaluation.Transfers)).OrderBy(d => d.From, StringComparer.Ordinal).ThenBy(d => d.To, StringComparer.Ordinal)
            .Select(d => ($"kNN\n{d.From} → {d.To}", (Func<GeneMapOutcome, double?>)(map => Transfer(map.Evaluation.Transfers, d.From, d.To)?.Accuracy))));
        measures.AddRange(Directions(result.Maps.SelectMany(map => map.ClassifierTransfers)).OrderBy(d => d.From, StringComparer.Ordinal).ThenBy(d => d.To, StringComparer.Ordinal)
            .Select(d => ($"classifier\n{d.From} → {d.To}", (Func<GeneMapOutcome, double?>)(map => Transfer(map.ClassifierTransfers, d.From, d.To)?.Accuracy))));
        var figures = new List<(string, string, byte[])>
        {
            ("integration by gene map", "Integration by gene map: scib total, bio conservation and batch correction (Luecken et al. 2022; total = 0.4·batch + 0.6·bio), "
                + "iLISI and cLISI (scaled to [0, 1] as scib does), and label-transfer accuracy in each direction (from → to: labels of the first species, cells of the second), by kNN "
                + "in the integrated embedding and by the integration model's classifier fitted on the first species' labels. Higher is better everywhere; the values are the table's.",
                EvaluationPlots.GroupedBars("Integration by gene map", [.. measures.Select(m => m.Group)], names, Grid(result.Maps, measures.Select(m => m.Value).ToList()), "score / accuracy")),
        };
        var judged = result.Species.Where(name => result.Maps.Any(map => map.Reference.ContainsKey(name))).ToList();
        if (judged.Count > 0)
        {
            var agreement = judged.SelectMany(species => new (string Group, Func<GeneMapOutcome, double?> Value)[]
            {
                ($"{result.ReferenceSpecies}–{species}\nrecall", map => Of(map, species)?.Recovered),
                ($"{result.ReferenceSpecies}–{species}\nagreement", map => Of(map, species)?.Agreement),
            }).ToList();
            figures.Add(("gene maps against the reference table", $"Each map's pairs against {Path.GetFileName(result.ReferenceTable)}: recall (share of the reference's distinct pairs the map holds) "
                + $"and agreement (where both map a {result.ReferenceSpecies} gene, the share of the map's pairs that are reference pairs).",
                EvaluationPlots.GroupedBars("Gene maps against the reference table", [.. agreement.Select(m => m.Group)], names, Grid(result.Maps, agreement.Select(m => m.Value).ToList()), "share", 300 + (160 * agreement.Count), 460)));
        }

        return figures;
    }

    private static double[,] Grid(IReadOnlyList<GeneMapOutcome> maps, IReadOnlyList<Func<GeneMapOutcome, double?>> values)
    {
        var grid = new double[maps.Count, values.Count];
        for (var m = 0; m < maps.Count; m++)
        {
            for (var v = 0; v < values.Count; v++)
            {
                grid[m, v] = values[v](maps[m]) ?? double.NaN;
            }
        }

        return grid;
    }

    private static double? Metric(GeneMapOutcome map, string name) => map.Evaluation.Integrated.Metrics.FirstOrDefault(metric => metric.Name == name)?.Value;

    /// <summary>The source with every path shortened to its file name (the full text is the cell's title).</summary>
    private static string Short(string source) => string.Join(' ', source.Split(' ').Select(word =>
        word.Contains('/', StringComparison.Ordinal) || word.Contains('\\', StringComparison.Ordinal)
            ? Path.GetFileName(word.TrimEnd(',')) + (word.EndsWith(',') ? "," : string.Empty)
            : word));

    private static MappingComparison? Of(GeneMapOutcome map, string species) => map.Reference.TryGetValue(species, out var comparison) ? comparison : null;

    private static LabelTransferResult? Transfer(IEnumerable<LabelTransferResult> transfers, string from, string to) =>
        transfers.FirstOrDefault(t => t.ReferenceBatch == from && t.QueryBatch == to);

    private static List<(string From, string To)> Directions(IEnumerable<LabelTransferResult> transfers) =>
        [.. transfers.Select(t => (t.ReferenceBatch, t.QueryBatch)).Distinct()];

    private static JsonArray Transfers(IReadOnlyList<LabelTransferResult> transfers) =>
    [
        .. transfers.Select(t => (JsonNode?)new JsonObject
        {
            ["reference"] = t.ReferenceBatch, ["query"] = t.QueryBatch, ["accuracy"] = t.Accuracy, ["balanced_accuracy"] = t.BalancedAccuracy, ["macro_f1"] = t.MacroF1,
        }),
    ];

    private static string E(string text) => WebUtility.HtmlEncode(text);
}
