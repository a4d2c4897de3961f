using System.Text.Json;
using System.Text.Json.Nodes;

namespace PllmML.Evaluation;

/// <summary>Writes an evaluation as JSON: metrics by scib name (null with a note where undefined), aggregates, label transfer, gene map, timings.</summary>
public static class EvaluationJson
{
    /// <summary>The JSON document.</summary>
    /// <param name="result">The evaluation.</param>
    public static JsonObject ToJson(EvaluationResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var root = new JsonObject
        {
            ["inputs"] = new JsonObject(result.Request.Description.Select(p => KeyValuePair.Create(p.Key, (JsonNode?)JsonValue.Create(p.Value)))),
            ["cells"] = result.Request.Integrated.CellCount,
            ["dimensions"] = result.Request.Integrated.Dimensions,
            ["cell_types"] = Counts(result.Request.Integrated.Labels),
            ["batches"] = Counts(result.Request.Integrated.Batches),
            ["integrated"] = Scib(result.Integrated, result.Transfers),
        };
        if (result.Baseline is not null)
        {
            root["baseline"] = Scib(result.Baseline, result.BaselineTransfers);
        }

        if (result.ClassifierTransfers.Count > 0)
        {
            root["classifier_label_transfer"] = TransferArray(result.ClassifierTransfers);
        }

        if (result.Abstention is { } abstention)
        {
            root["abstention"] = new JsonObject
            {
                ["unknown_rate_by_type"] = new JsonObject(abstention.UnknownRateByType.Select(p => KeyValuePair.Create(p.Key, (JsonNode?)Finite(p.Value)))),
                ["seen_type_cells"] = abstention.SeenTypeCells,
                ["seen_flagged"] = Finite(abstention.SeenFlagged),
                ["known_type_accuracy"] = Finite(abstention.KnownTypeAccuracy),
                ["unseen_type_cells"] = abstention.UnseenTypeCells,
                ["unseen_unknown"] = Finite(abstention.UnseenUnknown),
                ["confidence_auroc_seen_vs_unseen"] = Finite(abstention.SeenVsUnseenAuroc),
                ["expected_calibration_error"] = Finite(abstention.ExpectedCalibrationError),
                ["reliability"] = new JsonArray([.. abstention.Reliability.Select(bin => (JsonNode)new JsonObject
                {
                    ["lower"] = bin.Lower, ["upper"] = bin.Upper, ["cells"] = bin.Cells,
                    ["mean_confidence"] = Finite(bin.MeanConfidence), ["accuracy"] = Finite(bin.Accuracy),
                })]),
            };
        }

        if (result.Request.GeneMap is { } map)
        {
            root["gene_map"] = new JsonObject
            {
                ["predicted_pairs"] = map.UniquePairs, ["reference_pairs"] = map.ReferencePairs, ["shared_pairs"] = map.SharedPairs,
                ["predicted_genes_a"] = map.GenesA, ["predicted_genes_b"] = map.GenesB,
                ["coverage_a"] = Finite(map.CoverageA), ["coverage_b"] = Finite(map.CoverageB),
                ["comparable_pairs"] = map.ComparablePairs, ["agreement"] = Finite(map.Agreement), ["precision"] = Finite(map.Precision),
                ["recall"] = Finite(map.Recovered),
            };
        }

        if (result.Methods.Count > 0)
        {
            root["methods"] = new JsonObject(result.Methods.Select(m => KeyValuePair.Create(m.Method, (JsonNode?)Method(m))));
        }

        root["timings_seconds"] = new JsonObject(result.Timings.Select(p => KeyValuePair.Create(p.Key, (JsonNode?)JsonValue.Create(Math.Round(p.Value, 3)))));
        return root;
    }

    /// <summary>Writes the JSON to a file.</summary>
    /// <param name="result">The evaluation.</param>
    /// <param name="path">The file.</param>
    public static void Write(EvaluationResult result, string path) =>
        File.WriteAllText(path, ToJson(result).ToJsonString(new JsonSerializerOptions { WriteIndented = true }));

    // JSON has no NaN: a ratio with nothing to count (a map with no comparable pair) is written as null.
    private static JsonValue? Finite(double value) => double.IsFinite(value) ? JsonValue.Create(value) : null;

    private static JsonObject Counts(LabelCodes codes) =>
        new(Enumerable.Range(0, codes.Count).Select(i => KeyValuePair.Create(codes.Names[i], (JsonNode?)JsonValue.Create(codes.Counts[i]))));

    private static JsonArray TransferArray(IReadOnlyList<LabelTransferResult> transfers) =>
    [
        .. transfers.Select(t => (JsonNode?)new JsonObject
        {
            ["reference"] = t.ReferenceBatch, ["query"] = t.QueryBatch, ["k"] = t.NeighborCount,
            ["accuracy"] = t.Accuracy, ["balanced_accuracy"] = t.BalancedAccuracy, ["macro_f1"] = t.MacroF1,
            ["recall_per_type"] = new JsonObject(t.RecallPerType.Select(p => KeyValuePair.Create(p.Key, (JsonNode?)JsonValue.Create(p.Value)))),
            ["confusion_types"] = new JsonArray([.. t.TypeNames.Select(n => (JsonNode?)JsonValue.Create(n))]),
            ["confusion"] = new JsonArray([.. t.Confusion.Select(c => (JsonNode?)JsonValue.Create(c))]),
        }),
    ];

    /// <summary>
    /// One method of the side-by-side comparison: the flags, a summary of the headline numbers, and the same
    /// <c>integrated</c> and <c>classifier_label_transfer</c> sections that evaluating the method alone writes.
    /// </summary>
    private static JsonObject Method(MethodEvaluation method)
    {
        var result = method.Result;
        static JsonValue? Value(double? value) => value is { } v && double.IsFinite(v) ? JsonValue.Create(v) : null;
        static JsonObject Accuracies(IEnumerable<LabelTransferResult> transfers) =>
            new(transfers.Select(t => KeyValuePair.Create($"{t.ReferenceBatch} → {t.QueryBatch}", (JsonNode?)JsonValue.Create(t.Accuracy))));
        var entry = new JsonObject
        {
            ["primary"] = method.Primary,
            ["fit_seconds"] = method.FitSeconds is { } seconds ? JsonValue.Create(Math.Round(seconds, 3)) : null,
            ["dimensions"] = result.Request.Integrated.Dimensions,
            ["summary"] = new JsonObject
            {
                ["Total"] = Value(result.Integrated.Total),
                ["Bio conservation"] = Value(result.Integrated.BioConservation),
                ["Batch correction"] = Value(result.Integrated.BatchCorrection),
                ["iLISI"] = Value(result.Integrated.Metrics.FirstOrDefault(m => m.Name == "iLISI")?.Value),
                ["cLISI"] = Value(result.Integrated.Metrics.FirstOrDefault(m => m.Name == "cLISI")?.Value),
                ["knn_transfer"] = Accuracies(result.Transfers),
                ["knn_transfer_mean"] = Value(method.MeanKnnTransfer),
                ["classifier_transfer"] = Accuracies(result.ClassifierTransfers),
                ["classifier_transfer_mean"] = Value(method.MeanClassifierTransfer),
            },
            ["integrated"] = Scib(result.Integrated, result.Transfers),
        };
        if (result.ClassifierTransfers.Count > 0)
        {
            entry["classifier_label_transfer"] = TransferArray(result.ClassifierTransfers);
        }

        return entry;
    }

    private static JsonObject Scib(ScibReport report, IReadOnlyList<LabelTransferResult> transfers)
    {
        var metrics = new JsonObject();
        var notes = new JsonObject();
        foreach (var metric in report.Metrics)
        {
            metrics[metric.Name] = metric.Value is { } v ? JsonValue.Create(v) : null;
            if (metric.Note is not null)
            {
                notes[metric.Name] = metric.Note;
            }
        }

        metrics["Bio conservation"] = report.BioConservation is { } bio ? JsonValue.Create(bio) : null;
        metrics["Batch correction"] = report.BatchCorrection is { } batch ? JsonValue.Create(batch) : null;
        metrics["Total"] = report.Total is { } total ? JsonValue.Create(total) : null;
        var transferArray = TransferArray(transfers);

        return new JsonObject { ["metrics"] = metrics, ["notes"] = notes, ["label_transfer"] = transferArray };
    }
}
