namespace PllmML.Evaluation.Tests;

/// <summary>
/// The Louvain clustering as it was before it was made faster for a million cells (issue #18), kept verbatim as the
/// reference the faster one must equal bit for bit.
/// Louvain community detection (Blondel et al. 2008) maximising modularity with a resolution γ:
/// Q = Σ_c [ Σ_in,c / 2m − γ (Σ_tot,c / 2m)² ]. Local moving in a seeded random node order until no node moves,
/// then aggregation of communities into nodes, repeated until a level changes nothing.
/// </summary>
internal static class LouvainReference
{
    /// <summary>Clusters the graph.</summary>
    /// <param name="graph">A symmetric weighted graph.</param>
    /// <param name="resolution">γ; larger gives more, smaller communities.</param>
    /// <param name="seed">Seed of the node order.</param>
    /// <returns>A community code per node, numbered 0… in order of first appearance.</returns>
    public static int[] Cluster(WeightedGraph graph, double resolution, int seed = 0)
    {
        ArgumentNullException.ThrowIfNull(graph);
        var random = new Random(seed);
        var membership = Enumerable.Range(0, graph.NodeCount).ToArray();
        var level = graph;
        while (true)
        {
            var communities = MoveNodes(level, resolution, random);
            var count = Renumber(communities);
            for (var i = 0; i < membership.Length; i++)
            {
                membership[i] = communities[membership[i]];
            }

            if (count == level.NodeCount)
            {
                break;
            }

            level = Aggregate(level, communities, count);
        }

        Renumber(membership);
        return membership;
    }

    /// <summary>The modularity of a partition with resolution γ.</summary>
    /// <param name="graph">A symmetric weighted graph.</param>
    /// <param name="communities">Community code per node.</param>
    /// <param name="resolution">γ.</param>
    public static double Modularity(WeightedGraph graph, IReadOnlyList<int> communities, double resolution)
    {
        ArgumentNullException.ThrowIfNull(graph);
        ArgumentNullException.ThrowIfNull(communities);
        var inside = new Dictionary<int, double>();
        var total = new Dictionary<int, double>();
        var twoM = 0.0;
        for (var node = 0; node < graph.NodeCount; node++)
        {
            for (var e = graph.Offsets[node]; e < graph.Offsets[node + 1]; e++)
            {
                var w = graph.Weights[e];
                twoM += w;
                total[communities[node]] = total.GetValueOrDefault(communities[node]) + w;
                if (communities[graph.Targets[e]] == communities[node])
                {
                    inside[communities[node]] = inside.GetValueOrDefault(communities[node]) + w;
                }
            }
        }

        return total.Keys.Sum(c => (inside.GetValueOrDefault(c) / twoM) - (resolution * Math.Pow(total[c] / twoM, 2)));
    }

    private static int[] MoveNodes(WeightedGraph graph, double resolution, Random random)
    {
        var n = graph.NodeCount;
        var community = Enumerable.Range(0, n).ToArray();
        var degree = new double[n];
        var selfLoop = new double[n];
        var twoM = 0.0;
        for (var node = 0; node < n; node++)
        {
            for (var e = graph.Offsets[node]; e < graph.Offsets[node + 1]; e++)
            {
                degree[node] += graph.Weights[e];
                if (graph.Targets[e] == node)
                {
                    selfLoop[node] += graph.Weights[e];
                }
            }

            twoM += degree[node];
        }

        var total = (double[])degree.Clone();
        var order = Enumerable.Range(0, n).ToArray();
        random.Shuffle(order);
        var linkWeights = new double[n];
        var touched = new List<int>();
        var moved = true;
        while (moved)
        {
            moved = false;
            foreach (var node in order)
            {
                var own = community[node];
                foreach (var c in touched)
                {
                    linkWeights[c] = 0;
                }

                touched.Clear();
                touched.Add(own);
                for (var e = graph.Offsets[node]; e < graph.Offsets[node + 1]; e++)
                {
                    var target = graph.Targets[e];
                    if (target == node)
                    {
                        continue;
                    }

                    var c = community[target];
                    if (linkWeights[c] == 0)
                    {
                        touched.Add(c);
                    }

                    linkWeights[c] += graph.Weights[e];
                }

                total[own] -= degree[node];
                var best = own;
                var bestGain = linkWeights[own] - (resolution * total[own] * degree[node] / twoM);
                foreach (var c in touched)
                {
                    var gain = linkWeights[c] - (resolution * total[c] * degree[node] / twoM);
                    if (gain > bestGain + 1e-12)
                    {
                        best = c;
                        bestGain = gain;
                    }
                }

                total[best] += degree[node];
                if (best != own)
                {
                    community[node] = best;
                    moved = true;
                }
            }
        }

        return community;
    }

    private static WeightedGraph Aggregate(WeightedGraph graph, int[] communities, int count)
    {
        var edges = new Dictionary<long, double>();
        for (var node = 0; node < graph.NodeCount; node++)
        {
            for (var e = graph.Offsets[node]; e < graph.Offsets[node + 1]; e++)
            {
                var key = ((long)communities[node] * count) + communities[graph.Targets[e]];
                edges[key] = edges.GetValueOrDefault(key) + graph.Weights[e];
            }
        }

        var sorted = edges.OrderBy(p => p.Key).ToArray();
        var offsets = new int[count + 1];
        foreach (var (key, _) in sorted)
        {
            offsets[(int)(key / count) + 1]++;
        }

        for (var i = 0; i < count; i++)
        {
            offsets[i + 1] += offsets[i];
        }

        return new WeightedGraph(offsets, sorted.Select(p => (int)(p.Key % count)).ToArray(), sorted.Select(p => p.Value).ToArray());
    }

    private static int Renumber(int[] codes)
    {
        var map = new Dictionary<int, int>();
        for (var i = 0; i < codes.Length; i++)
        {
            if (!map.TryGetValue(codes[i], out var code))
            {
                code = map.Count;
                map[codes[i]] = code;
            }

            codes[i] = code;
        }

        return map.Count;
    }
}
