using Microsoft.ML;
using Microsoft.ML.Data;
using PllmML.Kernels.LinearAlgebra;
using PllmML.Kernels.Similarity;
using PllmML.Trainers.Deep;
using PllmML.Trainers.Integration;
using PllmML.Transforms.Homology;
using PllmML.Transforms.Proteins;
using PllmML.Transforms.SingleCell;

namespace PllmML.Trainers.SingleCell;

/// <summary>
/// Every PllmML estimator, reached as <c>mlContext.SingleCell().Transforms.LogNormalize()</c>,
/// <c>mlContext.SingleCell().Trainers.IntegrateHarmony()</c> and so on, for building an ML.NET
/// <see cref="EstimatorChain{TLastTransformer}"/> by hand (<see cref="SingleCellPipeline"/> builds the usual one).
/// </summary>
/// <remarks>
/// The ML.NET conventions: each method has a simple overload (output column first, then the input column, both
/// defaulting to the estimator's <c>Defaults</c>, which are the names in <see cref="SingleCellColumns"/>) and an
/// overload taking the estimator's nested <c>Options</c>, which the estimator copies. Rows are routed by the fixed
/// <see cref="SingleCellColumns.Species"/> column.
/// </remarks>
public sealed class SingleCellCatalog
{
    internal SingleCellCatalog(MLContext mlContext)
    {
        Transforms = new SingleCellTransforms(mlContext);
        Trainers = new SingleCellTrainers(mlContext);
    }

    /// <summary>The transforms: protein embedding, gene mapping and the cell-level stages 1–5.</summary>
    public SingleCellTransforms Transforms { get; }

    /// <summary>The trainers: Harmony integration and the whole cell-level pipeline.</summary>
    public SingleCellTrainers Trainers { get; }

    /// <summary>The transforms of <see cref="SingleCellCatalog"/>.</summary>
    public sealed class SingleCellTransforms
    {
        private readonly MLContext _mlContext;

        internal SingleCellTransforms(MLContext mlContext) => _mlContext = mlContext;

        /// <summary>Protein sequence → ESM-2 embedding through ONNX Runtime.</summary>
        /// <param name="outputColumnName">The embedding column.</param>
        /// <param name="onnxModelPath">The ESM-2 ONNX export.</param>
        /// <param name="inputColumnName">The sequence column; the output name when null.</param>
        public EmbedProteinsEstimator EmbedProteins(string outputColumnName, string onnxModelPath, string? inputColumnName = null) =>
            new(_mlContext, outputColumnName, onnxModelPath, inputColumnName);

        /// <summary>Protein sequence → ESM-2 embedding, with all options.</summary>
        /// <param name="options">The options.</param>
        public EmbedProteinsEstimator EmbedProteins(EmbedProteinsEstimator.Options options) => new(_mlContext, options);

        /// <summary>Nearest-neighbour gene mapper: fit on species-B (gene, embedding) rows, transform species-A rows.</summary>
        /// <param name="embeddingColumnName">The float vector column of embeddings (fit and transform data).</param>
        /// <param name="geneColumnName">The text column of species-B gene names in the fit data.</param>
        /// <param name="metric">Pearson (the original project's) or cosine.</param>
        /// <param name="topK">How many genes <c>MatchedGenes</c> lists.</param>
        public NearestGeneMappingEstimator MapNearestGenes(
            string embeddingColumnName = NearestGeneMappingEstimator.Defaults.Embedding,
            string geneColumnName = NearestGeneMappingEstimator.Defaults.Gene,
            SimilarityMetric metric = NearestGeneMappingEstimator.Defaults.Metric,
            int topK = NearestGeneMappingEstimator.Defaults.TopK) =>
            new(_mlContext, new NearestGeneMappingEstimator.Options
            {
                EmbeddingColumnName = embeddingColumnName, GeneColumnName = geneColumnName, Metric = metric, TopK = topK,
            });

        /// <summary>Nearest-neighbour gene mapper, with all options.</summary>
        /// <param name="options">The options.</param>
        public NearestGeneMappingEstimator MapNearestGenes(NearestGeneMappingEstimator.Options options) => new(_mlContext, options);

        /// <summary>Stage 1: counts of each species onto the shared gene features.</summary>
        /// <param name="space">The shared gene space.</param>
        /// <param name="outputColumnName">The shared-feature counts column.</param>
        /// <param name="inputColumnName">The counts column, in each species' model gene order.</param>
        public SharedGeneSpaceEstimator MapToSharedGenes(
            SharedGeneSpace space,
            string outputColumnName = SharedGeneSpaceEstimator.Defaults.OutputColumnName,
            string inputColumnName = SharedGeneSpaceEstimator.Defaults.InputColumnName) =>
            new(_mlContext, new SharedGeneSpaceEstimator.Options { Space = space, OutputColumnName = outputColumnName, InputColumnName = inputColumnName });

        /// <summary>Stage 1, with all options.</summary>
        /// <param name="options">The options.</param>
        public SharedGeneSpaceEstimator MapToSharedGenes(SharedGeneSpaceEstimator.Options options) => new(_mlContext, options);

        /// <summary>Stage 2: library-size normalisation and log1p.</summary>
        /// <param name="outputColumnName">The log-normalised column.</param>
        /// <param name="inputColumnName">The raw counts column.</param>
        /// <param name="targetSum">The target sum.</param>
        public LogNormalizingEstimator LogNormalize(
            string outputColumnName = LogNormalizingEstimator.Defaults.OutputColumnName,
            string inputColumnName = LogNormalizingEstimator.Defaults.InputColumnName,
            float targetSum = LogNormalizingEstimator.Defaults.TargetSum) =>
            new(_mlContext, new LogNormalizingEstimator.Options { OutputColumnName = outputColumnName, InputColumnName = inputColumnName, TargetSum = targetSum });

        /// <summary>Stage 2, with all options.</summary>
        /// <param name="options">The options.</param>
        public LogNormalizingEstimator LogNormalize(LogNormalizingEstimator.Options options) => new(_mlContext, options);

        /// <summary>Stage 3: Seurat v3 highly variable genes, species as batches.</summary>
        /// <param name="outputColumnName">The selected genes' column.</param>
        /// <param name="inputColumnName">The column whose selected genes are kept.</param>
        /// <param name="countsColumnName">The raw counts the genes are selected on.</param>
        /// <param name="topGenes">How many genes.</param>
        public VariableGeneSelectingEstimator SelectVariableGenes(
            string outputColumnName = VariableGeneSelectingEstimator.Defaults.OutputColumnName,
            string inputColumnName = VariableGeneSelectingEstimator.Defaults.InputColumnName,
            string countsColumnName = VariableGeneSelectingEstimator.Defaults.CountsColumnName,
            int topGenes = VariableGeneSelectingEstimator.Defaults.TopGenes) =>
            new(_mlContext, new VariableGeneSelectingEstimator.Options
            {
                OutputColumnName = outputColumnName, InputColumnName = inputColumnName, CountsColumnName = countsColumnName, TopGenes = topGenes,
            });

        /// <summary>Stage 3, with all options.</summary>
        /// <param name="options">The options.</param>
        public VariableGeneSelectingEstimator SelectVariableGenes(VariableGeneSelectingEstimator.Options options) => new(_mlContext, options);

        /// <summary>Stage 4: standardise and clip.</summary>
        /// <param name="outputColumnName">The scaled column.</param>
        /// <param name="inputColumnName">The column to scale.</param>
        /// <param name="maxValue">The clip value.</param>
        public GeneScalingEstimator ScaleGenes(
            string outputColumnName = GeneScalingEstimator.Defaults.OutputColumnName,
            string inputColumnName = GeneScalingEstimator.Defaults.InputColumnName,
            float maxValue = GeneScalingEstimator.Defaults.MaxValue) =>
            new(_mlContext, new GeneScalingEstimator.Options { OutputColumnName = outputColumnName, InputColumnName = inputColumnName, MaxValue = maxValue });

        /// <summary>Stage 4, with all options.</summary>
        /// <param name="options">The options.</param>
        public GeneScalingEstimator ScaleGenes(GeneScalingEstimator.Options options) => new(_mlContext, options);

        /// <summary>Stage 5: principal components.</summary>
        /// <param name="outputColumnName">The scores column.</param>
        /// <param name="inputColumnName">The column to project.</param>
        /// <param name="components">Number of components.</param>
        /// <param name="seed">Eigen-solver seed.</param>
        public PrincipalComponentsEstimator ProjectToPrincipalComponents(
            string outputColumnName = PrincipalComponentsEstimator.Defaults.OutputColumnName,
            string inputColumnName = PrincipalComponentsEstimator.Defaults.InputColumnName,
            int components = PrincipalComponentsEstimator.Defaults.Components,
            int seed = PrincipalComponentsEstimator.Defaults.Seed) =>
            new(_mlContext, new PrincipalComponentsEstimator.Options
            {
                OutputColumnName = outputColumnName, InputColumnName = inputColumnName, Components = components, Seed = seed,
            });

        /// <summary>Stage 5, with all options.</summary>
        /// <param name="options">The options.</param>
        public PrincipalComponentsEstimator ProjectToPrincipalComponents(PrincipalComponentsEstimator.Options options) => new(_mlContext, options);
    }

    /// <summary>The trainers of <see cref="SingleCellCatalog"/>.</summary>
    public sealed class SingleCellTrainers
    {
        private readonly MLContext _mlContext;

        internal SingleCellTrainers(MLContext mlContext) => _mlContext = mlContext;

        /// <summary>Stage 6: Harmony integration.</summary>
        /// <param name="outputColumnName">The embedding column.</param>
        /// <param name="inputColumnName">The PCA scores column.</param>
        /// <param name="harmony">Harmony's parameters; the published defaults when null.</param>
        /// <param name="useDonor">Donor as a second covariate.</param>
        public HarmonyIntegrationEstimator IntegrateHarmony(
            string outputColumnName = HarmonyIntegrationEstimator.Defaults.OutputColumnName,
            string inputColumnName = HarmonyIntegrationEstimator.Defaults.InputColumnName,
            HarmonyOptions? harmony = null,
            bool useDonor = HarmonyIntegrationEstimator.Defaults.UseDonor) =>
            new(_mlContext, new HarmonyIntegrationEstimator.Options
            {
                OutputColumnName = outputColumnName, InputColumnName = inputColumnName, Harmony = harmony ?? new HarmonyOptions(), UseDonor = useDonor,
            });

        /// <summary>Stage 6, with all options.</summary>
        /// <param name="options">The options.</param>
        public HarmonyIntegrationEstimator IntegrateHarmony(HarmonyIntegrationEstimator.Options options) => new(_mlContext, options);

        /// <summary>Stage 6 as a deep network (scVI, scANVI) trained by <see cref="LatentIntegrationEstimator.Options.Trainer"/> and served managed.</summary>
        /// <param name="options">The trainer, genes and columns.</param>
        public LatentIntegrationEstimator IntegrateLatent(LatentIntegrationEstimator.Options options) => new(_mlContext, options);

        /// <summary>The whole cell-level chain (stages 1–6 and the cell-type classifier) as one estimator.</summary>
        /// <param name="space">The shared gene space.</param>
        /// <param name="options">Parameters; defaults when null.</param>
        public SingleCellPipelineEstimator AnnotateCellTypes(SharedGeneSpace space, SingleCellPipelineOptions? options = null) =>
            new(_mlContext, space, options);
    }
}
