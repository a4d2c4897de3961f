using PllmML.Kernels.Neighbors;

namespace PllmML.Evaluation;

/// <summary>
/// scib's graph connectivity: for each cell type, the fraction of its cells in the largest connected component of
/// the kNN graph (edges in either direction) restricted to that type; the mean over types.
/// </summary>
public static class GraphConnectivity
{
    /// <summary>The largest-component fraction of every cell type.</summary>
    /// <param name="graph">The kNN graph (scib-metrics: 15 neighbours).</param>
    /// <param name="labels">Cell types.</param>
    public static double[] PerLabel(NeighborGraph graph, LabelCodes labels)
    {
        ArgumentNullException.ThrowIfNull(graph);
        ArgumentNullException.ThrowIfNull(labels);
        var parent = Enumerable.Range(0, graph.CellCount).ToArray();
        for (var cell = 0; cell < graph.CellCount; cell++)
        {
            foreach (var neighbor in graph.NeighborsOf(cell))
            {
                if (labels.Codes[neighbor] == labels.Codes[cell])
                {
                    Union(parent, cell, neighbor);
                }
            }
        }

        var componentSizes = new Dictionary<int, int>();
        for (var cell = 0; cell < graph.CellCount; cell++)
        {
            var root = Find(parent, cell);
            componentSizes[root] = componentSizes.GetValueOrDefault(root) + 1;
        }

        var largest = new int[labels.Count];
        foreach (var (root, size) in componentSizes)
        {
            var label = labels.Codes[root];
            largest[label] = Math.Max(largest[label], size);
        }

        return Enumerable.Range(0, labels.Count).Select(l => (double)largest[l] / labels.Counts[l]).ToArray();
    }

    /// <summary>The mean over cell types of <see cref="PerLabel"/>.</summary>
    /// <param name="graph">The kNN graph.</param>
    /// <param name="labels">Cell types.</param>
    public static double Score(NeighborGraph graph, LabelCodes labels) => PerLabel(graph, labels).Average();

    private static int Find(int[] parent, int x)
    {
        while (parent[x] != x)
        {
            parent[x] = parent[parent[x]];
            x = parent[x];
        }

        return x;
    }

    private static void Union(int[] parent, int a, int b)
    {
        var ra = Find(parent, a);
        var rb = Find(parent, b);
        if (ra != rb)
        {
            parent[Math.Max(ra, rb)] = Math.Min(ra, rb);
        }
    }
}
