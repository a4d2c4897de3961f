using System.Text.Json;
using Microsoft.ML;
using Microsoft.ML.Data;
using PllmML.Data.Orthologs;
using PllmML.Deep;
using PllmML.Trainers.Deep;
using PllmML.Trainers.Integration;
using PllmML.Trainers.SingleCell;
using PllmML.Transforms.Homology;
using PllmML.Transforms.Proteins;
using PllmML.Transforms.SingleCell;

namespace PllmML.Trainers.Tests.Contract;

/// <summary>
/// Every public PllmML estimator keeps <see cref="EstimatorContract"/> (ML.NET's <c>TestEstimatorCore</c>), built
/// through <c>mlContext.SingleCell()</c> on small synthetic data generated here (two species, three cell types) and
/// on the bundled tiny ESM-2 ONNX export. <see cref="EveryPublicEstimator_IsCovered"/> keeps the list complete.
/// </summary>
public sealed class EstimatorContractTests
{
    private static readonly Dictionary<string, (Type Estimator, Action Verify)> Cases = new()
    {
        ["MapToSharedGenes"] = (typeof(SharedGeneSpaceEstimator), () => VerifyStage(0, c => c.Transforms.MapToSharedGenes(Cells.Space))),
        ["MapToSharedGenes (custom columns)"] = (typeof(SharedGeneSpaceEstimator), () => VerifyStage(0, c => c.Transforms.MapToSharedGenes(
            new SharedGeneSpaceEstimator.Options { Space = Cells.Space, OutputColumnName = "X_shared" }))),
        ["LogNormalize"] = (typeof(LogNormalizingEstimator), () => VerifyStage(1, c => c.Transforms.LogNormalize())),
        ["LogNormalize (custom columns)"] = (typeof(LogNormalizingEstimator), () => VerifyStage(1, c => c.Transforms.LogNormalize("LogCounts", targetSum: 1e4f))),
        ["SelectVariableGenes"] = (typeof(VariableGeneSelectingEstimator), () => VerifyStage(2, c => c.Transforms.SelectVariableGenes(topGenes: Cells.TopGenes))),
        ["ScaleGenes"] = (typeof(GeneScalingEstimator), () => VerifyStage(3, c => c.Transforms.ScaleGenes())),
        ["ScaleGenes (in place)"] = (typeof(GeneScalingEstimator), () => VerifyStage(3, c => c.Transforms.ScaleGenes(
            new GeneScalingEstimator.Options { InputColumnName = SingleCellColumns.VariableGenes, OutputColumnName = SingleCellColumns.VariableGenes, MaxValue = 5 }))),
        ["ProjectToPrincipalComponents"] = (typeof(PrincipalComponentsEstimator), () => VerifyStage(4, c => c.Transforms.ProjectToPrincipalComponents(components: Cells.Components))),
        ["IntegrateHarmony"] = (typeof(HarmonyIntegrationEstimator), () => VerifyStage(5, c => c.Trainers.IntegrateHarmony())),
        ["IntegrateHarmony (obsm-style columns)"] = (typeof(HarmonyIntegrationEstimator), VerifyHarmonyOnRenamedColumns),
        ["IntegrateLatent (scVI)"] = (typeof(LatentIntegrationEstimator), () => VerifyStage(5, c => c.Trainers.IntegrateLatent(new LatentIntegrationEstimator.Options
        {
            Trainer = new ScviIntegrationTrainer(new ScviOptions { NHidden = 8, NLatent = 3, MaxEpochs = 2, BatchSize = 32, KlWarmupEpochs = 2, Threads = 1 }),
        }))),
        ["AnnotateCellTypes"] = (typeof(SingleCellPipelineEstimator), VerifyPipeline),
        ["MapNearestGenes"] = (typeof(NearestGeneMappingEstimator), VerifyNearestGenes),
        ["EmbedProteins"] = (typeof(EmbedProteinsEstimator), VerifyEmbedProteins),
    };

    public static TheoryData<string> Names => [.. Cases.Keys];

    [Theory]
    [MemberData(nameof(Names))]
    public void Estimator_KeepsTheMlNetContract(string name) => Cases[name].Verify();

    [Fact]
    public void EveryPublicEstimator_IsCovered()
    {
        var estimators = new[] { typeof(SharedGeneSpaceEstimator).Assembly, typeof(HarmonyIntegrationEstimator).Assembly }
            .SelectMany(assembly => assembly.GetExportedTypes())
            .Where(type => !type.IsAbstract && type.GetInterfaces().Any(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IEstimator<>)))
            .ToArray();

        Assert.Contains(typeof(SingleCellPipelineEstimator), estimators);
        Assert.Empty(estimators.Except(Cases.Values.Select(c => c.Estimator)));
    }

    [Fact]
    public void CustomColumns_GiveTheValuesOfTheDefaultColumns()
    {
        var (fit, _) = Cells.StageInputs(1);
        var mlContext = new MLContext(0);
        var standard = mlContext.SingleCell().Transforms.LogNormalize().Fit(fit).Transform(fit);
        var renamed = mlContext.SingleCell().Transforms.LogNormalize("LogCounts").Fit(fit).Transform(fit);

        Assert.Equal(
            DataViewColumns.ReadMatrix(standard, SingleCellColumns.Normalized).Values,
            DataViewColumns.ReadMatrix(renamed, "LogCounts").Values);
        Assert.Null(renamed.Schema.GetColumnOrNull(SingleCellColumns.Normalized));
    }

    [Fact]
    public void Options_AreCopied_SoChangingThemAfterwardsChangesNothing()
    {
        var (fit, _) = Cells.StageInputs(3);
        var options = new GeneScalingEstimator.Options { MaxValue = 1 };
        var estimator = new MLContext(0).SingleCell().Transforms.ScaleGenes(options);
        options.MaxValue = 1000;
        options.OutputColumnName = "Elsewhere";

        var scaled = estimator.Fit(fit);

        Assert.Equal(1f, scaled.Scaling.MaxValue);
        Assert.Equal(1f, DataViewColumns.ReadMatrix(scaled.Transform(fit), SingleCellColumns.Scaled).Values.Max());
    }

    [Fact]
    public void Verify_AModelThatReloadsWithOtherValues_Fails()
    {
        var (fit, _) = Cells.StageInputs(1);
        var other = new MLContext(0).SingleCell().Transforms.LogNormalize(targetSum: 100).Fit(fit);
        var roundTrip = new ModelRoundTrip((_, _, _, path) => File.WriteAllText(path, string.Empty), (_, _) => other);

        var error = Assert.ThrowsAny<Exception>(() => EstimatorContract.Verify(new MLContext(0).SingleCell().Transforms.LogNormalize(), fit, null, null, roundTrip));
        Assert.Contains("original vs reloaded", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Verify_AnEstimatorThatAcceptsInvalidInput_Fails()
    {
        var (fit, _) = Cells.StageInputs(1);

        var error = Assert.ThrowsAny<Exception>(() => EstimatorContract.Verify(new MLContext(0).SingleCell().Transforms.LogNormalize(), fit, null, fit));
        Assert.Contains("did not throw", error.Message, StringComparison.Ordinal);
    }

    private static void VerifyStage<T>(int stage, Func<SingleCellCatalog, IEstimator<T>> create)
        where T : class, ITransformer
    {
        var (fit, transform) = Cells.StageInputs(stage);
        EstimatorContract.Verify(create(new MLContext(0).SingleCell()), fit, transform, Cells.Invalid(stage));
    }

    private static void VerifyHarmonyOnRenamedColumns()
    {
        var mlContext = new MLContext(0);
        var (fit, transform) = Cells.StageInputs(5);
        var rename = mlContext.Transforms.CopyColumns("X_pca", SingleCellColumns.Pca).Append(mlContext.Transforms.DropColumns(SingleCellColumns.Pca)).Fit(fit);
        var estimator = mlContext.SingleCell().Trainers.IntegrateHarmony(new HarmonyIntegrationEstimator.Options
        {
            InputColumnName = "X_pca", OutputColumnName = "X_pca_harmony",
        });

        var (fitted, _) = EstimatorContract.Verify(estimator, rename.Transform(fit), rename.Transform(transform), fit);

        var renamed = fitted.Transform(rename.Transform(fit));
        var standard = mlContext.SingleCell().Trainers.IntegrateHarmony().Fit(fit).Transform(fit);
        Assert.Equal(DataViewColumns.ReadMatrix(standard, SingleCellColumns.Embedding).Values, DataViewColumns.ReadMatrix(renamed, "X_pca_harmony").Values);
        Assert.Null(renamed.Schema.GetColumnOrNull(SingleCellColumns.Pca));
        Assert.Null(renamed.Schema.GetColumnOrNull(SingleCellColumns.Embedding));
    }

    private static void VerifyPipeline()
    {
        var mlContext = new MLContext(0);
        var estimator = mlContext.SingleCell().Trainers.AnnotateCellTypes(Cells.Space, new SingleCellPipelineOptions
        {
            TopGenes = Cells.TopGenes, Components = Cells.Components,
        });

        var (fitted, _) = EstimatorContract.Verify(estimator, Cells.Training, Cells.New, Cells.Invalid(0));

        // The three cell types are separable: the classifier recovers most training labels.
        var predicted = DataViewColumns.ReadText(fitted.Transform(Cells.Training), "PredictedLabel");
        var labels = DataViewColumns.ReadText(Cells.Training, SingleCellColumns.Label);
        Assert.True(predicted.Zip(labels).Count(pair => pair.First == pair.Second) >= 0.9 * labels.Length);
    }

    private static void VerifyNearestGenes()
    {
        var mlContext = new MLContext(0);
        var random = new Random(20231204);
        float[] Vector() => [.. Enumerable.Range(0, GeneRow.Width).Select(_ => (float)random.NextDouble())];
        var speciesB = Enumerable.Range(0, 12).Select(i => new GeneRow { Gene = $"Gene{i}", Embedding = Vector() }).ToArray();
        var speciesA = Enumerable.Range(0, 6).Select(i => new GeneRow
        {
            Gene = $"GENE{i}", Embedding = [.. speciesB[(i * 5) % 12].Embedding.Select(v => v + (float)(0.1 * random.NextDouble()))],
        }).ToArray();
        var roundTrip = new ModelRoundTrip(
            (context, model, schema, path) => NearestGeneMappingModel.Save(context, model, schema, path),
            (context, path) => NearestGeneMappingModel.Load(context, path, out _));

        var (fitted, _) = EstimatorContract.Verify(
            mlContext.SingleCell().Transforms.MapNearestGenes(topK: 3),
            mlContext.Data.LoadFromEnumerable(speciesB),
            mlContext.Data.LoadFromEnumerable(speciesA),
            mlContext.Data.LoadFromEnumerable(speciesA.Select(row => new SequenceRow { Sequence = row.Gene })),
            roundTrip);

        // Each species-A gene is a slightly perturbed species-B embedding: its nearest gene is that one.
        Assert.Equal(
            speciesA.Select((_, i) => $"Gene{(i * 5) % 12}"),
            DataViewColumns.ReadText(fitted.Transform(mlContext.Data.LoadFromEnumerable(speciesA)), "MatchedGene"));
    }

    private static void VerifyEmbedProteins()
    {
        var tiny = TestPaths.Bundled("esm2", "tiny");
        using var json = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(tiny, "golden.json")));
        var sequences = json.RootElement.GetProperty("sequences").EnumerateArray()
            .Select(s => s.GetProperty("sequence").GetString()!).Where(s => !s.Contains('<', StringComparison.Ordinal)).Take(3).ToArray();
        var mlContext = new MLContext(0);
        var estimator = mlContext.SingleCell().Transforms.EmbedProteins("Embedding", Path.Combine(tiny, "onnx", "model.onnx"), "Sequence");

        EstimatorContract.Verify(
            estimator,
            mlContext.Data.LoadFromEnumerable(sequences.Take(2).Select(s => new SequenceRow { Sequence = s })),
            mlContext.Data.LoadFromEnumerable(sequences.Skip(2).Select(s => new SequenceRow { Sequence = s })),
            mlContext.Data.LoadFromEnumerable(sequences.Select(s => new GeneRow { Gene = s, Embedding = new float[GeneRow.Width] })));
    }

    private sealed class GeneRow
    {
        public const int Width = 16;

        public string Gene { get; set; } = string.Empty;

        [VectorType(Width)]
        public float[] Embedding { get; set; } = [];
    }

    private sealed class SequenceRow
    {
        public string Sequence { get; set; } = string.Empty;
    }

    private sealed class SpeciesOnlyRow
    {
        public string Species { get; set; } = string.Empty;

        public string Label { get; set; } = string.Empty;
    }

    /// <summary>
    /// Two species of synthetic counts: 60 genes each, 50 of them one-to-one homologs; three cell types, each with
    /// ten marker genes five times higher; the mouse with a species effect on a third of the genes.
    /// </summary>
    private static class Cells
    {
        public const int TopGenes = 20;
        public const int Components = 8;
        private const int Genes = 60;
        private const int Homologs = 50;
        private static readonly string[] Types = ["alpha", "beta", "delta"];
        private static readonly MLContext Context = new(0);
        private static readonly Lazy<SharedGeneSpace> SpaceLazy = new(() => SharedGeneSpace.Build(
            "human",
            new Dictionary<string, IReadOnlyList<string>>
            {
                ["human"] = [.. Enumerable.Range(0, Genes).Select(g => $"H{g}")],
                ["mouse"] = [.. Enumerable.Range(0, Genes).Select(g => $"m{g}")],
            },
            new Dictionary<string, GenePairTable>
            {
                ["mouse"] = GenePairTable.Create("human", "mouse", Enumerable.Range(0, Homologs).Select(g => new GenePair($"H{g}", $"m{g}"))),
            },
            HomologyStrategy.OneToOne));

        private static readonly Lazy<IDataView> TrainingLazy = new(() => Generate(seed: 11, cellsPerSpecies: 45, labelled: true));
        private static readonly Lazy<IDataView> NewLazy = new(() => Generate(seed: 12, cellsPerSpecies: 15, labelled: false));
        private static readonly Lazy<ITransformer>[] Upstream = [.. Enumerable.Range(0, 6).Select(stage => new Lazy<ITransformer>(() => FitUpstream(stage)))];

        public static SharedGeneSpace Space => SpaceLazy.Value;

        public static IDataView Training => TrainingLazy.Value;

        public static IDataView New => NewLazy.Value;

        /// <summary>The fit and transform inputs of a stage: the cells through the stages before it, cached.</summary>
        public static (IDataView Fit, IDataView Transform) StageInputs(int stage) => stage == 0
            ? (Training, New)
            : (Context.Data.Cache(Upstream[stage].Value.Transform(Training)), Context.Data.Cache(Upstream[stage].Value.Transform(New)));

        /// <summary>Input without the column the stage reads: the raw cells (stage 0: species and labels only).</summary>
        public static IDataView Invalid(int stage) => stage == 0
            ? Context.Data.LoadFromEnumerable(new[] { new SpeciesOnlyRow { Species = "human", Label = "alpha" } })
            : Training;

        private static ITransformer FitUpstream(int stage)
        {
            var catalog = Context.SingleCell();
            IEstimator<ITransformer>[] stages =
            [
                catalog.Transforms.MapToSharedGenes(Space),
                catalog.Transforms.LogNormalize(),
                catalog.Transforms.SelectVariableGenes(topGenes: TopGenes),
                catalog.Transforms.ScaleGenes(),
                catalog.Transforms.ProjectToPrincipalComponents(components: Components),
            ];
            var chain = new EstimatorChain<ITransformer>();
            foreach (var estimator in stages.Take(stage))
            {
                chain = chain.Append(estimator);
            }

            return chain.Fit(Training);
        }

        private static IDataView Generate(int seed, int cellsPerSpecies, bool labelled)
        {
            var random = new Random(seed);
            var baseline = Enumerable.Range(0, Genes).Select(_ => Math.Exp(random.NextDouble() * 2)).ToArray();
            var rows = new List<CellRow>();
            foreach (var species in new[] { "human", "mouse" })
            {
                var map = Space[species];
                for (var cell = 0; cell < cellsPerSpecies; cell++)
                {
                    var type = cell % Types.Length;
                    var counts = new float[map.ModelGenes.Count];
                    for (var g = 0; g < counts.Length; g++)
                    {
                        var gene = int.Parse(map.ModelGenes[g].AsSpan(1), System.Globalization.CultureInfo.InvariantCulture);
                        var mean = baseline[gene] * (gene / 10 == type ? 5 : 1) * (species == "mouse" && gene % 3 == 0 ? 2 : 1);
                        counts[g] = RandomCounts.Poisson(random, mean);
                    }

                    rows.Add(new CellRow { Species = species, Counts = new VBuffer<float>(counts.Length, counts), Label = labelled ? Types[type] : string.Empty });
                }
            }

            return Context.Data.LoadFromEnumerable(rows);
        }
    }
}
