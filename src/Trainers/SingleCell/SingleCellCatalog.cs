using Microsoft.ML;
using Microsoft.ML.Data;
using PllmML.Kernels.LinearAlgebra;
using PllmML.Trainers.Integration;
using PllmML.Transforms.SingleCell;

namespace PllmML.Trainers.SingleCell;

/// <summary>
/// The single-cell stages as catalog methods: <c>mlContext.SingleCell().LogNormalize()</c> and so on, for building
/// an ML.NET <see cref="EstimatorChain{TLastTransformer}"/> by hand (<see cref="SingleCellPipeline"/> builds the usual one).
/// </summary>
public sealed class SingleCellCatalog
{
    private readonly MLContext _mlContext;

    internal SingleCellCatalog(MLContext mlContext) => _mlContext = mlContext;

    /// <summary>Stage 1: counts of each species onto the shared gene features.</summary>
    /// <param name="space">The shared gene space.</param>
    public SharedGeneSpaceEstimator MapToSharedGenes(SharedGeneSpace space) => new(_mlContext, space);

    /// <summary>Stage 2: library-size normalisation and log1p.</summary>
    /// <param name="targetSum">The target sum.</param>
    public LogNormalizingEstimator LogNormalize(float targetSum = LogNormalization.DefaultTargetSum) => new(_mlContext, targetSum);

    /// <summary>Stage 3: Seurat v3 highly variable genes, species as batches.</summary>
    /// <param name="topGenes">How many genes.</param>
    public VariableGeneSelectingEstimator SelectVariableGenes(int topGenes = SeuratV3VariableGenes.DefaultTopGenes) => new(_mlContext, topGenes);

    /// <summary>Stage 4: standardise and clip.</summary>
    /// <param name="maxValue">The clip value.</param>
    public GeneScalingEstimator ScaleGenes(float maxValue = GeneScaling.DefaultMaxValue) => new(_mlContext, maxValue);

    /// <summary>Stage 5: principal components.</summary>
    /// <param name="components">Number of components.</param>
    /// <param name="seed">Eigen-solver seed.</param>
    public PrincipalComponentsEstimator ProjectToPrincipalComponents(int components = PrincipalComponents.DefaultComponents, int seed = 0) => new(_mlContext, components, seed);

    /// <summary>Stage 6: Harmony integration.</summary>
    /// <param name="options">Harmony's parameters.</param>
    /// <param name="useDonor">Donor as a second covariate.</param>
    public HarmonyIntegrationEstimator IntegrateHarmony(HarmonyOptions? options = null, bool useDonor = false) => new(_mlContext, options, useDonor);
}
