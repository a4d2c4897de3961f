namespace PllmML.Evaluation;

/// <summary>Everything an evaluation produced.</summary>
/// <param name="Request">What was evaluated.</param>
/// <param name="Integrated">scib metrics of the integrated embedding.</param>
/// <param name="Baseline">scib metrics of the baseline, when one was given.</param>
/// <param name="Transfers">Label transfer between every ordered pair of batches, on the integrated embedding.</param>
/// <param name="BaselineTransfers">The same on the baseline.</param>
/// <param name="Pictures">PNG pictures by file name (e.g. <c>umap_species.png</c>).</param>
/// <param name="Timings">Seconds per step.</param>
public sealed record EvaluationResult(
    EvaluationRequest Request,
    ScibReport Integrated,
    ScibReport? Baseline,
    IReadOnlyList<LabelTransferResult> Transfers,
    IReadOnlyList<LabelTransferResult> BaselineTransfers,
    IReadOnlyDictionary<string, byte[]> Pictures,
    IReadOnlyDictionary<string, double> Timings)
{
    /// <summary>Label transfer by the request's trained classifier, one result per batch it was not trained on.</summary>
    public IReadOnlyList<LabelTransferResult> ClassifierTransfers { get; init; } = [];

    /// <summary>The abstention scores of <see cref="EvaluationRequest.Calls"/>; null when none were given.</summary>
    public AbstentionResult? Abstention { get; init; }

    /// <summary>
    /// Every integration method fitted on the same cells, evaluated the same way, side by side (this result's method
    /// among them, marked <see cref="MethodEvaluation.Primary"/>); empty when the run compared none.
    /// </summary>
    public IReadOnlyList<MethodEvaluation> Methods { get; init; } = [];
}
