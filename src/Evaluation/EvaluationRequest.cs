using PllmML.Homology.Comparison;
using PllmML.Kernels.Neighbors;

namespace PllmML.Evaluation;

/// <summary>What to evaluate: an integrated embedding, optionally an unintegrated baseline and a gene map.</summary>
public sealed class EvaluationRequest
{
    /// <summary>Creates a request.</summary>
    /// <param name="integrated">The integrated embedding with cell types and batches.</param>
    public EvaluationRequest(EvaluationInput integrated)
    {
        Integrated = integrated ?? throw new ArgumentNullException(nameof(integrated));
    }

    /// <summary>The integrated embedding.</summary>
    public EvaluationInput Integrated { get; }

    /// <summary>The unintegrated embedding of the same cells (same labels and batches), or null.</summary>
    public EvaluationInput? Baseline { get; init; }

    /// <summary>The gene map compared with a reference (<see cref="MappingComparison.Compare"/>) to include in the report, or null.</summary>
    public MappingComparison? GeneMap { get; init; }

    /// <summary>Named inputs and parameters to list in the report (file, keys, …).</summary>
    public IReadOnlyDictionary<string, string> Description { get; init; } = new Dictionary<string, string>();

    /// <summary>Related pages to link from the report: label → relative address (for example the markers page).</summary>
    public IReadOnlyDictionary<string, string> Links { get; init; } = new Dictionary<string, string>();

    /// <summary>scib parameters.</summary>
    public ScibOptions Scib { get; init; } = new();

    /// <summary>UMAP parameters.</summary>
    public UmapOptions Umap { get; init; } = new();

    /// <summary>Whether to draw the pictures (UMAP is the slow part).</summary>
    public bool DrawPictures { get; init; } = true;

    /// <summary>A trained classifier's predictions to score as label transfer beside kNN, or null.</summary>
    public ClassifierPredictions? Classifier { get; init; }

    /// <summary>A calibrated model's calls on a labelled query, scored for abstention; null to skip.</summary>
    public AnnotationCalls? Calls { get; init; }

    /// <summary>k of the label-transfer classifier.</summary>
    public int TransferNeighborCount { get; init; } = LabelTransfer.DefaultNeighborCount;

    /// <summary>
    /// The exact kNN search of every neighbour graph of the evaluation (LISI, graph connectivity and Louvain, kBET, kNN
    /// label transfer, UMAP): <see cref="NeighborSearches.Cpu"/> by default, or an ILGPU search from
    /// <see cref="NeighborSearches.Create"/>. Every backend returns the same graph bit for bit, so the metrics do not
    /// depend on it. The caller owns and disposes it.
    /// </summary>
    public INeighborSearch NeighborSearch { get; init; } = NeighborSearches.Cpu;
}
