namespace PllmML.Comparative;

/// <summary>
/// The genes on the two sides of a gene pair behind a cell-type match, its mapping source, similarity and Ensembl
/// agreement: from one two-species map (the feature on side A, its partner on side B, as before), or from every
/// species' pairs with the reference (each side its own species' gene; the feature itself in the reference species).
/// </summary>
internal sealed class GenePairSides
{
    private const string SharedFeature = "shared feature";

    private readonly Dictionary<string, List<(string Gene, double Score)>>? homologs;
    private readonly Dictionary<string, List<(string Gene, double Score)>>? ensembl;
    private readonly string? reference;
    private readonly Dictionary<string, Dictionary<string, List<(string Gene, double Score)>>>? homologsBySpecies;
    private readonly Dictionary<string, Dictionary<string, List<(string Gene, double Score)>>>? ensemblBySpecies;
    private readonly string source;

    private GenePairSides(GeneMaps maps, HashSet<string> features)
    {
        ensembl = ComparativeAnalysis.Partners(maps.Ensembl, features);
        if (maps.HomologyBySpecies is { } bySpecies)
        {
            reference = maps.ReferenceSpecies ?? throw new ArgumentException("GeneMaps.HomologyBySpecies needs ReferenceSpecies.", nameof(maps));
            homologsBySpecies = bySpecies.ToDictionary(entry => entry.Key, entry => ComparativeAnalysis.Partners(entry.Value, null)!, StringComparer.Ordinal);
            var scored = bySpecies.Values.Any(table => table.Pairs.Any(pair => !double.IsNaN(pair.Score)));
            source = $"{(scored ? "protein-embedding map" : "ortholog table")} {maps.HomologyPath ?? "(given)"}";
        }
        else
        {
            homologs = ComparativeAnalysis.Partners(maps.Homology, features);
            var scored = maps.Homology?.Pairs.Any(pair => !double.IsNaN(pair.Score)) ?? false;
            source = maps.Homology is null ? SharedFeature : $"{(scored ? "protein-embedding map" : "ortholog table")} {Path.GetFileName(maps.HomologyPath ?? "(given)")}";
        }

        if (maps.EnsemblBySpecies is { } ensemblTables)
        {
            reference ??= maps.ReferenceSpecies ?? throw new ArgumentException("GeneMaps.EnsemblBySpecies needs ReferenceSpecies.", nameof(maps));
            ensemblBySpecies = ensemblTables.ToDictionary(entry => entry.Key, entry => ComparativeAnalysis.Partners(entry.Value, null)!, StringComparer.Ordinal);
        }
    }

    public static GenePairSides Create(GeneMaps maps, HashSet<string> features) => new(maps, features);

    /// <summary>Every gene pair of species <paramref name="a"/> and <paramref name="b"/> behind the shared feature.</summary>
    public IEnumerable<(string GeneA, string GeneB, string Source, double Similarity, bool? EnsemblAgrees)> Pairs(string a, string b, string feature)
    {
        if (homologsBySpecies is null)
        {
            // One two-species map: the feature on side A, its partners on side B.
            var partners = homologs is null ? [(feature, double.NaN)] : homologs.TryGetValue(feature, out var list) ? list : [(feature, double.NaN)];
            foreach (var (partner, score) in partners)
            {
                var agrees = ensemblBySpecies is not null ? Agreement([(b, partner)], feature)
                    : ensembl is null || !ensembl.TryGetValue(feature, out var known) ? null : known.Any(k => string.Equals(k.Gene, partner, StringComparison.OrdinalIgnoreCase));
                yield return (feature, partner, homologs is not null && homologs.ContainsKey(feature) ? source : SharedFeature, score, agrees);
            }

            yield break;
        }

        foreach (var (geneA, scoreA, mappedA) in Side(a, feature))
        {
            foreach (var (geneB, scoreB, mappedB) in Side(b, feature))
            {
                var scores = new[] { scoreA, scoreB }.Where(double.IsFinite).ToList();
                var sides = new List<(string Species, string Gene)>();
                if (a != reference)
                {
                    sides.Add((a, geneA));
                }

                if (b != reference)
                {
                    sides.Add((b, geneB));
                }

                var agrees = ensemblBySpecies is not null ? Agreement(sides, feature)
                    : ensembl is null || !ensembl.TryGetValue(feature, out var known) ? null
                    : sides.All(side => known.Any(k => string.Equals(k.Gene, side.Gene, StringComparison.OrdinalIgnoreCase)));
                yield return (geneA, geneB, mappedA || mappedB ? source : SharedFeature, scores.Count == 0 ? double.NaN : scores.Min(), agrees);
            }
        }
    }

    /// <summary>A species' genes behind a feature: the feature itself in the reference, else its mapped partners (the feature when the map has none).</summary>
    private IEnumerable<(string Gene, double Score, bool Mapped)> Side(string species, string feature)
    {
        if (species != reference && homologsBySpecies!.TryGetValue(species, out var map) && map.TryGetValue(feature, out var partners))
        {
            return partners.Select(partner => (partner.Gene, partner.Score, true));
        }

        return [(feature, double.NaN, false)];
    }

    /// <summary>Ensembl agreement over the non-reference sides: false when Ensembl pairs the feature with other genes on a side, null when a side is unknown to it, else true.</summary>
    private bool? Agreement(IReadOnlyList<(string Species, string Gene)> sides, string feature)
    {
        bool? result = sides.Count == 0 ? null : true;
        foreach (var (species, gene) in sides)
        {
            if (!ensemblBySpecies!.TryGetValue(species, out var map) || !map.TryGetValue(feature, out var known))
            {
                result = result == false ? false : null;
                continue;
            }

            if (!known.Any(k => string.Equals(k.Gene, gene, StringComparison.OrdinalIgnoreCase)))
            {
                result = false;
            }
        }

        return result;
    }
}
