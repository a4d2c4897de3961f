using System.Numerics.Tensors;

namespace PllmML.Kernels.Statistics;

/// <summary>
/// MetaNeighbor's unsupervised neighbour voting (Crow et al. 2018, <c>MetaNeighborUS</c>): cells are compared by the
/// Spearman correlation of their expression over a gene set; every labelled group "votes" for each cell with its
/// summed similarity to that cell (divided by the cell's total similarity, the node degree); the AUROC of the votes
/// of training group j for separating test group i from the other cells of i's dataset is entry (i, j).
/// </summary>
/// <remarks>
/// <para>The default network (<c>MetaNeighborUSDefault</c>) ranks all cells × cells correlations together and divides
/// by the largest rank ("rank-standardised"); it holds the cells × cells matrix. The low-memory version
/// (<c>MetaNeighborUSLowMem</c>) votes with correlation + 1 against group centroids and never forms the network;
/// its node degree is computed per training dataset.</para>
/// <para>Groups are numbered 0 … G − 1 across all datasets; <c>datasetOfGroup</c> gives each group's dataset.</para>
/// </remarks>
public static class NeighborVoting
{
    /// <summary>
    /// Replaces each row by its ranks (ties averaged), centred and scaled to unit length, so that the dot product of two
    /// rows is their Spearman correlation (MetaNeighbor's <c>normalize_cols</c>); a constant row becomes NaN.
    /// </summary>
    /// <param name="data">Rows × columns, row-major; overwritten.</param>
    /// <param name="columns">Columns (genes).</param>
    public static void NormalizeRows(double[] data, int columns)
    {
        ArgumentNullException.ThrowIfNull(data);
        var rows = data.Length / columns;
        Parallel.For(0, rows, row =>
        {
            var span = data.AsSpan(row * columns, columns);
            var ranks = new double[columns];
            Ranks.Average(span, ranks);
            var mean = (columns + 1) / 2.0;
            var norm = 0.0;
            for (var c = 0; c < columns; c++)
            {
                ranks[c] -= mean;
                norm += ranks[c] * ranks[c];
            }

            var scale = norm > 0 ? 1.0 / Math.Sqrt(norm) : double.NaN;
            for (var c = 0; c < columns; c++)
            {
                span[c] = ranks[c] * scale;
            }
        });
    }

    /// <summary>
    /// The votes of every group for every cell in the rank-standardised network (<c>MetaNeighborUSDefault</c>): cells ×
    /// groups, row-major.
    /// </summary>
    /// <param name="normalized">Rows from <see cref="NormalizeRows"/>.</param>
    /// <param name="columns">Genes.</param>
    /// <param name="groupOfCell">The group of each cell.</param>
    /// <param name="groupCount">G.</param>
    /// <param name="nodeDegreeNormalization">Divide by each cell's total similarity (MetaNeighbor's default).</param>
    public static double[] NetworkVotes(double[] normalized, int columns, int[] groupOfCell, int groupCount, bool nodeDegreeNormalization = true)
    {
        ArgumentNullException.ThrowIfNull(normalized);
        ArgumentNullException.ThrowIfNull(groupOfCell);
        var n = groupOfCell.Length;
        var network = new double[(long)n * n];
        Parallel.For(0, n, i =>
        {
            var a = normalized.AsSpan(i * columns, columns);
            for (var j = 0; j < n; j++)
            {
                network[((long)i * n) + j] = TensorPrimitives.Dot(a, normalized.AsSpan(j * columns, columns));
            }
        });

        // Rank every entry of the network together (NaN kept out and set to 0), then divide by the largest rank.
        var order = new List<int>(network.Length);
        for (var k = 0; k < network.Length; k++)
        {
            if (!double.IsNaN(network[k]))
            {
                order.Add(k);
            }
        }

        var positions = order.ToArray();
        var keys = new double[positions.Length];
        for (var k = 0; k < positions.Length; k++)
        {
            keys[k] = network[positions[k]];
        }

        Array.Sort(keys, positions);
        Array.Fill(network, 0.0);
        var maximum = 0.0;
        var start = 0;
        while (start < keys.Length)
        {
            var end = start + 1;
            while (end < keys.Length && keys[end] == keys[start])
            {
                end++;
            }

            var rank = (start + end + 1) / 2.0;
            for (var k = start; k < end; k++)
            {
                network[positions[k]] = rank;
            }

            maximum = rank;
            start = end;
        }

        var votes = new double[n * groupCount];
        Parallel.For(0, n, i =>
        {
            var row = network.AsSpan((int)((long)i * n), n);
            var degree = 0.0;
            var vote = votes.AsSpan(i * groupCount, groupCount);
            for (var j = 0; j < n; j++)
            {
                var value = row[j] / maximum;
                degree += value;
                vote[groupOfCell[j]] += value;
            }

            if (nodeDegreeNormalization)
            {
                for (var g = 0; g < groupCount; g++)
                {
                    vote[g] /= degree;
                }
            }
        });
        return votes;
    }

    /// <summary>
    /// The votes of every group for every cell without the network (<c>MetaNeighborUSLowMem</c>): (x·centroid_g + n_g) /
    /// (x·centroid_dataset(g) + n_dataset(g)), cells × groups, row-major.
    /// </summary>
    /// <param name="normalized">Rows from <see cref="NormalizeRows"/>.</param>
    /// <param name="columns">Genes.</param>
    /// <param name="groupOfCell">The group of each cell.</param>
    /// <param name="datasetOfGroup">The dataset of each group.</param>
    /// <param name="nodeDegreeNormalization">Shift by +1 and divide by the node degree per training dataset.</param>
    public static double[] CentroidVotes(double[] normalized, int columns, int[] groupOfCell, int[] datasetOfGroup, bool nodeDegreeNormalization = true)
    {
        ArgumentNullException.ThrowIfNull(normalized);
        ArgumentNullException.ThrowIfNull(groupOfCell);
        ArgumentNullException.ThrowIfNull(datasetOfGroup);
        var n = groupOfCell.Length;
        var groups = datasetOfGroup.Length;
        var datasets = datasetOfGroup.Max() + 1;
        var centroids = new double[groups * columns];
        var groupSizes = new double[groups];
        for (var cell = 0; cell < n; cell++)
        {
            var row = normalized.AsSpan(cell * columns, columns);
            if (double.IsNaN(row[0]))
            {
                continue;
            }

            TensorPrimitives.Add(centroids.AsSpan(groupOfCell[cell] * columns, columns), row, centroids.AsSpan(groupOfCell[cell] * columns, columns));
            groupSizes[groupOfCell[cell]]++;
        }

        var datasetCentroids = new double[datasets * columns];
        var datasetSizes = new double[datasets];
        for (var g = 0; g < groups; g++)
        {
            var target = datasetCentroids.AsSpan(datasetOfGroup[g] * columns, columns);
            TensorPrimitives.Add(target, centroids.AsSpan(g * columns, columns), target);
            datasetSizes[datasetOfGroup[g]] += groupSizes[g];
        }

        var votes = new double[n * groups];
        Parallel.For(0, n, cell =>
        {
            var row = normalized.AsSpan(cell * columns, columns);
            var vote = votes.AsSpan(cell * groups, groups);
            if (double.IsNaN(row[0]))
            {
                vote.Fill(double.NaN);
                return;
            }

            var degree = new double[datasets];
            for (var d = 0; d < datasets; d++)
            {
                degree[d] = TensorPrimitives.Dot(row, datasetCentroids.AsSpan(d * columns, columns)) + datasetSizes[d];
            }

            for (var g = 0; g < groups; g++)
            {
                var dot = TensorPrimitives.Dot(row, centroids.AsSpan(g * columns, columns));
                vote[g] = nodeDegreeNormalization ? (dot + groupSizes[g]) / degree[datasetOfGroup[g]] : dot;
            }
        });
        return votes;
    }

    /// <summary>
    /// One-versus-rest AUROCs, groups × groups row-major: entry (i, j) is the AUROC of group j's votes for separating
    /// test group i from the other cells of i's dataset (rows test, columns training, as MetaNeighbor with
    /// <c>symmetric_output = FALSE</c>).
    /// </summary>
    /// <param name="votes">Cells × groups from <see cref="NetworkVotes"/> or <see cref="CentroidVotes"/>.</param>
    /// <param name="groupOfCell">The group of each cell.</param>
    /// <param name="datasetOfGroup">The dataset of each group.</param>
    public static double[] Aurocs(double[] votes, int[] groupOfCell, int[] datasetOfGroup)
    {
        ArgumentNullException.ThrowIfNull(votes);
        ArgumentNullException.ThrowIfNull(groupOfCell);
        ArgumentNullException.ThrowIfNull(datasetOfGroup);
        var groups = datasetOfGroup.Length;
        var result = new double[groups * groups];
        var datasets = datasetOfGroup.Max() + 1;
        for (var d = 0; d < datasets; d++)
        {
            var cells = Enumerable.Range(0, groupOfCell.Length).Where(c => datasetOfGroup[groupOfCell[c]] == d && !double.IsNaN(votes[c * groups])).ToArray();
            var testGroups = Enumerable.Range(0, groups).Where(g => datasetOfGroup[g] == d).ToArray();
            Parallel.For(0, groups, j =>
            {
                var scores = cells.Select(c => Math.Abs(votes[(c * groups) + j])).ToArray();
                var ranks = new double[scores.Length];
                Ranks.Average(scores, ranks);
                foreach (var i in testGroups)
                {
                    var (positives, sum) = (0, 0.0);
                    for (var k = 0; k < cells.Length; k++)
                    {
                        if (groupOfCell[cells[k]] == i)
                        {
                            positives++;
                            sum += ranks[k];
                        }
                    }

                    var negatives = cells.Length - positives;
                    result[(i * groups) + j] = positives == 0 || negatives == 0 ? double.NaN : ((sum / positives) - ((positives + 1) / 2.0)) / negatives;
                }
            });
        }

        return result;
    }

    /// <summary>
    /// MetaNeighbor's one-versus-best AUROCs (<c>one_vs_best = TRUE</c>, <c>compute_1v1_aurocs</c>): for each training
    /// group j and each test dataset, the best-scoring test group (by one-versus-rest AUROC, top five contenders) gets
    /// the AUROC of j's votes for separating its cells from those of the runner-up, the runner-up gets 1 − that, every
    /// other entry is NaN. Groups × groups, rows test, columns training.
    /// </summary>
    /// <param name="votes">Cells × groups.</param>
    /// <param name="aurocs">From <see cref="Aurocs"/>.</param>
    /// <param name="groupOfCell">The group of each cell.</param>
    /// <param name="datasetOfGroup">The dataset of each group.</param>
    public static double[] OneVersusBest(double[] votes, double[] aurocs, int[] groupOfCell, int[] datasetOfGroup)
    {
        ArgumentNullException.ThrowIfNull(votes);
        ArgumentNullException.ThrowIfNull(aurocs);
        ArgumentNullException.ThrowIfNull(groupOfCell);
        ArgumentNullException.ThrowIfNull(datasetOfGroup);
        var groups = datasetOfGroup.Length;
        var result = new double[groups * groups];
        Array.Fill(result, double.NaN);
        var datasets = datasetOfGroup.Max() + 1;
        for (var d = 0; d < datasets; d++)
        {
            var testGroups = Enumerable.Range(0, groups).Where(g => datasetOfGroup[g] == d).ToArray();
            if (testGroups.Length < 2)
            {
                continue;
            }

            for (var j = 0; j < groups; j++)
            {
                var candidates = testGroups.OrderByDescending(i => aurocs[(i * groups) + j]).ThenBy(i => i).Take(5).ToArray();
                var best = candidates[0];
                var second = candidates[1];
                var score = 1.0;
                for (var c = 1; c < candidates.Length; c++)
                {
                    var contender = candidates[c];
                    var auroc = PairAuroc(votes, groupOfCell, groups, j, best, contender);
                    if (auroc > 0.5)
                    {
                        if (auroc < score)
                        {
                            score = auroc;
                            second = contender;
                        }
                    }
                    else
                    {
                        second = best;
                        best = contender;
                        score = 1 - auroc;
                    }
                }

                result[(best * groups) + j] = score;
                result[(second * groups) + j] = 1 - score;
            }
        }

        return result;
    }

    private static double PairAuroc(double[] votes, int[] groupOfCell, int groups, int column, int positive, int negative)
    {
        var scores = new List<double>();
        var isPositive = new List<bool>();
        for (var c = 0; c < groupOfCell.Length; c++)
        {
            if ((groupOfCell[c] == positive || groupOfCell[c] == negative) && !double.IsNaN(votes[(c * groups) + column]))
            {
                scores.Add(votes[(c * groups) + column]);
                isPositive.Add(groupOfCell[c] == positive);
            }
        }

        return Ranks.Auroc(scores.ToArray(), isPositive.ToArray());
    }
}
