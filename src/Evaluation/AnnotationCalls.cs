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
}
