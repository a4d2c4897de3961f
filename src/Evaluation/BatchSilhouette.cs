namespace PllmML.Evaluation;

/// <summary>
/// scib's batch ASW (<c>silhouette_batch</c>): within each cell type that has at least two batches and is not one
/// cell per batch, the silhouette of every cell with respect to the batches, scored 1 − |s|; mean per cell type,
/// then mean over the cell types scored.
/// </summary>
public static class BatchSilhouette
{
    /// <summary>The per-type means (NaN for skipped types).</summary>
    /// <param name="input">Embedding, cell types, batches.</param>
    public static double[] PerLabel(EvaluationInput input) => PerLabel(input, int.MaxValue, 1, 0);

    /// <summary>
    /// The per-type means (NaN for skipped types); a type with more than <paramref name="exactLimit"/> cells is scored
    /// from the exact widths (distances to all of the type's cells) of a sample of its cells stratified by batch,
    /// <paramref name="samplePerBatch"/> per batch, the batches weighted by their size (an estimate).
    /// </summary>
    /// <param name="input">Embedding, cell types, batches.</param>
    /// <param name="exactLimit">Types with at most this many cells are computed for every cell.</param>
    /// <param name="samplePerBatch">Sampled cells per batch of a larger type.</param>
    /// <param name="seed">Seed of the samples.</param>
    public static double[] PerLabel(EvaluationInput input, int exactLimit, int samplePerBatch, int seed)
    {
        ArgumentNullException.ThrowIfNull(input);
        var scores = new double[input.Labels.Count];
        for (var label = 0; label < input.Labels.Count; label++)
        {
            var rows = Enumerable.Range(0, input.CellCount).Where(i => input.Labels.Codes[i] == label).ToArray();
            var batches = rows.Select(r => input.Batches.Codes[r]).ToArray();
            var present = batches.Distinct().Count();
            if (present == 1 || present == rows.Length)
            {
                scores[label] = double.NaN;
                continue;
            }

            if (rows.Length <= exactLimit)
            {
                scores[label] = Silhouette.Samples(input.Values, input.Dimensions, rows, batches).Average(s => 1 - Math.Abs(s));
                continue;
            }

            var sampled = Silhouette.StratifiedSample(batches, samplePerBatch, seed + label);
            var widths = Silhouette.Samples(input.Values, input.Dimensions, rows, batches, sampled);
            scores[label] = Silhouette.StratifiedMean(batches, sampled, widths, s => 1 - Math.Abs(s));
        }

        return scores;
    }

    /// <summary>The mean over scored cell types; NaN when no cell type has two batches.</summary>
    /// <param name="input">Embedding, cell types, batches.</param>
    public static double Score(EvaluationInput input) => Score(input, int.MaxValue, 1, 0);

    /// <summary>The mean over scored cell types of <see cref="PerLabel(EvaluationInput, int, int, int)"/>; NaN when none is scored.</summary>
    /// <param name="input">Embedding, cell types, batches.</param>
    /// <param name="exactLimit">Types with at most this many cells are computed for every cell.</param>
    /// <param name="samplePerBatch">Sampled cells per batch of a larger type.</param>
    /// <param name="seed">Seed of the samples.</param>
    public static double Score(EvaluationInput input, int exactLimit, int samplePerBatch, int seed)
    {
        var scored = PerLabel(input, exactLimit, samplePerBatch, seed).Where(double.IsFinite).ToArray();
        return scored.Length == 0 ? double.NaN : scored.Average();
    }
}
