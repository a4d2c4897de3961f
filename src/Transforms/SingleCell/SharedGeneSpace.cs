using PllmML.Data.Orthologs;

namespace PllmML.Transforms.SingleCell;

/// <summary>
/// The shared gene features of several species, built from homology pairs between a reference species and each
/// other species. A shared feature is a reference-species gene that has a homolog in the data of every species; in
/// the reference species its value is the gene's own count, elsewhere the sum of its homologs' counts (one term under
/// <see cref="HomologyStrategy.OneToOne"/>).
/// </summary>
public sealed class SharedGeneSpace
{
    private readonly Dictionary<string, SpeciesGeneMap> _maps;

    private SharedGeneSpace(string referenceSpecies, HomologyStrategy strategy, string[] features, Dictionary<string, SpeciesGeneMap> maps)
    {
        ReferenceSpecies = referenceSpecies;
        Strategy = strategy;
        Features = features;
        _maps = maps;
    }

    /// <summary>The species whose gene names name the shared features.</summary>
    public string ReferenceSpecies { get; }

    /// <summary>How the homology pairs were used.</summary>
    public HomologyStrategy Strategy { get; }

    /// <summary>The shared features, named by reference-species genes, in the reference data's order.</summary>
    public IReadOnlyList<string> Features { get; }

    /// <summary>The species, reference first.</summary>
    public IReadOnlyList<string> Species => [.. _maps.Keys];

    /// <summary>Each species' map.</summary>
    public IReadOnlyCollection<SpeciesGeneMap> Maps => _maps.Values;

    /// <summary>The map of one species.</summary>
    /// <param name="species">The species name.</param>
    /// <exception cref="UnknownSpeciesException">The species is not part of this gene space.</exception>
    public SpeciesGeneMap this[string species] =>
        _maps.TryGetValue(species, out var map) ? map : throw new UnknownSpeciesException(species, [.. _maps.Keys]);

    /// <summary>Whether the species is part of this gene space.</summary>
    /// <param name="species">The species name.</param>
    public bool Contains(string species) => _maps.ContainsKey(species);

    /// <summary>Builds the shared features.</summary>
    /// <param name="referenceSpecies">The reference species.</param>
    /// <param name="genesBySpecies">Each species' gene names in data order; must include the reference.</param>
    /// <param name="pairsBySpecies">
    /// For every other species, the homology pairs with the reference gene as <see cref="GenePair.GeneA"/> and the
    /// species' gene as <see cref="GenePair.GeneB"/>.
    /// </param>
    /// <param name="strategy">How to use the pairs.</param>
    /// <exception cref="ArgumentException">Fewer than two species, or a species without pairs.</exception>
    public static SharedGeneSpace Build(
        string referenceSpecies,
        IReadOnlyDictionary<string, IReadOnlyList<string>> genesBySpecies,
        IReadOnlyDictionary<string, GenePairTable> pairsBySpecies,
        HomologyStrategy strategy)
    {
        ArgumentNullException.ThrowIfNull(genesBySpecies);
        ArgumentNullException.ThrowIfNull(pairsBySpecies);
        if (!genesBySpecies.TryGetValue(referenceSpecies, out var referenceGenes))
        {
            throw new ArgumentException($"No genes given for the reference species '{referenceSpecies}'.", nameof(genesBySpecies));
        }

        var others = genesBySpecies.Keys.Where(species => species != referenceSpecies).Order(StringComparer.Ordinal).ToArray();
        if (others.Length == 0)
        {
            throw new ArgumentException("A shared gene space needs at least two species.", nameof(genesBySpecies));
        }

        var homologs = new Dictionary<string, Dictionary<string, List<string>>>(StringComparer.Ordinal);
        foreach (var species in others)
        {
            if (!pairsBySpecies.TryGetValue(species, out var pairs))
            {
                throw new ArgumentException($"No homology pairs given between '{referenceSpecies}' and '{species}'.", nameof(pairsBySpecies));
            }

            homologs[species] = HomologsPresent(strategy == HomologyStrategy.OneToOne ? pairs.ToSymbolOneToOne() : pairs, genesBySpecies[species]);
        }

        var referenceSet = new HashSet<string>(StringComparer.Ordinal);
        var features = referenceGenes
            .Where(gene => referenceSet.Add(gene) && others.All(species => homologs[species].ContainsKey(gene)))
            .ToArray();
        var maps = new Dictionary<string, SpeciesGeneMap>(StringComparer.Ordinal)
        {
            [referenceSpecies] = MapOf(referenceSpecies, referenceGenes, features, gene => [gene]),
        };
        foreach (var species in others)
        {
            maps[species] = MapOf(species, genesBySpecies[species], features, gene => homologs[species][gene]);
        }

        return new SharedGeneSpace(referenceSpecies, strategy, features, maps);
    }

    private static Dictionary<string, List<string>> HomologsPresent(GenePairTable pairs, IReadOnlyList<string> speciesGenes)
    {
        var present = new HashSet<string>(speciesGenes, StringComparer.Ordinal);
        var homologs = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        var seen = new HashSet<(string, string)>();
        foreach (var pair in pairs.Pairs)
        {
            if (present.Contains(pair.GeneB) && seen.Add((pair.GeneA, pair.GeneB)))
            {
                if (!homologs.TryGetValue(pair.GeneA, out var list))
                {
                    homologs[pair.GeneA] = list = [];
                }

                list.Add(pair.GeneB);
            }
        }

        return homologs;
    }

    private static SpeciesGeneMap MapOf(
        string species, IReadOnlyList<string> genes, string[] features, Func<string, IReadOnlyList<string>> sourcesOf)
    {
        var position = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var gene = 0; gene < genes.Count; gene++)
        {
            position.TryAdd(genes[gene], gene);
        }

        var entries = new List<(int Gene, int Feature)>();
        for (var feature = 0; feature < features.Length; feature++)
        {
            foreach (var source in sourcesOf(features[feature]))
            {
                entries.Add((position[source], feature));
            }
        }

        var used = entries.Select(entry => entry.Gene).Distinct().Order().ToArray();
        var modelPosition = new Dictionary<int, int>();
        for (var index = 0; index < used.Length; index++)
        {
            modelPosition[used[index]] = index;
        }

        return new SpeciesGeneMap(
            species,
            used.Select(gene => genes[gene]).ToArray(),
            genes.Count,
            entries.Select(entry => modelPosition[entry.Gene]).ToArray(),
            entries.Select(entry => entry.Feature).ToArray());
    }
}
