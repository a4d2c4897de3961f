namespace PllmML.Evaluation;

/// <summary>
/// scib-metrics' isolated-label score (ASW version, <c>isolated_labels</c>): the cell types present in the fewest
/// batches are "isolated"; for each, the mean of its cells' scaled silhouette ((s + 1) / 2, silhouette against all
/// cell types); the mean over isolated types. When every type is in every batch, every type counts as isolated.
/// </summary>
public static class IsolatedLabels
{
    /// <summary>The cell types present in the fewest batches.</summary>
    /// <param name="labels">Cell types.</param>
    /// <param name="batches">Batches.</param>
    public static int[] Find(LabelCodes labels, LabelCodes batches)
    {
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(batches);
        var batchSets = Enumerable.Range(0, labels.Count).Select(_ => new HashSet<int>()).ToArray();
        for (var i = 0; i < labels.Length; i++)
        {
            batchSets[labels.Codes[i]].Add(batches.Codes[i]);
        }

        var fewest = batchSets.Min(s => s.Count);
        return Enumerable.Range(0, labels.Count).Where(l => batchSets[l].Count <= fewest).ToArray();
    }

    /// <summary>The isolated-label score from per-cell label silhouettes.</summary>
    /// <param name="labelSilhouettes">Raw silhouette of every cell against the cell types.</param>
    /// <param name="labels">Cell types.</param>
    /// <param name="batches">Batches.</param>
    public static double Score(IReadOnlyList<double> labelSilhouettes, LabelCodes labels, LabelCodes batches)
    {
        ArgumentNullException.ThrowIfNull(labelSilhouettes);
        ArgumentNullException.ThrowIfNull(labels);
        return Find(labels, batches)
            .Select(l => Enumerable.Range(0, labels.Length).Where(i => labels.Codes[i] == l).Average(i => (labelSilhouettes[i] + 1) / 2))
            .Average();
    }

    /// <summary>
    /// <see cref="Score(IReadOnlyList{double}, LabelCodes, LabelCodes)"/> estimated from the exact label silhouettes of a
    /// sample of cells drawn uniformly within each cell type (<see cref="Silhouette.StratifiedSample"/>): per isolated type,
    /// the mean scaled width over its sampled cells.
    /// </summary>
    /// <param name="sampled">The sampled cells.</param>
    /// <param name="widths">Their raw silhouettes against the cell types.</param>
    /// <param name="labels">Cell types.</param>
    /// <param name="batches">Batches.</param>
    public static double ScoreFromSample(IReadOnlyList<int> sampled, IReadOnlyList<double> widths, LabelCodes labels, LabelCodes batches)
    {
        ArgumentNullException.ThrowIfNull(sampled);
        ArgumentNullException.ThrowIfNull(widths);
        ArgumentNullException.ThrowIfNull(labels);
        return Find(labels, batches)
            .Select(l => Enumerable.Range(0, sampled.Count).Where(i => labels.Codes[sampled[i]] == l).Average(i => (widths[i] + 1) / 2))
            .Average();
    }

    /// <summary>
    /// scib's F1 version (<c>isolated_labels(cluster=True)</c>): for each isolated type, the best F1 of any cluster
    /// against "is this type", over the clusterings given (scib: the resolutions it searches); mean over the
    /// isolated types.
    /// </summary>
    /// <param name="labels">Cell types.</param>
    /// <param name="batches">Batches.</param>
    /// <param name="clusterings">Cluster codes per cell, one array per clustering tried.</param>
    public static double F1Score(LabelCodes labels, LabelCodes batches, IReadOnlyList<IReadOnlyList<int>> clusterings)
    {
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(clusterings);
        return Find(labels, batches).Select(label => clusterings.Max(clusters => BestF1(labels, label, clusters))).Average();
    }

    private static double BestF1(LabelCodes labels, int label, IReadOnlyList<int> clusters)
    {
        var clusterSizes = new Dictionary<int, int>();
        var overlap = new Dictionary<int, int>();
        for (var i = 0; i < clusters.Count; i++)
        {
            clusterSizes[clusters[i]] = clusterSizes.GetValueOrDefault(clusters[i]) + 1;
            if (labels.Codes[i] == label)
            {
                overlap[clusters[i]] = overlap.GetValueOrDefault(clusters[i]) + 1;
            }
        }

        var labelSize = labels.Counts[label];
        return clusterSizes.Max(c => 2.0 * overlap.GetValueOrDefault(c.Key) / (labelSize + c.Value));
    }
}
