namespace PllmML.Pipeline.Configuration;

/// <summary>
/// The <c>compare</c> section, read by <c>pllm compare-maps</c>: the gene maps to fit the same cells with, and the
/// reference table that judges each map's pairs.
/// </summary>
public sealed class CompareConfiguration
{
    /// <summary>The gene maps, each fitted once (per training direction) on the same cells.</summary>
    public List<GeneMapConfiguration> Maps { get; set; } = [];

    /// <summary>
    /// The table the maps' pairs are judged against (recall of its pairs, agreement where both map a gene), e.g. the
    /// Ensembl one-to-one orthologs; null: no such columns.
    /// </summary>
    public string? Reference { get; set; }

    /// <summary>
    /// Also fit one classifier per labelled species (trained on it alone) to score classifier transfer in every
    /// direction; false: only the configured <c>trainSpecies</c>.
    /// </summary>
    public bool BothWays { get; set; } = true;

    /// <summary>Resolves the relative paths against the config file's folder.</summary>
    internal void ResolvePaths(string folder)
    {
        static string? Resolve(string folder, string? path) => path is { Length: > 0 } ? Path.GetFullPath(Path.Combine(folder, path)) : path;
        Reference = Resolve(folder, Reference);
        foreach (var map in Maps.Where(map => map is not null))
        {
            map.Path = Resolve(folder, map.Path);
            map.Biomart = Resolve(folder, map.Biomart);
            if (map.Embeddings is { } embeddings)
            {
                embeddings.From = Resolve(folder, embeddings.From) ?? string.Empty;
                embeddings.To = Resolve(folder, embeddings.To) ?? string.Empty;
                if (embeddings.Files is { } files)
                {
                    foreach (var species in files.Keys.ToList())
                    {
                        files[species] = Resolve(folder, files[species])!;
                    }
                }
            }
        }
    }
}
