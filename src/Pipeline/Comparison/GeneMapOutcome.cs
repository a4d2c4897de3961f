using PllmML.Evaluation;
using PllmML.Homology.Comparison;

namespace PllmML.Pipeline.Comparison;

/// <summary>What one gene map did to the integration of the comparison's cells.</summary>
/// <param name="Name">The map's name.</param>
/// <param name="Source">Where its pairs came from (file, BioMart strategy or embedding files).</param>
/// <param name="Strategy">How the pairs became shared genes (OneToOne or ManyToManySum).</param>
/// <param name="Pairs">Rows of the map's table.</param>
/// <param name="UniquePairs">Distinct pairs of the map (between the reference and each species, summed).</param>
/// <param name="PairsInData">Distinct pairs whose two genes are both in the cells (summed over species).</param>
/// <param name="Reference">Per non-reference species: the map against the comparison's reference table (<see cref="MappingComparison"/>); empty without one.</param>
/// <param name="SharedGenes">Shared genes (features) of the fitted model.</param>
/// <param name="VariableGenes">Seurat v3 variable genes kept among them.</param>
/// <param name="Evaluation">The evaluation of the main model's integrated cells: scib (integrated and unintegrated PCA), kNN transfer both ways, the main classifier's transfer.</param>
/// <param name="ClassifierTransfers">Classifier transfer of one model per training species (or the main model only), every ordered species pair it covers.</param>
/// <param name="FitSeconds">Wall time of the main model's fit.</param>
/// <param name="Folder">The map's own folder (model.zip, integrated.h5ad, metrics.json, report.html).</param>
public sealed record GeneMapOutcome(
    string Name,
    string Source,
    string Strategy,
    int Pairs,
    int UniquePairs,
    int PairsInData,
    IReadOnlyDictionary<string, MappingComparison> Reference,
    int SharedGenes,
    int VariableGenes,
    EvaluationResult Evaluation,
    IReadOnlyList<LabelTransferResult> ClassifierTransfers,
    double FitSeconds,
    string Folder);
