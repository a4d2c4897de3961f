namespace PllmML.Comparative;

/// <summary>One gene of one cell type against the rest of its species (a row of Seurat's FindMarkers).</summary>
/// <param name="CellType">The cell type.</param>
/// <param name="Gene">The gene (a feature of the shared gene space).</param>
/// <param name="PValue">Two-sided Wilcoxon rank-sum p-value (normal approximation, tie and continuity correction).</param>
/// <param name="LogFoldChange">Seurat's avg_log2FC: log2(mean(expm1(x_in)) + 1) − log2(mean(expm1(x_out)) + 1).</param>
/// <param name="PctIn">Share of the type's cells with the gene detected (pct.1).</param>
/// <param name="PctOut">Share of the other cells with the gene detected (pct.2).</param>
/// <param name="MeanIn">Mean log-normalised expression in the type (for the dot plot).</param>
/// <param name="Fdr">Benjamini–Hochberg over the genes tested for the type.</param>
/// <param name="Bonferroni">Bonferroni over all genes (Seurat's p_val_adj).</param>
public sealed record GeneMarker(
    string CellType, string Gene, double PValue, double LogFoldChange, double PctIn, double PctOut, double MeanIn, double Fdr, double Bonferroni);
