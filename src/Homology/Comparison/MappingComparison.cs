using System.Text.Json;
using System.Text.Json.Serialization;
using PllmML.Data.Orthologs;

namespace PllmML.Homology.Comparison;

/// <summary>
/// A gene mapping measured against a reference table (for example Ensembl one-to-one orthologs). Pairs compare as
/// exact (gene A, gene B) strings.
/// </summary>
/// <param name="Pairs">Rows of the mapping.</param>
/// <param name="UniquePairs">Distinct pairs of the mapping.</param>
/// <param name="ReferencePairs">Distinct pairs of the reference.</param>
/// <param name="SharedPairs">Distinct pairs in both.</param>
/// <param name="Recovered">SharedPairs / ReferencePairs: the share of the reference the mapping finds.</param>
/// <param name="ComparablePairs">Distinct mapping pairs whose gene A has a pair in the reference.</param>
/// <param name="AgreeingPairs">Comparable pairs that are reference pairs.</param>
/// <param name="Agreement">AgreeingPairs / ComparablePairs: where both map the gene, how often they agree.</param>
/// <param name="GenesA">Distinct species-A genes of the mapping.</param>
/// <param name="GenesB">Distinct species-B genes of the mapping.</param>
/// <param name="OneToOne">Whether every gene of either side occurs in one distinct pair only.</param>
/// <param name="Scores">The distribution of the mapping's first score column.</param>
public sealed record MappingComparison(
    int Pairs,
    int UniquePairs,
    int ReferencePairs,
    int SharedPairs,
    double Recovered,
    int ComparablePairs,
    int AgreeingPairs,
    double Agreement,
    int GenesA,
    int GenesB,
    bool OneToOne,
    ScoreSummary Scores)
{
    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    /// <summary>Compares a mapping with a reference.</summary>
    /// <param name="mapping">The mapping.</param>
    /// <param name="reference">The reference pairs.</param>
    public static MappingComparison Compare(GenePairTable mapping, GenePairTable reference)
    {
        ArgumentNullException.ThrowIfNull(mapping);
        ArgumentNullException.ThrowIfNull(reference);
        var pairs = mapping.Pairs.Select(pair => (pair.GeneA, pair.GeneB)).ToHashSet();
        var referencePairs = reference.Pairs.Select(pair => (pair.GeneA, pair.GeneB)).ToHashSet();
        var referenceGenesA = referencePairs.Select(pair => pair.GeneA).ToHashSet(StringComparer.Ordinal);
        var shared = pairs.Count(referencePairs.Contains);
        var comparable = pairs.Where(pair => referenceGenesA.Contains(pair.GeneA)).ToArray();
        var agreeing = comparable.Count(referencePairs.Contains);
        var genesA = pairs.Select(pair => pair.GeneA).Distinct(StringComparer.Ordinal).Count();
        var genesB = pairs.Select(pair => pair.GeneB).Distinct(StringComparer.Ordinal).Count();
        return new MappingComparison(
            mapping.Count,
            pairs.Count,
            referencePairs.Count,
            shared,
            Ratio(shared, referencePairs.Count),
            comparable.Length,
            agreeing,
            Ratio(agreeing, comparable.Length),
            genesA,
            genesB,
            genesA == pairs.Count && genesB == pairs.Count,
            ScoreSummary.Of(mapping.Pairs.Select(pair => pair.Score)));
    }

    /// <summary>The comparison as indented JSON with snake_case names.</summary>
    public string ToJson() => JsonSerializer.Serialize(this, JsonOptions);

    private static double Ratio(int numerator, int denominator) =>
        denominator == 0 ? double.NaN : (double)numerator / denominator;
}
