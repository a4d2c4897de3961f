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
    public static double[] PerLabel(EvaluationInput input)
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

            scores[label] = Silhouette.Samples(input.Values, input.Dimensions, rows, batches).Average(s => 1 - Math.Abs(s));
        }

        return scores;
    }

    /// <summary>The mean over scored cell types; NaN when no cell type has two batches.</summary>
    /// <param name="input">Embedding, cell types, batches.</param>
    public static double Score(EvaluationInput input)
    {
        var scored = PerLabel(input).Where(double.IsFinite).ToArray();
        return scored.Length == 0 ? double.NaN : scored.Average();
    }
}
