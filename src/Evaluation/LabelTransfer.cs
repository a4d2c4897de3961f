using PllmML.Kernels.Neighbors;

namespace PllmML.Evaluation;

/// <summary>
/// Cross-species label transfer with a k-nearest-neighbour classifier, as scikit-learn's
/// <c>KNeighborsClassifier(n_neighbors=k)</c> (uniform votes; a tie goes to the type that sorts first): train on the
/// reference batch's cells, predict the query batch's, and score against the query's own annotation.
/// </summary>
public static class LabelTransfer
{
    /// <summary>The default k (as in the peers' Seurat figures).</summary>
    public const int DefaultNeighborCount = 15;

    /// <summary>Transfers cell types from one batch to another.</summary>
    /// <param name="input">Embedding, cell types, batches.</param>
    /// <param name="referenceBatch">The batch to train on.</param>
    /// <param name="queryBatch">The batch to predict.</param>
    /// <param name="neighborCount">k.</param>
    /// <param name="neighborSearch">The kNN search; <see cref="NeighborSearches.Cpu"/> when null.</param>
    /// <param name="graph">
    /// A neighbour graph of every cell of <paramref name="input"/> already searched on the CPU (the scib metrics' graph), or
    /// null: a query cell with k reference cells among its graph neighbours takes them from it, the others are searched
    /// (<see cref="ExactKnn.QueryWithin"/>: the same neighbours, bit for bit). Used only with the CPU search.
    /// </param>
    /// <exception cref="ArgumentException">A batch name is unknown or the reference has fewer than k cells.</exception>
    public static LabelTransferResult Run(
        EvaluationInput input, string referenceBatch, string queryBatch, int neighborCount = DefaultNeighborCount, INeighborSearch? neighborSearch = null, NeighborGraph? graph = null)
    {
        ArgumentNullException.ThrowIfNull(input);
        var reference = RowsOf(input, referenceBatch);
        var query = RowsOf(input, queryBatch);
        if (reference.Length < neighborCount)
        {
            throw new ArgumentException($"The reference batch '{referenceBatch}' has {reference.Length} cells, fewer than k = {neighborCount}.", nameof(neighborCount));
        }

        var search = neighborSearch ?? NeighborSearches.Cpu;
        var neighbors = graph is not null && search is CpuNeighborSearch && graph.CellCount == input.CellCount
            ? ExactKnn.QueryWithin(input.Values, input.Dimensions, graph, query, reference, neighborCount, excludeSelf: false)
            : search.Query(input.Values, input.Dimensions, query, reference, neighborCount, excludeSelf: false);
        var typeCount = input.Labels.Count;
        var predictions = new int[query.Length];
        var votes = new int[typeCount];
        for (var q = 0; q < query.Length; q++)
        {
            Array.Clear(votes);
            foreach (var neighbor in neighbors.NeighborsOf(q))
            {
                votes[input.Labels.Codes[reference[neighbor]]]++;
            }

            predictions[q] = Array.IndexOf(votes, votes.Max());
        }

        var truth = query.Select(r => input.Labels.Codes[r]).ToArray();
        return Score(input.Labels.Names, truth, predictions, referenceBatch, queryBatch, neighborCount);
    }

    /// <summary>
    /// Scores a trained classifier's predictions as label transfer: for every batch it was not trained on, the
    /// labelled cells' predicted types against their annotated types. <see cref="LabelTransferResult.NeighborCount"/>
    /// is 0 (no neighbours are involved); a predicted type the annotations do not use counts as wrong.
    /// </summary>
    /// <param name="input">Cells with annotated types and batches.</param>
    /// <param name="classifier">The predictions and the batches the classifier learned from.</param>
    /// <exception cref="ArgumentException">The predictions do not cover every cell.</exception>
    public static List<LabelTransferResult> ScoreClassifier(EvaluationInput input, ClassifierPredictions classifier)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(classifier);
        if (classifier.PredictedLabels.Count != input.CellCount)
        {
            throw new ArgumentException(
                $"{classifier.PredictedLabels.Count} predictions for {input.CellCount} cells.", nameof(classifier));
        }

        var typeNames = input.Labels.Names.Concat(classifier.PredictedLabels.OfType<string>())
            .Distinct(StringComparer.Ordinal).ToList();
        var reference = string.Join("+", classifier.TrainedOn);
        var results = new List<LabelTransferResult>();
        foreach (var batch in input.Batches.Names.Where(b => !classifier.TrainedOn.Contains(b, StringComparer.Ordinal)))
        {
            var cells = RowsOf(input, batch).Where(c => classifier.PredictedLabels[c] is not null).ToArray();
            if (cells.Length > 0)
            {
                var truth = cells.Select(c => input.Labels.Codes[c]).ToArray();
                var predictions = cells.Select(c => typeNames.IndexOf(classifier.PredictedLabels[c]!)).ToArray();
                results.Add(Score(typeNames, truth, predictions, reference, batch, 0));
            }
        }

        return results;
    }

    /// <summary>Scores predictions against the truth (codes into <paramref name="typeNames"/>).</summary>
    /// <param name="typeNames">All cell type names.</param>
    /// <param name="truth">True type per cell.</param>
    /// <param name="predictions">Predicted type per cell.</param>
    /// <param name="referenceBatch">The batch trained on.</param>
    /// <param name="queryBatch">The batch predicted.</param>
    /// <param name="neighborCount">k.</param>
    public static LabelTransferResult Score(
        IReadOnlyList<string> typeNames, IReadOnlyList<int> truth, IReadOnlyList<int> predictions, string referenceBatch, string queryBatch, int neighborCount)
    {
        ArgumentNullException.ThrowIfNull(typeNames);
        ArgumentNullException.ThrowIfNull(truth);
        ArgumentNullException.ThrowIfNull(predictions);
        var t = typeNames.Count;
        var confusion = new int[t * t];
        for (var i = 0; i < truth.Count; i++)
        {
            confusion[(truth[i] * t) + predictions[i]]++;
        }

        var correct = Enumerable.Range(0, t).Sum(c => confusion[(c * t) + c]);
        var rowSums = Enumerable.Range(0, t).Select(r => Enumerable.Range(0, t).Sum(c => confusion[(r * t) + c])).ToArray();
        var columnSums = Enumerable.Range(0, t).Select(c => Enumerable.Range(0, t).Sum(r => confusion[(r * t) + c])).ToArray();
        var recall = new Dictionary<string, double>(StringComparer.Ordinal);
        var f1 = new List<double>();
        for (var c = 0; c < t; c++)
        {
            if (rowSums[c] > 0)
            {
                recall[typeNames[c]] = (double)confusion[(c * t) + c] / rowSums[c];
            }

            if (rowSums[c] + columnSums[c] > 0)
            {
                f1.Add(2.0 * confusion[(c * t) + c] / (rowSums[c] + columnSums[c]));
            }
        }

        return new LabelTransferResult(
            referenceBatch, queryBatch, neighborCount, (double)correct / truth.Count, recall.Values.Average(), f1.Average(), recall, typeNames, confusion, [.. predictions]);
    }

    private static int[] RowsOf(EvaluationInput input, string batch)
    {
        var code = input.Batches.Names.ToList().IndexOf(batch);
        if (code < 0)
        {
            throw new ArgumentException($"No batch named '{batch}'; the batches are: {string.Join(", ", input.Batches.Names)}.", nameof(batch));
        }

        return Enumerable.Range(0, input.CellCount).Where(i => input.Batches.Codes[i] == code).ToArray();
    }
}
