using PllmML.Kernels.Neighbors;

namespace PllmML.Evaluation;

/// <summary>
/// The local inverse Simpson's index (LISI) as scib-metrics computes it (<c>scib_metrics/utils/_lisi.py</c>):
/// over each cell's nearest neighbours (the cell itself excluded), Gaussian weights exp(−β·d²) whose β is
/// binary-searched (start 1, at most 50 steps, tolerance 1e-5) until the weights' entropy equals log(perplexity);
/// LISI = 1 / Σ_c (Σ of weights of neighbours in category c)²; a cell whose final entropy is 0 gets LISI 1.
/// </summary>
public static class Lisi
{
    /// <summary>The default perplexity, scib's: floor(90 / 3).</summary>
    public const double DefaultPerplexity = 30;

    /// <summary>Neighbours that scib-metrics uses (90 including the cell itself, so 89 others).</summary>
    public const int DefaultNeighborCount = 89;

    /// <summary>LISI of every cell.</summary>
    /// <param name="graph">Neighbours of every cell (self excluded).</param>
    /// <param name="categories">The category of every cell (batch for iLISI, cell type for cLISI).</param>
    /// <param name="perplexity">The target perplexity.</param>
    public static double[] PerCell(NeighborGraph graph, LabelCodes categories, double perplexity = DefaultPerplexity)
    {
        ArgumentNullException.ThrowIfNull(categories);
        return PerCell(graph, [categories], perplexity)[0];
    }

    /// <summary>
    /// LISI of every cell under each of several categorisations (cell type and batch: cLISI and iLISI), the neighbour
    /// weights searched once per cell: each array equals <see cref="PerCell(NeighborGraph, LabelCodes, double)"/> of its
    /// categorisation, bit for bit.
    /// </summary>
    /// <param name="graph">Neighbours of every cell (self excluded).</param>
    /// <param name="categorisations">The category of every cell, per categorisation.</param>
    /// <param name="perplexity">The target perplexity.</param>
    /// <returns>One array of per-cell LISI per categorisation, in their order.</returns>
    public static double[][] PerCell(NeighborGraph graph, IReadOnlyList<LabelCodes> categorisations, double perplexity = DefaultPerplexity)
    {
        ArgumentNullException.ThrowIfNull(graph);
        ArgumentNullException.ThrowIfNull(categorisations);
        var lisi = categorisations.Select(_ => new double[graph.CellCount]).ToArray();
        var mostCategories = categorisations.Max(c => c.Count);
        var codes = categorisations.Select(c => c.Codes as int[] ?? c.ToArray()).ToArray();
        Parallel.For(0, graph.CellCount, () => (new double[graph.NeighborCount], new double[graph.NeighborCount], new double[mostCategories]), (cell, _, buffers) =>
        {
            var (squared, weights, sums) = buffers;
            var distances = graph.DistancesOf(cell);
            for (var j = 0; j < squared.Length; j++)
            {
                squared[j] = distances[j] * distances[j];
            }

            var entropy = NeighborWeights(squared, perplexity, weights);
            var neighbors = graph.NeighborsOf(cell);
            for (var c = 0; c < lisi.Length; c++)
            {
                lisi[c][cell] = entropy == 0 ? 1.0 : InverseSimpson(neighbors, weights, codes[c], sums.AsSpan(0, categorisations[c].Count));
            }

            return buffers;
        }, _ => { });
        return lisi;
    }

    /// <summary>iLISI as scib from per-cell LISI over batches: (median − 1) / (batches − 1).</summary>
    /// <param name="perCell">LISI of every cell over batches (<see cref="PerCell(NeighborGraph, LabelCodes, double)"/>).</param>
    /// <param name="batchCount">Batches; at least 2.</param>
    public static double IntegrationScore(IReadOnlyList<double> perCell, int batchCount) => (Median(perCell) - 1) / (batchCount - 1);

    /// <summary>cLISI as scib from per-cell LISI over cell types: (types − median) / (types − 1).</summary>
    /// <param name="perCell">LISI of every cell over cell types (<see cref="PerCell(NeighborGraph, LabelCodes, double)"/>).</param>
    /// <param name="typeCount">Cell types; at least 2.</param>
    public static double ConservationScore(IReadOnlyList<double> perCell, int typeCount) => (typeCount - Median(perCell)) / (typeCount - 1);

    /// <summary>iLISI as scib: (median LISI over batches − 1) / (batches − 1).</summary>
    /// <param name="graph">Neighbours (scib: 89 others).</param>
    /// <param name="batches">Batch of every cell; at least 2 batches.</param>
    /// <param name="perplexity">Perplexity.</param>
    public static double IntegrationScore(NeighborGraph graph, LabelCodes batches, double perplexity = DefaultPerplexity)
    {
        ArgumentNullException.ThrowIfNull(batches);
        return IntegrationScore(PerCell(graph, batches, perplexity), batches.Count);
    }

    /// <summary>cLISI as scib: (labels − median LISI over cell types) / (labels − 1).</summary>
    /// <param name="graph">Neighbours (scib: 89 others).</param>
    /// <param name="labels">Cell type of every cell; at least 2 types.</param>
    /// <param name="perplexity">Perplexity.</param>
    public static double ConservationScore(NeighborGraph graph, LabelCodes labels, double perplexity = DefaultPerplexity)
    {
        ArgumentNullException.ThrowIfNull(labels);
        return ConservationScore(PerCell(graph, labels, perplexity), labels.Count);
    }

    /// <summary>The median (mean of the middle two for an even count), as numpy.</summary>
    /// <param name="values">Values.</param>
    public static double Median(IReadOnlyList<double> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var sorted = values.Order().ToArray();
        var mid = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }

    private static double InverseSimpson(ReadOnlySpan<int> neighbors, double[] weights, int[] codes, Span<double> sums)
    {
        sums.Clear();
        for (var j = 0; j < neighbors.Length; j++)
        {
            sums[codes[neighbors[j]]] += weights[j];
        }

        var simpson = 0.0;
        foreach (var s in sums)
        {
            simpson += s * s;
        }

        return 1.0 / simpson;
    }

    /// <summary>Fills the weights P and returns the entropy H of the final β (scib-metrics' binary search).</summary>
    private static double NeighborWeights(double[] squared, double perplexity, double[] weights)
    {
        var target = Math.Log(perplexity);
        var beta = 1.0;
        var betaMin = double.NegativeInfinity;
        var betaMax = double.PositiveInfinity;
        var entropy = Entropy(squared, beta, weights);
        var difference = entropy - target;
        for (var step = 0; step < 50 && Math.Abs(difference) >= 1e-5; step++)
        {
            if (difference > 0)
            {
                betaMin = beta;
                beta = double.IsPositiveInfinity(betaMax) ? beta * 2 : (beta + betaMax) / 2;
            }
            else
            {
                betaMax = beta;
                beta = double.IsNegativeInfinity(betaMin) ? beta / 2 : (beta + betaMin) / 2;
            }

            entropy = Entropy(squared, beta, weights);
            difference = entropy - target;
        }

        return entropy;
    }

    private static double Entropy(double[] squared, double beta, double[] weights)
    {
        var sum = 0.0;
        var weighted = 0.0;
        for (var j = 0; j < squared.Length; j++)
        {
            weights[j] = Math.Exp(-squared[j] * beta);
            sum += weights[j];
            weighted += squared[j] * weights[j];
        }

        if (sum == 0)
        {
            Array.Clear(weights);
            return 0.0;
        }

        for (var j = 0; j < weights.Length; j++)
        {
            weights[j] /= sum;
        }

        return Math.Log(sum) + (beta * weighted / sum);
    }
}
