using PllmML.Transforms.SingleCell;

namespace PllmML.Pipeline.Configuration;

/// <summary>
/// One gene map of a comparison, from exactly one source: a table (<see cref="Path"/>: any layout <c>pllm inspect</c>
/// reads, multi-species tables too), an Ensembl strategy computed from a BioMart export (<see cref="Biomart"/> +
/// <see cref="Ensembl"/>, what <c>pllm homology</c> computes), or a language-model map from two embedding files
/// (<see cref="Embeddings"/>, what <c>pllm map</c> computes).
/// </summary>
public sealed class GeneMapConfiguration
{
    /// <summary>The map's name in the report (e.g. <c>HM_O2O</c>); letters, digits, <c>-</c>, <c>_</c> and <c>.</c>.</summary>
    public string Name { get; set; } = string.Empty;

    /// <summary>A pair table or multi-species table.</summary>
    public string? Path { get; set; }

    /// <summary>An Ensembl BioMart homologue export (with <see cref="Ensembl"/>).</summary>
    public string? Biomart { get; set; }

    /// <summary>The Ensembl strategy over <see cref="Biomart"/>: <c>ens-m2m</c>, <c>ens-o2o</c> or <c>hm-o2o</c>.</summary>
    public string? Ensembl { get; set; }

    /// <summary>A map computed from gene embeddings of the two species.</summary>
    public EmbeddingMapConfiguration? Embeddings { get; set; }

    /// <summary>How the pairs become shared genes (default: <c>homology.strategy</c>); ManyToManySum for many-to-many maps such as ENS_M2M.</summary>
    public HomologyStrategy? Strategy { get; set; }
}
