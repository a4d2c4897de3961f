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
        ArgumentNullException.ThrowIfNull(graph);
        ArgumentNullException.ThrowIfNull(categories);
        var lisi = new double[graph.CellCount];
        Parallel.For(0, graph.CellCount, () => (new double[graph.NeighborCount], new double[graph.NeighborCount], new double[categories.Count]), (cell, _, buffers) =>
        {
            var (squared, weights, sums) = buffers;
            var distances = graph.DistancesOf(cell);
            for (var j = 0; j < squared.Length; j++)
            {
                squared[j] = distances[j] * distances[j];
            }

            var entropy = NeighborWeights(squared, perplexity, weights);
            if (entropy == 0)
            {
                lisi[cell] = 1.0;
                return buffers;
            }

            Array.Clear(sums);
            var neighbors = graph.NeighborsOf(cell);
            for (var j = 0; j < neighbors.Length; j++)
            {
                sums[categories.Codes[neighbors[j]]] += weights[j];
            }

            var simpson = 0.0;
            foreach (var s in sums)
            {
                simpson += s * s;
            }

            lisi[cell] = 1.0 / simpson;
            return buffers;
        }, _ => { });
        return lisi;
    }

    /// <summary>iLISI as scib: (median LISI over batches − 1) / (batches − 1).</summary>
    /// <param name="graph">Neighbours (scib: 89 others).</param>
    /// <param name="batches">Batch of every cell; at least 2 batches.</param>
    /// <param name="perplexity">Perplexity.</param>
    public static double IntegrationScore(NeighborGraph graph, LabelCodes batches, double perplexity = DefaultPerplexity)
    {
        ArgumentNullException.ThrowIfNull(batches);
        return (Median(PerCell(graph, batches, perplexity)) - 1) / (batches.Count - 1);
    }

    /// <summary>cLISI as scib: (labels − median LISI over cell types) / (labels − 1).</summary>
    /// <param name="graph">Neighbours (scib: 89 others).</param>
    /// <param name="labels">Cell type of every cell; at least 2 types.</param>
    /// <param name="perplexity">Perplexity.</param>
    public static double ConservationScore(NeighborGraph graph, LabelCodes labels, double perplexity = DefaultPerplexity)
    {
        ArgumentNullException.ThrowIfNull(labels);
        return (labels.Count - Median(PerCell(graph, labels, perplexity))) / (labels.Count - 1);
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
