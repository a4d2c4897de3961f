using PllmML.Kernels.Neighbors;

namespace PllmML.Comparative;

/// <summary>
/// SAMap's cell-type alignment score (<c>get_mapping_scores</c>) from the integrated embedding: each cell's k nearest
/// neighbours among the other species' cells; the share of them in each of that species' types, averaged over the cells
/// of a type; symmetrised by the maximum of the two directions. In [0, 1]; within-species scores are not defined.
/// </summary>
public static class AlignmentScore
{
    /// <summary>The types × types score between two species.</summary>
    /// <param name="embedding">Cells × dimensions, row-major, all cells.</param>
    /// <param name="dimensions">Columns of the embedding.</param>
    /// <param name="speciesA">Rows: the species, its cells (rows of the embedding), their types and the types in order.</param>
    /// <param name="speciesB">Columns: likewise.</param>
    /// <param name="neighbors">k (at most the smaller species' cells).</param>
    /// <param name="neighborSearch">The kNN search; <see cref="NeighborSearches.Cpu"/> when null.</param>
    public static CellTypeSimilarity Compute(
        double[] embedding,
        int dimensions,
        (string Species, int[] Cells, string[] Labels, IReadOnlyList<string> Types) speciesA,
        (string Species, int[] Cells, string[] Labels, IReadOnlyList<string> Types) speciesB,
        int neighbors,
        INeighborSearch? neighborSearch = null)
    {
        ArgumentNullException.ThrowIfNull(embedding);
        var search = neighborSearch ?? NeighborSearches.Cpu;
        var k = Math.Min(neighbors, Math.Min(speciesA.Cells.Length, speciesB.Cells.Length));
        var ab = Directed(embedding, dimensions, speciesA, speciesB, k, search);
        var ba = Directed(embedding, dimensions, speciesB, speciesA, k, search);
        var (rows, columns) = (speciesA.Types.Count, speciesB.Types.Count);
        var values = new double[rows * columns];
        for (var r = 0; r < rows; r++)
        {
            for (var c = 0; c < columns; c++)
            {
                values[(r * columns) + c] = Math.Max(ab[(r * columns) + c], ba[(c * rows) + r]);
            }
        }

        return new CellTypeSimilarity($"alignment score (SAMap-style, k = {k} cross-species neighbours)", speciesA.Species, speciesB.Species, speciesA.Types, speciesB.Types, values);
    }

    private static double[] Directed(
        double[] embedding,
        int dimensions,
        (string Species, int[] Cells, string[] Labels, IReadOnlyList<string> Types) query,
        (string Species, int[] Cells, string[] Labels, IReadOnlyList<string> Types) reference,
        int k,
        INeighborSearch search)
    {
        var graph = search.Query(embedding, dimensions, query.Cells, reference.Cells, k, excludeSelf: false);
        var referenceType = reference.Labels.Select(label => IndexOf(reference.Types, label)).ToArray();
        var (rows, columns) = (query.Types.Count, reference.Types.Count);
        var sums = new double[rows * columns];
        var counts = new int[rows];
        for (var q = 0; q < query.Cells.Length; q++)
        {
            var row = IndexOf(query.Types, query.Labels[q]);
            if (row < 0)
            {
                continue;
            }

            counts[row]++;
            foreach (var neighbor in graph.NeighborsOf(q))
            {
                var column = referenceType[neighbor];
                if (column >= 0)
                {
                    sums[(row * columns) + column]++;
                }
            }
        }

        for (var r = 0; r < rows; r++)
        {
            for (var c = 0; c < columns; c++)
            {
                sums[(r * columns) + c] = counts[r] == 0 ? double.NaN : sums[(r * columns) + c] / ((double)counts[r] * k);
            }
        }

        return sums;
    }

    private static int IndexOf(IReadOnlyList<string> types, string label)
    {
        for (var i = 0; i < types.Count; i++)
        {
            if (string.Equals(types[i], label, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return -1;
    }
}
