using PllmML.Kernels.Statistics;

namespace PllmML.Pipeline.Configuration;

/// <summary>
/// The <c>markers</c> section: when present, the run's markers stage writes conserved markers and cell-type homology
/// into <c>markers/</c> (<see cref="Comparative.ComparativeAnalysis"/>), and the report links <c>markers/markers.html</c>.
/// </summary>
public sealed class MarkersConfiguration
{
    /// <summary>Seurat's min.pct: a gene is tested when max(pct.1, pct.2) reaches it.</summary>
    public double MinPct { get; set; } = 0.1;

    /// <summary>Seurat v4's logfc.threshold: a gene is kept when |avg_log2FC| reaches it.</summary>
    public double LogFcThreshold { get; set; } = 0.25;

    /// <summary>Types with fewer cells in a species are skipped there (Seurat's min.cells.group).</summary>
    public int MinCells { get; set; } = 3;

    /// <summary>How per-species p-values combine: MinimumP (Seurat's default), Fisher or MaximumP.</summary>
    public PValueCombination Combine { get; set; } = PValueCombination.MinimumP;

    /// <summary>Conserved markers per type in the dot plot.</summary>
    public int TopMarkers { get; set; } = 5;

    /// <summary>Cross-species neighbours per cell for the alignment score.</summary>
    public int AlignmentNeighbors { get; set; } = 20;

    /// <summary>An Ensembl ortholog table to check the gene pairs behind each match against (null: none).</summary>
    public string? Ensembl { get; set; }
}
