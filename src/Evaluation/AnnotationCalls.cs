namespace PllmML.Evaluation;

/// <summary>
/// A labelled query's calls by a calibrated model (obs <c>pllm_cell_type</c>, <c>pllm_best_cell_type</c>,
/// <c>pllm_confidence</c>), to score abstention: cells of types the model was trained on should keep the right label,
/// the others should come out <see cref="Unknown"/>.
/// </summary>
/// <param name="Truth">Each cell's annotated type.</param>
/// <param name="Calls">Each cell's call (a type or <see cref="Unknown"/>).</param>
/// <param name="Confidence">Each cell's probability of its most probable type.</param>
/// <param name="BestTypes">Each cell's most probable type (what the confidence is the probability of).</param>
/// <param name="TrainedTypes">The types the model was trained on.</param>
public sealed record AnnotationCalls(
    IReadOnlyList<string> Truth, IReadOnlyList<string> Calls, IReadOnlyList<double> Confidence, IReadOnlyList<string> BestTypes, IReadOnlySet<string> TrainedTypes)
{
    /// <summary>The call of a cell of no trained type.</summary>
    public const string Unknown = "unknown";

    /// <summary>
    /// The calls of the cells of every batch the model was not trained on, read from obs <c>pllm_cell_type</c>,
    /// <c>pllm_best_cell_type</c> and <c>pllm_confidence</c>; the trained types are the labels of the trained batches'
    /// cells. Null when the cells carry no calls (an uncalibrated model's output, or another tool's) or no query cell.
    /// </summary>
    /// <param name="cells">The cells.</param>
    /// <param name="labelKey">The obs column with the annotated types.</param>
    /// <param name="batchKey">The obs column with the batch (species).</param>
    /// <param name="trainedOn">The batches whose labels trained the model.</param>
    public static AnnotationCalls? FromCells(PllmML.Data.CellMatrix cells, string labelKey, string batchKey, IReadOnlyList<string> trainedOn)
    {
        ArgumentNullException.ThrowIfNull(cells);
        ArgumentNullException.ThrowIfNull(trainedOn);
        if (!cells.Obs.TryGetColumn(labelKey, out var truth) || !cells.Obs.TryGetColumn(batchKey, out var batch)
            || !cells.Obs.TryGetColumn("pllm_cell_type", out var call) || !cells.Obs.TryGetColumn("pllm_best_cell_type", out var best)
            || !cells.Obs.TryGetColumn("pllm_confidence", out var confidence))
        {
            return null;
        }

        var all = Enumerable.Range(0, cells.CellCount).ToArray();
        var trained = all.Where(cell => trainedOn.Contains(batch.FormatValue(cell))).Select(cell => truth.FormatValue(cell)).ToHashSet(StringComparer.Ordinal);
        var query = all.Where(cell => !trainedOn.Contains(batch.FormatValue(cell)) && truth.FormatValue(cell).Length > 0).ToArray();
        return query.Length == 0 ? null : new AnnotationCalls(
            [.. query.Select(cell => truth.FormatValue(cell))], [.. query.Select(cell => call.FormatValue(cell))],
            [.. query.Select(cell => double.Parse(confidence.FormatValue(cell), System.Globalization.CultureInfo.InvariantCulture))],
            [.. query.Select(cell => best.FormatValue(cell))], trained);
    }
}
