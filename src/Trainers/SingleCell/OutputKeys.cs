namespace PllmML.Trainers.SingleCell;

/// <summary>
/// The AnnData keys that PllmML writes: <see cref="SingleCellModel.Annotate"/> (<c>pllm predict</c>) and
/// <see cref="SingleCellModel.Integrate"/> (<c>integrated.h5ad</c> of <c>pllm run</c>).
/// </summary>
public static class OutputKeys
{
    /// <summary>obsm: the integrated embedding (Harmony on the shared-gene PCA).</summary>
    public const string IntegratedEmbedding = "X_pllm";

    /// <summary>obsm: the same PCA before Harmony, the unintegrated baseline.</summary>
    public const string BaselineEmbedding = "X_pca";

    /// <summary>obs: the species of each cell (the batch of the evaluation).</summary>
    public const string Species = "species";

    /// <summary>obs: the predicted cell type.</summary>
    public const string PredictedCellType = "pllm_cell_type";

    /// <summary>obs: the probability of the predicted cell type.</summary>
    public const string Probability = "pllm_probability";

    /// <summary>obs: prefix of the per-type probability columns, <c>pllm_probability_&lt;type&gt;</c>.</summary>
    public const string ProbabilityPrefix = "pllm_probability_";

    /// <summary>obs: the default name of the cell-type label column of the integrated cells.</summary>
    public const string CellType = "cell_type";
}
