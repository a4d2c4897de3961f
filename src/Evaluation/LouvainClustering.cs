using PllmML.Kernels.Memory;

namespace PllmML.Evaluation;

/// <summary>
/// Louvain community detection (Blondel et al. 2008) maximising modularity with a resolution γ:
/// Q = Σ_c [ Σ_in,c / 2m − γ (Σ_tot,c / 2m)² ]. Local moving from a queue of the nodes in a seeded random order until
/// no node can improve the modularity (louvain-igraph's order of visits), then aggregation of communities into nodes,
/// repeated until a level changes nothing.
/// </summary>
public static class LouvainClustering
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

        var order = Enumerable.Range(0, n).ToArray();
        random.Shuffle(order);

        // The moves run on the nodes renumbered in breadth-first order of the graph, so that a node's neighbours and
        // their communities sit near it in memory while the nodes are visited in random order (a million cells: most
        // of the time was cache misses). Every sum and comparison is the same, in the same order; the communities are
        // numbered back at the end.
        var (offsets, targets, weights, newId, oldId) = Renumbered(graph);
        var community = Enumerable.Range(0, n).ToArray();
        var total = new double[n];
        var nodeDegree = new double[n];
        for (var p = 0; p < n; p++)
        {
            nodeDegree[p] = degree[oldId[p]];
            total[p] = nodeDegree[p];
        }

        degree = nodeDegree;
        var linkWeights = new double[n];
        var touched = new int[n + 1];
        var touchedCount = 0;

        // Local moving as louvain-igraph (scanpy's tl.louvain) and the Leiden paper's fast local move do it: a queue
        // that starts with every node in the seeded random order; a node that changes community puts back those of its
        // neighbours that are outside its new community and not queued already. It stops when the queue is empty, i.e.
        // when no node can improve the modularity, as full passes until none moves would, visiting far fewer nodes.
        var queue = new int[n];
        var queued = new bool[n];
        for (var i = 0; i < n; i++)
        {
            queue[i] = newId[order[i]];
            queued[i] = true;
        }

        var (head, length) = (0, n);
        while (length > 0)
        {
            Prefetch(queue, head, length, offsets, targets, weights, degree, community);
            var node = queue[head];
            head = head + 1 == n ? 0 : head + 1;
            length--;
            queued[node] = false;
            var own = community[node];
            for (var t = 0; t < touchedCount; t++)
            {
                linkWeights[touched[t]] = 0;
            }

            // The own community first, then each community in the order its first edge comes (the own one again when
            // an edge leads there: a repeat, harmless, kept so the order of ties is the original one).
            touched[0] = own;
            touchedCount = 1;
            for (var e = offsets[node]; e < offsets[node + 1]; e++)
            {
                var target = targets[e];
                if (target == node)
                {
                    continue;
                }

                var c = community[target];
                if (linkWeights[c] == 0)
                {
                    if (touchedCount == touched.Length)
                    {
                        Array.Resize(ref touched, touched.Length * 2);
                    }

                    touched[touchedCount++] = c;
                }

                linkWeights[c] += weights[e];
            }

            total[own] -= degree[node];
            var best = own;
            var bestGain = linkWeights[own] - (resolution * total[own] * degree[node] / twoM);
            for (var t = 0; t < touchedCount; t++)
            {
                var c = touched[t];
                var gain = linkWeights[c] - (resolution * total[c] * degree[node] / twoM);
                if (gain > bestGain + 1e-12)
                {
                    best = c;
                    bestGain = gain;
                }
            }

            total[best] += degree[node];
            if (best == own)
            {
                continue;
            }

            community[node] = best;
            for (var e = offsets[node]; e < offsets[node + 1]; e++)
            {
                var target = targets[e];
                if (!queued[target] && community[target] != best)
                {
                    queued[target] = true;
                    var tail = head + length;
                    queue[tail >= n ? tail - n : tail] = target;
                    length++;
                }
            }
        }

        var result = new int[n];
        for (var original = 0; original < n; original++)
        {
            result[original] = oldId[community[newId[original]]];
        }

        return result;
    }

    /// <summary>
    /// Asks for the memory of the nodes visited next (the queue from <paramref name="head"/>), each a step further along:
    /// their row pointers, then their rows and degrees, then their neighbours' communities. A million nodes in random
    /// order otherwise wait on main memory for each of these in turn; the values and the order of every sum are unchanged.
    /// </summary>
    private static void Prefetch(int[] queue, int head, int length, int[] offsets, int[] targets, double[] weights, double[] degree, int[] community)
    {
        const int PointersAhead = 24, RowsAhead = 12, CommunitiesAhead = 4;
        var n = queue.Length;
        int Ahead(int steps) => queue[head + steps < n ? head + steps : head + steps - n];
        if (PointersAhead < length)
        {
            CachePrefetch.Line(offsets, Ahead(PointersAhead));
        }

        if (RowsAhead < length)
        {
            var ahead = Ahead(RowsAhead);
            var (start, end) = (offsets[ahead], offsets[ahead + 1]);
            CachePrefetch.Line(degree, ahead);
            for (var e = start; e < end; e += 16)
            {
                CachePrefetch.Line(targets, e);
            }

            for (var e = start; e < end; e += 8)
            {
                CachePrefetch.Line(weights, e);
            }
        }

        if (CommunitiesAhead < length)
        {
            var ahead = Ahead(CommunitiesAhead);
            var (start, end) = (offsets[ahead], offsets[ahead + 1]);
            if (end > start)
            {
                CachePrefetch.Line(community, targets[start]);
                CachePrefetch.Line(community, targets[end - 1]);
            }
        }
    }

    /// <summary>
    /// The graph with its nodes renumbered in breadth-first order (from node 0, then from each node not yet reached, in
    /// node order; neighbours in edge order), each node's edges kept in their order.
    /// </summary>
    private static (int[] Offsets, int[] Targets, double[] Weights, int[] NewId, int[] OldId) Renumbered(WeightedGraph graph)
    {
        var n = graph.NodeCount;
        var newId = new int[n];
        Array.Fill(newId, -1);
        var oldId = new int[n];
        var next = 0;
        for (var root = 0; root < n; root++)
        {
            if (newId[root] >= 0)
            {
                continue;
            }

            var head = next;
            newId[root] = next;
            oldId[next++] = root;
            while (head < next)
            {
                var node = oldId[head++];
                for (var e = graph.Offsets[node]; e < graph.Offsets[node + 1]; e++)
                {
                    var target = graph.Targets[e];
                    if (newId[target] < 0)
                    {
                        newId[target] = next;
                        oldId[next++] = target;
                    }
                }
            }
        }

        var offsets = new int[n + 1];
        var targets = new int[graph.Targets.Length];
        var weights = new double[graph.Weights.Length];
        for (var p = 0; p < n; p++)
        {
            var node = oldId[p];
            var start = graph.Offsets[node];
            var count = graph.Offsets[node + 1] - start;
            offsets[p + 1] = offsets[p] + count;
            for (var e = 0; e < count; e++)
            {
                targets[offsets[p] + e] = newId[graph.Targets[start + e]];
                weights[offsets[p] + e] = graph.Weights[start + e];
            }
        }

        return (offsets, targets, weights, newId, oldId);
    }

    /// <summary>
    /// The graph of communities: the weight between two communities is the sum of the weights between their nodes, added
    /// in node order, then edge order (each community's nodes are visited in node order, so every sum is added in the
    /// same order as one pass over all nodes would add it); rows and targets in increasing order. O(nodes + edges).
    /// </summary>
    private static WeightedGraph Aggregate(WeightedGraph graph, int[] communities, int count)
    {
        var n = graph.NodeCount;
        var start = new int[count + 1];
        foreach (var c in communities)
        {
            start[c + 1]++;
        }

        for (var c = 0; c < count; c++)
        {
            start[c + 1] += start[c];
        }

        var members = new int[n];
        var fill = (int[])start.Clone();
        for (var node = 0; node < n; node++)
        {
            members[fill[communities[node]]++] = node;
        }

        var sums = new double[count];
        var seen = new int[count];
        Array.Fill(seen, -1);
        var touched = new List<int>();
        var offsets = new int[count + 1];
        var targets = new List<int>();
        var weights = new List<double>();
        for (var c = 0; c < count; c++)
        {
            touched.Clear();
            for (var m = start[c]; m < start[c + 1]; m++)
            {
                var node = members[m];
                for (var e = graph.Offsets[node]; e < graph.Offsets[node + 1]; e++)
                {
                    var target = communities[graph.Targets[e]];
                    if (seen[target] != c)
                    {
                        seen[target] = c;
                        sums[target] = 0;
                        touched.Add(target);
                    }

                    sums[target] += graph.Weights[e];
                }
            }

            touched.Sort();
            foreach (var target in touched)
            {
                targets.Add(target);
                weights.Add(sums[target]);
            }

            offsets[c + 1] = targets.Count;
        }

        return new WeightedGraph(offsets, [.. targets], [.. weights]);
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
