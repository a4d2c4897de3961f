using PllmML.Kernels.Neighbors;

namespace PllmML.Evaluation;

/// <summary>
/// UMAP's fuzzy simplicial set (McInnes et al. 2018; umap-learn <c>fuzzy_simplicial_set</c>) from a kNN graph:
/// ρᵢ = distance to the nearest neighbour, σᵢ by binary search so that Σⱼ exp(−max(0, dᵢⱼ − ρᵢ)/σᵢ) = log₂(k + 1)
/// (umap-learn counts the cell itself among its k + 1 neighbours), wᵢⱼ = exp(−max(0, dᵢⱼ − ρᵢ)/σᵢ), then the fuzzy
/// union w + wᵀ − w∘wᵀ. This is also scanpy's <c>connectivities</c>, the graph scib clusters.
/// </summary>
public static class FuzzySimplicialSet
{
    /// <summary>The symmetric connectivity graph.</summary>
    /// <param name="graph">The kNN graph (self excluded).</param>
    public static WeightedGraph Build(NeighborGraph graph)
    {
        ArgumentNullException.ThrowIfNull(graph);
        var k = graph.NeighborCount;
        var target = Math.Log2(k + 1);
        var meanAll = graph.Distances.Average();
        var directed = new (int, int, double)[graph.CellCount * k];
        Parallel.For(0, graph.CellCount, cell =>
        {
            var distances = graph.DistancesOf(cell);
            var rho = 0.0;
            foreach (var d in distances)
            {
                if (d > 0)
                {
                    rho = d;
                    break;
                }
            }

            var sigma = Sigma(distances, rho, target);
            var meanOwn = 0.0;
            foreach (var d in distances)
            {
                meanOwn += d;
            }

            meanOwn /= k;
            sigma = Math.Max(sigma, 1e-3 * (rho > 0 ? meanOwn : meanAll));
            var neighbors = graph.NeighborsOf(cell);
            for (var j = 0; j < k; j++)
            {
                var excess = distances[j] - rho;
                var weight = excess <= 0 ? 1.0 : Math.Exp(-excess / sigma);
                directed[(cell * k) + j] = (cell, neighbors[j], weight);
            }
        });
        return WeightedGraph.Symmetrise(graph.CellCount, directed, (a, b) => a + b - (a * b));
    }

    private static double Sigma(ReadOnlySpan<double> distances, double rho, double target)
    {
        var low = 0.0;
        var high = double.PositiveInfinity;
        var mid = 1.0;
        for (var step = 0; step < 64; step++)
        {
            var sum = 0.0;
            foreach (var d in distances)
            {
                var excess = d - rho;
                sum += excess > 0 ? Math.Exp(-excess / mid) : 1.0;
            }

            if (Math.Abs(sum - target) < 1e-5)
            {
                break;
            }

            if (sum > target)
            {
                high = mid;
                mid = (low + high) / 2;
            }
            else
            {
                low = mid;
                mid = double.IsPositiveInfinity(high) ? mid * 2 : (low + high) / 2;
            }
        }

        return mid;
    }
}
