namespace PllmML.Evaluation;

/// <summary>The outcome of transferring cell types from a reference batch (species) to a query batch.</summary>
/// <param name="ReferenceBatch">The batch trained on.</param>
/// <param name="QueryBatch">The batch predicted.</param>
/// <param name="NeighborCount">k of the kNN classifier.</param>
/// <param name="Accuracy">Fraction of query cells predicted right.</param>
/// <param name="BalancedAccuracy">Mean recall over the query's cell types (sklearn's <c>balanced_accuracy_score</c>).</param>
/// <param name="MacroF1">Unweighted mean F1 over the types in truth or prediction (sklearn, zero division → 0).</param>
/// <param name="RecallPerType">Recall of every cell type of the query.</param>
/// <param name="TypeNames">Row and column names of <see cref="Confusion"/> (all cell types of the input).</param>
/// <param name="Confusion">Counts: row = true type, column = predicted type, row-major types × types.</param>
/// <param name="Predictions">The predicted type of each query cell.</param>
public sealed record LabelTransferResult(
    string ReferenceBatch,
    string QueryBatch,
    int NeighborCount,
    double Accuracy,
    double BalancedAccuracy,
    double MacroF1,
    IReadOnlyDictionary<string, double> RecallPerType,
    IReadOnlyList<string> TypeNames,
    IReadOnlyList<int> Confusion,
    IReadOnlyList<int> Predictions);
