using PllmML.Kernels.Conformal;
using PllmML.Kernels.LinearAlgebra;
using PllmML.Kernels.Statistics;

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
    public static CellPredictions Call(CellPredictions predictions, ConformalCalibration? calibration, PredictionOptions options, float[]? programScores = null)
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
        // Two novelty tests (mapping distance, marker program), each at half the error rate: Bonferroni keeps the share of
        // training-like cells either one flags within 1 − coverage.
        var programs = calibration.HasMarkers && programScores is not null && options.MarkerPrograms;
        var noveltyLevel = programs ? 1 - ((1 - coverage) / 2) : coverage;
        var medians = calibration.Distances.Select(distances => distances.Length == 0 ? 1.0 : Math.Max(1e-6, distances[distances.Length / 2])).ToArray();
        // Each type's distances in units of its own median, pooled over the types: a type with too few training cells for
        // a threshold of its own (9 cells cannot promise 95 %) still gets one, from the shape every type shares.
        var pooled = calibration.Distances.SelectMany((distances, type) => distances.Select(distance => (float)(distance / medians[type]))).Order().ToArray();
        var ratioThreshold = ConformalQuantile.Threshold(pooled, noveltyLevel);
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

        var programCheck = programs ? ProgramCheck.Of(calibration, noveltyLevel, options.StandardizeDistances, Enumerable.Range(0, n).Select(cell => programScores![(cell * classes) + best[cell]]), best) : null;
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
            var offProgram = programs && programCheck!.Rejects(programScores![(cell * classes) + best[cell]], best[cell]);
            if (set.Length == 0 || far || offProgram)
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

    /// <summary>
    /// The marker-program test: a cell's nonconformity on its most probable type is (median − score) / MAD of the type's
    /// out-of-fold training scores; the threshold is the level's conformal quantile of those values pooled over the
    /// types; the query's own shift (median of its values minus the pooled median, at least 0) is subtracted first.
    /// </summary>
    private sealed class ProgramCheck(double[] location, double[] scale, double threshold, double shift)
    {
        public static ProgramCheck Of(ConformalCalibration calibration, double level, bool standardize, IEnumerable<float> cellScores, int[] best)
        {
            var types = calibration.MarkerScores.Count;
            var location = new double[types];
            var scale = new double[types];
            var pooled = new List<float>();
            for (var type = 0; type < types; type++)
            {
                var sorted = calibration.MarkerScores[type].Select(value => (double)value).ToArray();
                location[type] = sorted.Length == 0 ? double.NaN : Quantiles.Type7(sorted, 0.5);
                var deviations = sorted.Select(value => Math.Abs(value - location[type])).Order().ToArray();
                scale[type] = (deviations.Length == 0 ? 0 : Quantiles.Type7(deviations, 0.5)) + ScaleFloor;
                pooled.AddRange(sorted.Select(value => (float)((location[type] - value) / scale[type])));
            }

            var calibrationValues = pooled.Order().ToArray();
            var threshold = ConformalQuantile.Threshold(calibrationValues, level);
            var query = cellScores.Select((score, cell) => (location[best[cell]] - score) / scale[best[cell]]).Where(double.IsFinite).Order().ToArray();
            var shift = standardize && query.Length > 0 && calibrationValues.Length > 0
                ? Math.Max(0, Quantiles.Type7(query, 0.5) - Quantiles.Type7([.. calibrationValues.Select(value => (double)value)], 0.5))
                : 0;
            return new ProgramCheck(location, scale, threshold, shift);
        }

        // Log-normalised units: keeps a type whose training cells all score alike from dividing by zero.
        private const double ScaleFloor = 1e-3;

        public bool Rejects(float score, int type)
        {
            var value = (location[type] - score) / scale[type];
            return double.IsFinite(value) && value - shift > threshold;
        }
    }
}
