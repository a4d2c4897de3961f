using Microsoft.ML;
using Microsoft.ML.Data;
using PllmML.Kernels.Conformal;
using PllmML.Kernels.LinearAlgebra;
using PllmML.Kernels.Statistics;
using PllmML.Transforms.SingleCell;

namespace PllmML.Trainers.SingleCell;

/// <summary>
/// Fits a model's <see cref="ConformalCalibration"/> on its labelled training cells in the integrated space: stratified
/// folds; for each, the classifier refitted without the fold scores the fold's cells (1 − p̂ of the true type), and each
/// type's Ledoit–Wolf Gaussian fitted without the fold measures their Mahalanobis distances. Every calibration value
/// thus comes from a cell the scorer did not see, as split-conformal prediction needs.
/// </summary>
internal static class ConformalCalibrator
{
    /// <summary>Folds of the out-of-fold calibration.</summary>
    public const int Folds = 5;

    /// <summary>Genes per marker program.</summary>
    public const int MarkerProgramSize = 10;

    /// <summary>Fits the calibration.</summary>
    /// <param name="mlContext">The context.</param>
    /// <param name="integrated">The fitted cells with their species, label and classifier features.</param>
    /// <param name="normalized">
    /// The training species' cells (the rows of <paramref name="integrated"/> of those species, in the same order) with
    /// their log-normalised shared counts (<see cref="SingleCellColumns.Normalized"/>), read by streaming: a view that
    /// keeps no copy of that wide column (not one read through a cache).
    /// </param>
    /// <param name="trainSpecies">The training species (null: all).</param>
    /// <param name="labels">The classifier's labels.</param>
    /// <param name="dimensions">Embedding dimensions.</param>
    /// <param name="sharedFeatures">Shared genes.</param>
    /// <param name="coverage">Coverage level.</param>
    /// <param name="seed">Seed of the folds.</param>
    public static ConformalCalibration Fit(
        MLContext mlContext, IDataView integrated, IDataView normalized, IReadOnlyList<string>? trainSpecies, string[] labels, int dimensions, int sharedFeatures, double coverage, int seed)
    {
        var species = DataViewColumns.ReadText(integrated, SingleCellColumns.Species);
        var cellLabels = DataViewColumns.ReadText(integrated, SingleCellColumns.Label);
        var features = DataViewColumns.ReadVectors(integrated, SingleCellColumns.Features);
        var classOf = labels.Select((label, index) => (label, index)).ToDictionary(pair => pair.label, pair => pair.index, StringComparer.Ordinal);
        var cells = new List<(float[] X, int Class)>();
        var cellOfRow = new int[species.Length];
        for (var cell = 0; cell < species.Length; cell++)
        {
            cellOfRow[cell] = -1;
            if ((trainSpecies is null || trainSpecies.Contains(species[cell])) && classOf.TryGetValue(cellLabels[cell], out var type))
            {
                cellOfRow[cell] = cells.Count;
                cells.Add((features[cell][..dimensions], type));
            }
        }

        var classes = cells.Select(cell => cell.Class).ToArray();
        var fold = StratifiedFolds.Assign(classes, Folds, seed);
        var scores = labels.Select(_ => new List<float>()).ToArray();
        var distances = labels.Select(_ => new List<float>()).ToArray();
        for (var f = 0; f < Folds; f++)
        {
            var train = Enumerable.Range(0, cells.Count).Where(cell => fold[cell] != f).ToArray();
            var test = Enumerable.Range(0, cells.Count).Where(cell => fold[cell] == f).ToArray();
            if (test.Length == 0)
            {
                continue;
            }

            var probabilities = OutOfFoldProbabilities(mlContext, cells, train, test, labels);
            for (var k = 0; k < test.Length; k++)
            {
                var type = cells[test[k]].Class;
                scores[type].Add((float)(1 - probabilities[k][type]));
            }

            var (foldCentres, foldPrecision) = SharedGaussian(cells, train, labels.Length, dimensions);
            foreach (var cell in test)
            {
                if (foldCentres[cells[cell].Class] is { } centre)
                {
                    distances[cells[cell].Class].Add((float)Mahalanobis.Distance(cells[cell].X, centre, foldPrecision));
                }
            }
        }

        var (allCentres, precision) = SharedGaussian(cells, [.. Enumerable.Range(0, cells.Count)], labels.Length, dimensions);
        var centres = allCentres.Select(centre => centre ?? new float[dimensions]).ToList();
        var precisions = Enumerable.Repeat(precision, labels.Length).ToList();

        var cellOfTrainingRow = cellOfRow.Where((_, row) => trainSpecies is null || trainSpecies.Contains(species[row])).ToArray();
        if (normalized.GetRowCount() is { } rows && rows != cellOfTrainingRow.Length)
        {
            throw new ArgumentException($"The log-normalised view has {rows} rows; the training species have {cellOfTrainingRow.Length} cells.", nameof(normalized));
        }

        var (markers, markerScores) = MarkerCalibration(normalized, cellOfTrainingRow, [.. cells.Select(cell => cell.Class)], fold, labels.Length, sharedFeatures);
        return new ConformalCalibration
        {
            Markers = markers,
            MarkerScores = markerScores,
            Coverage = coverage,
            Folds = Folds,
            Scores = [.. scores.Select(list => list.Order().ToArray())],
            Centroids = centres,
            Precisions = precisions,
            Distances = [.. distances.Select(list => list.Order().ToArray())],
        };
    }

    /// <summary>
    /// Each type's marker program (<see cref="MarkerPrograms"/>, on the log-normalised shared counts) and the out-of-fold
    /// scores of its training cells: a cell is scored on the program chosen from the other folds' cells. Two passes over
    /// the cells, keeping per fold and type only gene sums.
    /// </summary>
    private static (IReadOnlyList<int[]> Markers, IReadOnlyList<float[]> Scores) MarkerCalibration(IDataView normalized, int[] cellOfRow, int[] classes, int[] fold, int types, int genes)
    {
        var column = DataViewColumns.Require(normalized.Schema, SingleCellColumns.Normalized);
        var sums = new double[Folds, types * genes];
        var detected = new int[Folds, types * genes];
        var cellsOf = new int[Folds, types];
        var row = 0;
        DataViewColumns.ForEachRow(normalized, column, (in VBuffer<float> values) =>
        {
            var cell = cellOfRow[row++];
            if (cell < 0)
            {
                return;
            }

            var (f, offset) = (fold[cell], classes[cell] * genes);
            cellsOf[f, classes[cell]]++;
            ForEachNonZero(values, (gene, value) =>
            {
                sums[f, offset + gene] += value;
                detected[f, offset + gene]++;
            });
        });

        int[][] ProgramsWithout(int heldFold)
        {
            var sum = new double[types * genes];
            var count = new int[types * genes];
            var members = new int[types];
            for (var f = 0; f < Folds; f++)
            {
                if (f == heldFold)
                {
                    continue;
                }

                for (var k = 0; k < sum.Length; k++)
                {
                    sum[k] += sums[f, k];
                    count[k] += detected[f, k];
                }

                for (var type = 0; type < types; type++)
                {
                    members[type] += cellsOf[f, type];
                }
            }

            return MarkerPrograms.Select(sum, count, members, genes, MarkerProgramSize);
        }

        var programs = Enumerable.Range(0, Folds).Select(ProgramsWithout).ToArray();
        var scores = Enumerable.Range(0, types).Select(_ => new List<float>()).ToArray();
        var dense = new float[genes];
        row = 0;
        DataViewColumns.ForEachRow(normalized, column, (in VBuffer<float> values) =>
        {
            var cell = cellOfRow[row++];
            if (cell < 0)
            {
                return;
            }

            values.CopyTo(dense);
            var score = MarkerPrograms.Score(dense, programs[fold[cell]][classes[cell]]);
            if (!double.IsNaN(score))
            {
                scores[classes[cell]].Add((float)score);
            }
        });

        return (ProgramsWithout(-1), [.. scores.Select(list => list.Order().ToArray())]);
    }

    private static void ForEachNonZero(in VBuffer<float> values, Action<int, float> action)
    {
        var items = values.GetValues();
        if (values.IsDense)
        {
            for (var gene = 0; gene < items.Length; gene++)
            {
                if (items[gene] != 0)
                {
                    action(gene, items[gene]);
                }
            }
        }
        else
        {
            var indices = values.GetIndices();
            for (var k = 0; k < items.Length; k++)
            {
                if (items[k] != 0)
                {
                    action(indices[k], items[k]);
                }
            }
        }
    }

    /// <summary>
    /// Each type's centre and one Ledoit–Wolf covariance of the cells' deviations from their type's centre, pooled over
    /// the types (linear discriminant analysis's shared covariance): a type of a few cells, or one much tighter than the
    /// rest, gets no covariance of its own that a species shift would make every query cell far from.
    /// </summary>
    private static (float[]?[] Centres, float[] Precision) SharedGaussian(List<(float[] X, int Class)> cells, int[] members, int types, int d)
    {
        var centres = new float[]?[types];
        for (var type = 0; type < types; type++)
        {
            var own = members.Where(cell => cells[cell].Class == type).ToArray();
            if (own.Length > 0)
            {
                var centre = new double[d];
                foreach (var cell in own)
                {
                    for (var k = 0; k < d; k++)
                    {
                        centre[k] += cells[cell].X[k];
                    }
                }

                centres[type] = [.. centre.Select(sum => (float)(sum / own.Length))];
            }
        }

        var residuals = new List<(float[] X, int Class)>(members.Length);
        foreach (var cell in members)
        {
            var centre = centres[cells[cell].Class]!;
            residuals.Add(([.. cells[cell].X.Take(d).Select((value, k) => value - centre[k])], 0));
        }

        return (centres, Gaussian(residuals, [.. Enumerable.Range(0, residuals.Count)], d).Precision);
    }

    private static (float[] Centre, float[] Precision) Gaussian(List<(float[] X, int Class)> cells, int[] members, int d)
    {
        var samples = new float[members.Length * d];
        for (var k = 0; k < members.Length; k++)
        {
            cells[members[k]].X.AsSpan(0, d).CopyTo(samples.AsSpan(k * d, d));
        }

        var (mean, covariance, _) = ShrunkCovariance.LedoitWolf(samples, members.Length, d);
        var scale = Enumerable.Range(0, d).Sum(a => covariance[(a * d) + a]) / d;
        scale = scale > 0 ? scale : 1;
        // Fewer than three cells have no usable shape (two cells give a rank-one covariance that Ledoit–Wolf leaves
        // unshrunk): a spherical Gaussian of their mean variance keeps the distance defined. A small ridge keeps every
        // covariance invertible.
        for (var a = 0; a < d; a++)
        {
            for (var b = 0; b < d; b++)
            {
                covariance[(a * d) + b] = members.Length < 3 ? (a == b ? scale : 0) : covariance[(a * d) + b];
            }

            covariance[(a * d) + a] += 1e-6 * scale;
        }

        var precision = Cholesky.Factor(covariance, d).Inverse();
        return ([.. mean.Select(value => (float)value)], [.. precision.Select(value => (float)value)]);
    }

    private static double[][] OutOfFoldProbabilities(MLContext mlContext, List<(float[] X, int Class)> cells, int[] train, int[] test, string[] labels)
    {
        var present = train.Select(cell => cells[cell].Class).Distinct().Order().ToArray();
        var result = test.Select(_ => new double[labels.Length]).ToArray();
        if (present.Length < 2)
        {
            foreach (var row in result)
            {
                row[present.Length == 1 ? present[0] : 0] = 1;
            }

            return result;
        }

        var rows = train.Select(cell => new SingleCellPipelineEstimator.LabelledRow { Label = labels[cells[cell].Class], Features = Padded(cells[cell].X) }).ToList();
        var classifier = SingleCellPipelineEstimator.ClassifierEstimator(mlContext).Fit(mlContext.Data.LoadFromEnumerable(rows));
        var scored = classifier.Transform(mlContext.Data.LoadFromEnumerable(
            test.Select(cell => new SingleCellPipelineEstimator.LabelledRow { Label = labels[cells[cell].Class], Features = Padded(cells[cell].X) })));
        var probabilities = DataViewColumns.ReadVectors(scored, "Score");
        // The fold's classifier knows only the types of its training cells, in the same (ordinal) order as the labels.
        for (var k = 0; k < test.Length; k++)
        {
            for (var slot = 0; slot < present.Length; slot++)
            {
                result[k][present[slot]] = probabilities[k][slot];
            }
        }

        return result;
    }

    private static float[] Padded(float[] x)
    {
        var padded = new float[SingleCellColumns.MaxEmbeddingWidth];
        x.CopyTo(padded, 0);
        return padded;
    }
}
