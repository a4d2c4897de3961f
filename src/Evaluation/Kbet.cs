using PllmML.Kernels.Neighbors;

namespace PllmML.Evaluation;

/// <summary>
/// kBET per cell type (Büttner et al. 2019; scib's <c>kBET</c> / scib-metrics' <c>kbet_per_label</c>), in the
/// embedding: for each cell type with at least <see cref="MinimumCells"/> cells and two batches, neighbourhood size
/// k0 = clamp(floor(mean cells per batch / 4), 10, 70), at most cells − 1; each cell's k0 nearest other cells of the
/// same type (exact Euclidean — scib uses diffusion distances on the connectivity graph instead); Pearson's χ² of the
/// neighbours' batch counts against the type's batch frequencies × k0, df = batches of the type − 1; a cell is
/// accepted when the upper-tail p ≥ α. Score of a type = acceptance rate; kBET = mean over scored types.
/// </summary>
public static class Kbet
{
    /// <summary>Cell types with fewer cells are skipped, as scib does.</summary>
    public const int MinimumCells = 10;

    /// <summary>The acceptance rate of each cell type; NaN where the type is skipped (fewer than 10 cells or one batch).</summary>
    /// <param name="input">Embedding, cell types and batches.</param>
    /// <param name="alpha">Significance level (0.05).</param>
    /// <param name="neighborSearch">The kNN search; <see cref="NeighborSearches.Cpu"/> when null.</param>
    /// <param name="graph">
    /// The CPU search's kNN graph of every cell (<see cref="ExactKnn.Search(double[], int, int)"/>), or null: when given,
    /// each type's neighbourhoods are taken from it by <see cref="ExactKnn.SearchWithin"/> (the same neighbours as
    /// searching the type, bit for bit; cells whose graph neighbours hold too few of their type are searched).
    /// </param>
    public static double[] PerLabel(EvaluationInput input, double alpha = 0.05, INeighborSearch? neighborSearch = null, NeighborGraph? graph = null)
    {
        ArgumentNullException.ThrowIfNull(input);
        var search = neighborSearch ?? NeighborSearches.Cpu;
        var scores = new double[input.Labels.Count];
        for (var label = 0; label < input.Labels.Count; label++)
        {
            var rows = Enumerable.Range(0, input.CellCount).Where(i => input.Labels.Codes[i] == label).ToArray();
            scores[label] = ScoreOf(input, rows, alpha, search, graph);
        }

        return scores;
    }

    /// <summary>The mean of <see cref="PerLabel"/> over the scored types; NaN when none is scored.</summary>
    /// <param name="input">Embedding, cell types and batches.</param>
    /// <param name="alpha">Significance level.</param>
    /// <param name="neighborSearch">The kNN search; <see cref="NeighborSearches.Cpu"/> when null.</param>
    /// <param name="graph">The CPU search's kNN graph of every cell, or null (see <see cref="PerLabel"/>).</param>
    public static double Score(EvaluationInput input, double alpha = 0.05, INeighborSearch? neighborSearch = null, NeighborGraph? graph = null)
    {
        var scored = PerLabel(input, alpha, neighborSearch, graph).Where(double.IsFinite).ToArray();
        return scored.Length == 0 ? double.NaN : scored.Average();
    }

    private static double ScoreOf(EvaluationInput input, int[] rows, double alpha, INeighborSearch search, NeighborGraph? allCells)
    {
        var batchCounts = new int[input.Batches.Count];
        foreach (var row in rows)
        {
            batchCounts[input.Batches.Codes[row]]++;
        }

        var present = batchCounts.Count(c => c > 0);
        if (rows.Length < MinimumCells || present < 2)
        {
            return double.NaN;
        }

        var k0 = Math.Clamp((int)Math.Floor((double)rows.Length / present / 4), 10, 70);
        k0 = Math.Min(k0, rows.Length - 1);
        var graph = allCells is null
            ? search.Query(input.Values, input.Dimensions, rows, rows, k0, excludeSelf: true)
            : ExactKnn.SearchWithin(input.Values, input.Dimensions, allCells, rows, k0);
        var accepted = 0;
        var observed = new int[batchCounts.Length];
        for (var cell = 0; cell < rows.Length; cell++)
        {
            Array.Clear(observed);
            foreach (var neighbor in graph.NeighborsOf(cell))
            {
                observed[input.Batches.Codes[rows[neighbor]]]++;
            }

            var statistic = 0.0;
            for (var b = 0; b < batchCounts.Length; b++)
            {
                if (batchCounts[b] > 0)
                {
                    var expected = (double)batchCounts[b] / rows.Length * k0;
                    statistic += (observed[b] - expected) * (observed[b] - expected) / expected;
                }
            }

            if (ChiSquared.UpperTail(statistic, present - 1) >= alpha)
            {
                accepted++;
            }
        }

        return (double)accepted / rows.Length;
    }
}
