using PllmML.Kernels.Neighbors;
using PllmML.Kernels.Statistics;

namespace PllmML.Comparative;

/// <summary>The settings of a comparative analysis (<see cref="ComparativeAnalysis"/>); defaults follow Seurat v4 and MetaNeighbor.</summary>
public sealed class ComparativeOptions
{
    /// <summary>The obs column with the cell types.</summary>
    public string LabelKey { get; init; } = "cell_type";

    /// <summary>The obs column with the species.</summary>
    public string SpeciesKey { get; init; } = "species";

    /// <summary>The obsm key of the integrated embedding, for the alignment score; skipped when X has no such entry.</summary>
    public string EmbeddingKey { get; init; } = "X_pllm";

    /// <summary>
    /// X is already log-normalised (natural log of 1 + count per <see cref="TargetSum"/>), not raw counts. Without it,
    /// X must hold non-negative integers.
    /// </summary>
    public bool XIsLogNormalized { get; init; }

    /// <summary>Counts per cell after normalisation (Seurat's <c>scale.factor</c>).</summary>
    public double TargetSum { get; init; } = 10_000;

    /// <summary>Cell types with fewer cells in a species are skipped there and listed (Seurat's <c>min.cells.group</c>).</summary>
    public int MinimumCells { get; init; } = 3;

    /// <summary>A gene is tested for a type when max(pct.1, pct.2) reaches this (Seurat's <c>min.pct</c>; 0 keeps every gene).</summary>
    public double MinimumPct { get; init; } = 0.1;

    /// <summary>A gene is kept when |avg_log2FC| reaches this (Seurat v4's <c>logfc.threshold</c>; 0 keeps every gene).</summary>
    public double LogFcThreshold { get; init; } = 0.25;

    /// <summary>How the per-species p-values of a conserved marker are combined (Seurat's <c>meta.method</c>).</summary>
    public PValueCombination Combination { get; init; } = PValueCombination.MinimumP;

    /// <summary>Conserved markers must change in the same direction in every species.</summary>
    public bool RequireSameSign { get; init; } = true;

    /// <summary>Top conserved markers per type in the dot plot.</summary>
    public int TopMarkers { get; init; } = 5;

    /// <summary>Neighbours of each cell among the other species' cells (alignment score).</summary>
    public int AlignmentNeighbors { get; init; } = 20;

    /// <summary>
    /// The exact kNN search of the alignment score: <see cref="NeighborSearches.Cpu"/> by default, or an ILGPU search from
    /// <see cref="NeighborSearches.Create"/> (the same neighbours bit for bit). The caller owns and disposes it.
    /// </summary>
    public INeighborSearch NeighborSearch { get; init; } = NeighborSearches.Cpu;

    /// <summary>
    /// Above this many cells MetaNeighbor uses its low-memory version (Spearman votes against type centroids) instead of
    /// the rank-standardised cells × cells network.
    /// </summary>
    public int MaximumNetworkCells { get; init; } = 6000;

    /// <summary>A gene pair behind a match must have p below this in both species (SAMap's GenePairFinder: 0.01).</summary>
    public double GenePairPValue { get; init; } = 0.01;

    /// <summary>A gene pair behind a match must be detected in more than this share of the type's cells in both species (SAMap: 5 %).</summary>
    public double GenePairMinimumPct { get; init; } = 0.05;
}
