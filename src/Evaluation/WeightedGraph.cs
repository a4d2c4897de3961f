namespace PllmML.Evaluation;

/// <summary>An undirected weighted graph in compressed sparse rows (each edge stored in both rows; no self loops).</summary>
public sealed class WeightedGraph
{
    /// <summary>Creates the graph from CSR arrays.</summary>
    /// <param name="offsets">Row offsets, length nodes + 1.</param>
    /// <param name="targets">Neighbour of each entry.</param>
    /// <param name="weights">Weight of each entry.</param>
    public WeightedGraph(int[] offsets, int[] targets, double[] weights)
    {
        ArgumentNullException.ThrowIfNull(offsets);
        ArgumentNullException.ThrowIfNull(targets);
        ArgumentNullException.ThrowIfNull(weights);
        Offsets = offsets;
        Targets = targets;
        Weights = weights;
    }

    /// <summary>Number of nodes.</summary>
    public int NodeCount => Offsets.Length - 1;

    /// <summary>Row offsets.</summary>
    internal int[] Offsets { get; }

    /// <summary>Entry targets.</summary>
    internal int[] Targets { get; }

    /// <summary>Entry weights.</summary>
    internal double[] Weights { get; }

    /// <summary>The edges of one node as (neighbour, weight).</summary>
    /// <param name="node">The node.</param>
    public IEnumerable<(int Neighbor, double Weight)> EdgesOf(int node)
    {
        for (var e = Offsets[node]; e < Offsets[node + 1]; e++)
        {
            yield return (Targets[e], Weights[e]);
        }
    }

    /// <summary>Builds a symmetric graph from directed weighted entries, combining both directions with <paramref name="combine"/>(w_ij, w_ji) (a missing direction counts 0).</summary>
    internal static WeightedGraph Symmetrise(int nodeCount, IReadOnlyList<(int From, int To, double Weight)> directed, Func<double, double, double> combine)
    {
        var forward = new Dictionary<long, double>(directed.Count);
        foreach (var (from, to, weight) in directed)
        {
            if (from != to)
            {
                forward[((long)from * nodeCount) + to] = weight;
            }
        }

        var entries = new List<(int From, int To, double Weight)>(forward.Count * 2);
        foreach (var (key, weight) in forward)
        {
            var from = (int)(key / nodeCount);
            var to = (int)(key % nodeCount);
            var reverse = forward.GetValueOrDefault(((long)to * nodeCount) + from);
            if (reverse != 0 && to < from)
            {
                continue; // the pair was handled from the other side
            }

            var combined = combine(weight, reverse);
            if (combined > 0)
            {
                entries.Add((from, to, combined));
                entries.Add((to, from, combined));
            }
        }

        entries.Sort((x, y) => x.From != y.From ? x.From.CompareTo(y.From) : x.To.CompareTo(y.To));
        var offsets = new int[nodeCount + 1];
        foreach (var entry in entries)
        {
            offsets[entry.From + 1]++;
        }

        for (var i = 0; i < nodeCount; i++)
        {
            offsets[i + 1] += offsets[i];
        }

        return new WeightedGraph(offsets, entries.Select(e => e.To).ToArray(), entries.Select(e => e.Weight).ToArray());
    }
}
