using PllmML.Data.Orthologs;

namespace PllmML.Homology.Ensembl;

/// <summary>The outcome of the hm-o2o greedy.</summary>
/// <param name="Pairs">
/// The accepted pairs in acceptance order, with <c>identical_scores</c> and <c>orthology confidence</c> columns.
/// </param>
/// <param name="Candidates">BioMart rows that name both genes (the greedy's input).</param>
/// <param name="TiedChoices">
/// Accepted pairs that beat another still-available candidate with exactly the same (confidence, identity) sharing one
/// of their genes: the places where the tie rule, not the data, decided.
/// </param>
public sealed record HomologyGreedyResult(GenePairTable Pairs, int Candidates, IReadOnlyList<GenePair> TiedChoices);
