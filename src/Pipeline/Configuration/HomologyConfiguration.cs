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

    /// <summary>
    /// Several tables instead of <see cref="Path"/>, for three or more species: one per non-reference species
    /// (<c>pllm fit --homology pig=human_pig.csv</c>), pair tables that reach the reference through another species
    /// (mouse–pig), or a multi-species table (the seed's <c>human_mice_pig.csv</c>). In JSON also written as a list in
    /// place of the section: <c>"homology": [ { "path": …, "species": … }, … ]</c>.
    /// </summary>
    public List<HomologyTableConfiguration>? Tables { get; set; }

    /// <summary>The tables of the fit: <see cref="Tables"/>, or <see cref="Path"/> alone.</summary>
    public IReadOnlyList<HomologyTableConfiguration> AllTables() =>
        Tables is { Count: > 0 } tables ? tables : [new HomologyTableConfiguration { Path = Path }];
}
