using PllmML.Transforms.SingleCell;

namespace PllmML.Pipeline.Configuration;

/// <summary>The <c>homology</c> section: which genes are shared across species.</summary>
public sealed class HomologyConfiguration
{
    /// <summary>The ortholog table (source <c>table</c>).</summary>
    public string Path { get; set; } = string.Empty;

    /// <summary>One-to-one or many-to-many (sum of homologs).</summary>
    public HomologyStrategy Strategy { get; set; } = HomologyStrategy.OneToOne;

    /// <summary>The species whose gene names name the shared genes (default: the first input).</summary>
    public string? ReferenceSpecies { get; set; }

    /// <summary><c>table</c>: the ortholog table at <see cref="Path"/>; <c>map</c>: the pairs of the run's map stage.</summary>
    public string Source { get; set; } = "table";
}
