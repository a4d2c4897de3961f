using System.Text.Json;
using System.Text.Json.Serialization;
using PllmML.Data.Orthologs;

namespace PllmML.Homology.Comparison;

/// <summary>
/// A gene mapping measured against a reference table (for example Ensembl one-to-one orthologs) — the one map
/// comparison of PllmML, behind both <c>pllm compare</c> and the evaluation's gene-map section. Pairs compare as exact
/// (gene A, gene B) strings; every count is of distinct pairs or genes.
/// </summary>
/// <remarks>
/// <para>
/// <b>Agreement</b> (one definition everywhere): among the mapping's distinct pairs whose species-A gene the
/// reference maps at all (the <see cref="ComparablePairs"/>), the share that are reference pairs — "where both map the
/// gene, how often they agree". Pairs of genes the reference does not know are not judged. This is the figure the
/// Homology README quotes for LM_O2O, HM_O2O and HL_O2O against Ensembl.
/// </para>
/// <para>
/// <see cref="Precision"/> judges every pair (a pair of a gene the reference lacks counts as wrong);
/// <see cref="Recovered"/> is the recall. Ratios with a zero denominator are NaN.
/// </para>
/// </remarks>
/// <param name="Pairs">Rows of the mapping.</param>
/// <param name="UniquePairs">Distinct pairs of the mapping.</param>
/// <param name="ReferencePairs">Distinct pairs of the reference.</param>
/// <param name="SharedPairs">Distinct pairs in both.</param>
/// <param name="Recovered">SharedPairs / ReferencePairs: the share of the reference the mapping finds (recall).</param>
/// <param name="ComparablePairs">Distinct mapping pairs whose gene A has a pair in the reference.</param>
/// <param name="AgreeingPairs">Comparable pairs that are reference pairs.</param>
/// <param name="Agreement">AgreeingPairs / ComparablePairs: where both map the gene, how often they agree.</param>
/// <param name="Precision">SharedPairs / UniquePairs: the share of all mapping pairs that the reference has.</param>
/// <param name="GenesA">Distinct species-A genes of the mapping.</param>
/// <param name="GenesB">Distinct species-B genes of the mapping.</param>
/// <param name="CoverageA">Share of the reference's distinct species-A genes that the mapping maps to anything.</param>
/// <param name="CoverageB">Share of the reference's distinct species-B genes that the mapping maps to anything.</param>
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
    double Precision,
    int GenesA,
    int GenesB,
    double CoverageA,
    double CoverageB,
    bool OneToOne,
    ScoreSummary Scores)
{
    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    /// <summary>The mapping's scores that are finite numbers, in row order (for a histogram; not in the JSON).</summary>
    [JsonIgnore]
    public IReadOnlyList<double> FiniteScores { get; private init; } = [];

    /// <summary>Compares a mapping with a reference.</summary>
    /// <param name="mapping">The mapping (species A in <see cref="GenePair.GeneA"/>).</param>
    /// <param name="reference">The reference pairs, same species order.</param>
    public static MappingComparison Compare(GenePairTable mapping, GenePairTable reference)
    {
        ArgumentNullException.ThrowIfNull(mapping);
        ArgumentNullException.ThrowIfNull(reference);
        var pairs = mapping.Pairs.Select(pair => (pair.GeneA, pair.GeneB)).ToHashSet();
        var referencePairs = reference.Pairs.Select(pair => (pair.GeneA, pair.GeneB)).ToHashSet();
        var referenceGenesA = referencePairs.Select(pair => pair.GeneA).ToHashSet(StringComparer.Ordinal);
        var referenceGenesB = referencePairs.Select(pair => pair.GeneB).ToHashSet(StringComparer.Ordinal);
        var genesA = pairs.Select(pair => pair.GeneA).ToHashSet(StringComparer.Ordinal);
        var genesB = pairs.Select(pair => pair.GeneB).ToHashSet(StringComparer.Ordinal);
        var shared = pairs.Count(referencePairs.Contains);
        var comparable = pairs.Where(pair => referenceGenesA.Contains(pair.GeneA)).ToArray();
        var agreeing = comparable.Count(referencePairs.Contains);
        return new MappingComparison(
            mapping.Count,
            pairs.Count,
            referencePairs.Count,
            shared,
            Ratio(shared, referencePairs.Count),
            comparable.Length,
            agreeing,
            Ratio(agreeing, comparable.Length),
            Ratio(shared, pairs.Count),
            genesA.Count,
            genesB.Count,
            Ratio(referenceGenesA.Count(genesA.Contains), referenceGenesA.Count),
            Ratio(referenceGenesB.Count(genesB.Contains), referenceGenesB.Count),
            genesA.Count == pairs.Count && genesB.Count == pairs.Count,
            ScoreSummary.Of(mapping.Pairs.Select(pair => pair.Score)))
        {
            FiniteScores = mapping.Pairs.Select(pair => pair.Score).Where(double.IsFinite).ToArray(),
        };
    }

    /// <summary>The comparison as indented JSON with snake_case names.</summary>
    public string ToJson() => JsonSerializer.Serialize(this, JsonOptions);

    private static double Ratio(int numerator, int denominator) =>
        denominator == 0 ? double.NaN : (double)numerator / denominator;
}
