using PllmML.Data.Orthologs;

namespace PllmML.Evaluation;

/// <summary>
/// How a predicted cross-species gene map compares with a reference ortholog table (for example Ensembl one-to-one
/// orthologs): pairs, genes covered, and agreement. Genes are compared by exact name within each species column.
/// </summary>
/// <param name="PredictedPairs">Distinct pairs in the predicted map.</param>
/// <param name="ReferencePairs">Distinct pairs in the reference.</param>
/// <param name="PredictedGenesA">Distinct species-A genes in the predicted map.</param>
/// <param name="PredictedGenesB">Distinct species-B genes in the predicted map.</param>
/// <param name="SharedPairs">Pairs in both.</param>
/// <param name="CoverageA">Fraction of the reference's species-A genes that the prediction maps to anything.</param>
/// <param name="CoverageB">Fraction of the reference's species-B genes that the prediction maps to anything.</param>
/// <param name="Agreement">Fraction of predicted pairs that the reference has (precision).</param>
/// <param name="AgreementOnReferenceGenes">
/// Fraction of predicted pairs whose species-A gene the reference knows that the reference has (precision where the
/// reference can judge).
/// </param>
/// <param name="Recall">Fraction of reference pairs that the prediction has.</param>
/// <param name="Scores">The predicted pairs' scores (NaN-free), for the score histogram.</param>
public sealed record GeneMapQuality(
    int PredictedPairs,
    int ReferencePairs,
    int PredictedGenesA,
    int PredictedGenesB,
    int SharedPairs,
    double CoverageA,
    double CoverageB,
    double Agreement,
    double AgreementOnReferenceGenes,
    double Recall,
    IReadOnlyList<double> Scores)
{
    /// <summary>Compares a predicted map with a reference table.</summary>
    /// <param name="predicted">The predicted pairs (species A in <see cref="GenePair.GeneA"/>).</param>
    /// <param name="reference">The reference pairs, same species order.</param>
    /// <exception cref="ArgumentException">Either table is empty.</exception>
    public static GeneMapQuality Compare(GenePairTable predicted, GenePairTable reference)
    {
        ArgumentNullException.ThrowIfNull(predicted);
        ArgumentNullException.ThrowIfNull(reference);
        if (predicted.Count == 0 || reference.Count == 0)
        {
            throw new ArgumentException($"Cannot compare: the {(predicted.Count == 0 ? "predicted map" : "reference")} has no pairs.", nameof(predicted));
        }

        var predictedPairs = predicted.Pairs.Select(p => (p.GeneA, p.GeneB)).ToHashSet();
        var referencePairs = reference.Pairs.Select(p => (p.GeneA, p.GeneB)).ToHashSet();
        var referenceA = referencePairs.Select(p => p.GeneA).ToHashSet(StringComparer.Ordinal);
        var referenceB = referencePairs.Select(p => p.GeneB).ToHashSet(StringComparer.Ordinal);
        var predictedA = predictedPairs.Select(p => p.GeneA).ToHashSet(StringComparer.Ordinal);
        var predictedB = predictedPairs.Select(p => p.GeneB).ToHashSet(StringComparer.Ordinal);
        var shared = predictedPairs.Count(referencePairs.Contains);
        var judged = predictedPairs.Where(p => referenceA.Contains(p.GeneA)).ToArray();
        return new GeneMapQuality(
            predictedPairs.Count,
            referencePairs.Count,
            predictedA.Count,
            predictedB.Count,
            shared,
            (double)referenceA.Count(predictedA.Contains) / referenceA.Count,
            (double)referenceB.Count(predictedB.Contains) / referenceB.Count,
            (double)shared / predictedPairs.Count,
            judged.Length == 0 ? 0 : (double)judged.Count(referencePairs.Contains) / judged.Length,
            (double)shared / referencePairs.Count,
            predicted.Pairs.Select(p => p.Score).Where(double.IsFinite).ToArray());
    }
}
