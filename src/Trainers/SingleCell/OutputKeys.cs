namespace PllmML.Trainers.SingleCell;

/// <summary>
/// The AnnData keys that PllmML writes: <see cref="SingleCellModel.Annotate(string, PllmML.Data.CellMatrix, PllmML.Data.CellMatrix?)"/> (<c>pllm predict</c>) and
/// <see cref="SingleCellModel.Integrate(IReadOnlyList{SpeciesData}, string)"/> (<c>integrated.h5ad</c> of <c>pllm run</c>).
/// </summary>
public static class OutputKeys
{
    /// <summary>obsm: the integrated embedding (Harmony on the shared-gene PCA).</summary>
    public const string IntegratedEmbedding = "X_pllm";

    /// <summary>obsm: the same PCA before Harmony, the unintegrated baseline.</summary>
    public const string BaselineEmbedding = "X_pca";

    /// <summary>obs: the species of each cell (the batch of the evaluation).</summary>
    public const string Species = "species";

    /// <summary>obs: the call — the predicted cell type, or <c>unknown</c> for a cell of no type the model knows (calibrated models).</summary>
    public const string PredictedCellType = "pllm_cell_type";

    /// <summary>obs: the most probable cell type, whatever the call.</summary>
    public const string BestCellType = "pllm_best_cell_type";

    /// <summary>obs: the conformal prediction set, types joined by <c>|</c>, most probable first (empty: no type fits).</summary>
    public const string PredictionSet = "pllm_prediction_set";

    /// <summary>obs: the second most probable type.</summary>
    public const string RunnerUp = "pllm_runner_up";

    /// <summary>obs: the probability of the most probable type.</summary>
    public const string Confidence = "pllm_confidence";

    /// <summary>obs: the Mahalanobis distance to the most probable type in the integrated space, divided by the query's shift.</summary>
    public const string MappingDistance = "pllm_mapping_distance";

    /// <summary>obs (opt-in majority voting): each cell's over-cluster call, or <c>heterogeneous</c>.</summary>
    public const string MajorityVoting = "pllm_majority_voting";

    /// <summary>obs (opt-in majority voting): each cell's over-cluster in the integrated space.</summary>
    public const string OverClustering = "pllm_over_clustering";

    /// <summary>obs: assigned, ambiguous, unknown, or uncalibrated.</summary>
    public const string CallStatus = "pllm_call_status";

    /// <summary>obs: the probability of the predicted cell type.</summary>
    public const string Probability = "pllm_probability";

    /// <summary>obs: prefix of the per-type probability columns, <c>pllm_probability_&lt;type&gt;</c>.</summary>
    public const string ProbabilityPrefix = "pllm_probability_";

    /// <summary>obs: the default name of the cell-type label column of the integrated cells.</summary>
    public const string CellType = "cell_type";

    /// <summary>uns: PllmML's dictionary (merged into, never replaced).</summary>
    public const string UnsPllm = "pllm";

    /// <summary>uns <c>pllm</c>: per species, what the query measured of the model's variable genes.</summary>
    public const string UnsGeneCoverage = "gene_coverage";

    /// <summary>
    /// uns <c>pllm</c>: the reference species of the fit behind integrated cells (whose genes name the shared features of X),
    /// what <c>pllm markers</c> orients the homology tables by.
    /// </summary>
    public const string UnsReferenceSpecies = "reference_species";
}
