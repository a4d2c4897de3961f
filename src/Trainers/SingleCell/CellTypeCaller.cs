using PllmML.Kernels.Conformal;
using PllmML.Kernels.LinearAlgebra;

namespace PllmML.Trainers.SingleCell;

/// <summary>
/// Turns a batch's probabilities and embedding into calls: the Mondrian conformal prediction set of each cell (the types
/// y with 1 − p̂(y) at most type y's calibrated threshold), and the mapping distance to its most probable type. A cell
/// whose set is empty, or that lies farther from its type than the calibrated share of that type's training cells, is
/// <see cref="CellPredictions.Unknown"/>; a set of several types is ambiguous. "Farther" is measured in units of the
/// type's median out-of-fold calibration distance, against the coverage quantile of those units pooled over all types.
/// </summary>
/// <remarks>
/// The distance is standardised by the query's own unlabelled distances: another species (or batch) sits farther from
/// every training centre than the training cells did, and that shift is not novelty. Each cell's distance is divided
/// by its type's median calibration distance; the median of those ratios over the query (at least 1) is the query's
/// shift, which every distance is divided by before the threshold. It needs no query label, and holds while less than
/// half the query is novel.
/// </remarks>
internal static class CellTypeCaller
{
    public static CellPredictions Call(CellPredictions predictions, ConformalCalibration? calibration, PredictionOptions options)
    {
        var n = predictions.CellCount;
        var classes = predictions.Classes.Count;
        var runnersUp = new string[n];
        var confidence = new float[n];
        var best = new int[n];
        for (var cell = 0; cell < n; cell++)
        {
            var row = predictions.Probabilities.AsSpan(cell * classes, classes);
            int first = 0, second = classes > 1 ? 1 : 0;
            for (var c = 1; c < classes; c++)
            {
                if (row[c] > row[first])
                {
                    second = first;
                    first = c;
                }
                else if (c != first && (second == first || row[c] > row[second]))
                {
                    second = c;
                }
            }

            best[cell] = first;
            confidence[cell] = row[first];
            runnersUp[cell] = classes > 1 ? predictions.Classes[second] : string.Empty;
        }

        if (calibration is null)
        {
            return predictions with
            {
                CellTypes = predictions.Labels,
                PredictionSets = [.. predictions.Labels.Select(label => new[] { label })],
                RunnersUp = runnersUp,
                Confidence = confidence,
                CallStatus = [.. Enumerable.Repeat(CellPredictions.Uncalibrated, n)],
            };
        }

        var coverage = options.Coverage ?? calibration.Coverage;
        var thresholds = calibration.Scores.Select(scores => ConformalQuantile.Threshold(scores, coverage)).ToArray();
        var medians = calibration.Distances.Select(distances => distances.Length == 0 ? 1.0 : Math.Max(1e-6, distances[distances.Length / 2])).ToArray();
        // Each type's distances in units of its own median, pooled over the types: a type with too few training cells for
        // a threshold of its own (9 cells cannot promise 95 %) still gets one, from the shape every type shares.
        var pooled = calibration.Distances.SelectMany((distances, type) => distances.Select(distance => (float)(distance / medians[type]))).Order().ToArray();
        var ratioThreshold = ConformalQuantile.Threshold(pooled, coverage);
        var d = predictions.Dimensions;
        var raw = new double[n];
        for (var cell = 0; cell < n; cell++)
        {
            raw[cell] = Mahalanobis.Distance(predictions.Embedding.AsSpan(cell * d, d), calibration.Centroids[best[cell]], calibration.Precisions[best[cell]]);
        }

        var shift = 1.0;
        if (options.StandardizeDistances && n > 0)
        {
            var ratios = Enumerable.Range(0, n).Select(cell => raw[cell] / medians[best[cell]]).Order().ToArray();
            shift = Math.Max(1, ratios[n / 2]);
        }

        var cellTypes = new string[n];
        var sets = new string[n][];
        var status = new string[n];
        var distances = new float[n];
        for (var cell = 0; cell < n; cell++)
        {
            var row = predictions.Probabilities.AsSpan(cell * classes, classes).ToArray();
            var set = Enumerable.Range(0, classes).Where(c => 1 - row[c] <= thresholds[c]).OrderByDescending(c => row[c]).ToArray();
            sets[cell] = [.. set.Select(c => predictions.Classes[c])];
            distances[cell] = (float)(raw[cell] / shift);
            var far = distances[cell] / medians[best[cell]] > ratioThreshold;
            if (set.Length == 0 || far)
            {
                cellTypes[cell] = CellPredictions.Unknown;
                status[cell] = CellPredictions.Unknown;
            }
            else
            {
                cellTypes[cell] = predictions.Classes[set[0]];
                status[cell] = set.Length > 1 ? CellPredictions.Ambiguous : CellPredictions.Assigned;
            }
        }

        return predictions with
        {
            CellTypes = cellTypes,
            PredictionSets = sets,
            RunnersUp = runnersUp,
            Confidence = confidence,
            MappingDistances = distances,
            CallStatus = status,
            Coverage = coverage,
            DistanceShift = shift,
        };
    }
}
