namespace PllmML.Transforms.SingleCell;

/// <summary>
/// The result of Seurat v3 highly-variable-gene selection, with scanpy's per-gene columns.
/// </summary>
/// <param name="Means">Mean count of each gene per batch (batch-major: batch × genes).</param>
/// <param name="Variances">Variance (ddof 1) of each gene per batch (batch × genes).</param>
/// <param name="VariancesNorm">Mean over batches of the standardised variance (scanpy's <c>variances_norm</c>).</param>
/// <param name="Rank">Median rank over the batches where the gene is in the top n; NaN if in none (<c>highly_variable_rank</c>).</param>
/// <param name="BatchesHighlyVariable">In how many batches the gene is in the top n (<c>highly_variable_nbatches</c>).</param>
/// <param name="Selected">The selected genes' positions, ascending.</param>
public sealed record VariableGeneSelection(
    double[] Means, double[] Variances, double[] VariancesNorm, double[] Rank, int[] BatchesHighlyVariable, int[] Selected);
