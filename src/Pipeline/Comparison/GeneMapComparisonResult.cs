namespace PllmML.Pipeline.Comparison;

/// <summary>A gene-map comparison: the same cells fitted once per map, side by side.</summary>
/// <param name="ConfigPath">The config file.</param>
/// <param name="ReferenceSpecies">The species whose genes name the shared features.</param>
/// <param name="Species">Every species, in input order.</param>
/// <param name="Cells">Cells per species (after keepLabels).</param>
/// <param name="ReferenceTable">The table the maps' pairs were judged against, or null.</param>
/// <param name="Maps">One outcome per map, in config order.</param>
/// <param name="SharedSeconds">Wall time of the work done once for every map (reading and preparing the cells, reading the reference table).</param>
/// <param name="Html">The side-by-side report (<c>comparison.html</c>).</param>
/// <param name="Json">The same numbers as JSON (<c>comparison.json</c>).</param>
public sealed record GeneMapComparisonResult(
    string ConfigPath,
    string ReferenceSpecies,
    IReadOnlyList<string> Species,
    IReadOnlyDictionary<string, int> Cells,
    string? ReferenceTable,
    IReadOnlyList<GeneMapOutcome> Maps,
    double SharedSeconds,
    string Html,
    string Json);
