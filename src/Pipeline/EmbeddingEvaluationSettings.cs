using PllmML.Evaluation;
using PllmML.Homology.Comparison;

namespace PllmML.Pipeline;

/// <summary>
/// What <see cref="EmbeddingEvaluation.Run"/> scores and writes: an embedding in an .h5ad, the keys of its labels and
/// batches, an optional baseline, gene map and classifier, and the files to write.
/// </summary>
public sealed class EmbeddingEvaluationSettings
{
    /// <summary>The .h5ad (or other cell file) with the cells, their annotations and the embedding.</summary>
    public required string Input { get; init; }

    /// <summary>The obsm key of the integrated embedding (for example <c>X_pllm</c> or <c>X_pca_harmony</c>).</summary>
    public required string Embedding { get; init; }

    /// <summary>Where to write the metrics as JSON (<c>metrics.json</c>); its folder is created.</summary>
    public required string Output { get; init; }

    /// <summary>The obs column with the cell type.</summary>
    public string LabelKey { get; init; } = "cell_type";

    /// <summary>The obs column with the batch (species).</summary>
    public string BatchKey { get; init; } = "species";

    /// <summary>The obsm key of the unintegrated embedding of the same cells, scored beside the integrated one; null for none.</summary>
    public string? Baseline { get; init; }

    /// <summary>Where to write the self-contained HTML report; null for none. Its folder is created.</summary>
    public string? Report { get; init; }

    /// <summary>A folder to write the PNG pictures to; null for none.</summary>
    public string? Pictures { get; init; }

    /// <summary>
    /// Whether to draw the pictures (UMAP is the slow part); null draws them when <see cref="Report"/> or
    /// <see cref="Pictures"/> asks for them.
    /// </summary>
    public bool? DrawPictures { get; init; }

    /// <summary>
    /// A predicted gene-pair table to judge against <see cref="ReferenceMapPath"/> (both or neither); the result is the
    /// report's gene-map section. Exclusive with <see cref="GeneMap"/>.
    /// </summary>
    public string? GeneMapPath { get; init; }

    /// <summary>A reference ortholog table (BioMart, gene pairs, CACIMAR) for <see cref="GeneMapPath"/>.</summary>
    public string? ReferenceMapPath { get; init; }

    /// <summary>A gene map already compared with its reference (the run's protein map judged by protein families); null for none.</summary>
    public MappingComparison? GeneMap { get; init; }

    /// <summary>
    /// obs columns with a trained classifier's predicted cell types, in order of preference: the first the cells have is
    /// scored as label transfer beside kNN for the batches not in <see cref="TrainedOn"/>, and the model's calls (when the
    /// cells carry them) are scored for abstention. Empty: no classifier. When the cells have none of them, the last is
    /// reported missing.
    /// </summary>
    public IReadOnlyList<string> PredictionKeys { get; init; } = [];

    /// <summary>The batches (species) whose labels trained that classifier; every other batch is scored.</summary>
    public IReadOnlyList<string> TrainedOn { get; init; } = [];

    /// <summary>Seed of k-means, Louvain and UMAP.</summary>
    public int Seed { get; init; }

    /// <summary>
    /// Named inputs and parameters to list in the report and in <c>metrics.json</c>'s <c>inputs</c>; null lists the input,
    /// the keys and the gene-map files.
    /// </summary>
    public IReadOnlyDictionary<string, string>? Description { get; init; }

    /// <summary>Related pages to link from the report: label → relative address (for example the markers page).</summary>
    public IReadOnlyDictionary<string, string> Links { get; init; } = new Dictionary<string, string>();

    /// <summary>k of the label-transfer classifier.</summary>
    public int TransferNeighborCount { get; init; } = LabelTransfer.DefaultNeighborCount;

    /// <summary>
    /// Run the exact kNN searches on the first CUDA device when there is one (ILGPU; the CPU search otherwise), as
    /// <see cref="ProteinMapSettings.Cuda"/> does for the gene similarity search. The neighbours, and so every metric,
    /// are the same bit for bit.
    /// </summary>
    public bool Cuda { get; init; }
}
